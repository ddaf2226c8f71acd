// Builders that drive a service order to each point of its life through the real calls, and the test's
// own model of who a person is to an order (domain.md "Who uses it"), for deriving what the lifecycle
// tables allow them. Nothing here asks the code under test what it thinks: the model reads the stored
// facts (who ordered, who holds which claim, where it was sent) and the scenario's own history.
import { orderApi } from '../../shared/contracts/order'
import type { ClaimState } from '../../shared/lifecycles/claim'
import type { OrderAction, OrderActor, OrderState } from '../../shared/lifecycles/order'
import type { Role } from '../../shared/roles'
import type { TestCloud, TestUser } from './localCloud'
import { acceptInput, must, orderInput, type Cast } from './orders'

type Run = (env: TestCloud, c: Cast, id: string) => Promise<unknown>
type Who = 'resident' | 'admin' | 'member' | 'member2' | 'street' | 'dept'

/** One move of a scenario: what it is, who makes it (a member of the cast), and the real call. */
export interface Step {
  action: OrderAction
  who: Who
  run: Run
}
const by = (action: OrderAction, who: Who, payload: (env: TestCloud, id: string) => Record<string, unknown>): Step => ({
  action,
  who,
  run: (env, c, id) => must(c[who].call('order', action, payload(env, id))),
})

export const step = {
  accept: by('accept', 'admin', (env, id) => acceptInput(env, id, { slots: 2, membersOnly: true, points: 20, hours: 2 })),
  acceptOne: by('accept', 'admin', (env, id) => acceptInput(env, id, { slots: 1, membersOnly: true, points: 20, hours: 2 })),
  reject: by('reject', 'admin', (_e, id) => ({ orderId: id, reason: '不属于社区服务范围' })),
  withdraw: by('withdraw', 'resident', (_e, id) => ({ orderId: id, reason: '已经自己修好了' })),
  escalateDept: by('escalate', 'admin', (_e, id) => ({ orderId: id, to: 'department', departmentId: 'd1', colour: 'red', reason: '需要城管执法' })),
  escalateStreet: by('escalate', 'admin', (_e, id) => ({ orderId: id, to: 'street', colour: 'yellow', reason: '社区协调不了' })),
  dispatchDept: by('dispatch', 'admin', (_e, id) => ({ orderId: id, assignee: { type: 'department', id: 'd1' } })),
  streetDispatchDept: by('dispatch', 'street', (_e, id) => ({ orderId: id, assignee: { type: 'department', id: 'd1' } })),
  publish: by('publish', 'admin', (_e, id) => ({ orderId: id })),
  claim: by('claim', 'member', (_e, id) => ({ orderId: id })),
  claim2: by('claim', 'member2', (_e, id) => ({ orderId: id })),
  start: by('start', 'member', (_e, id) => ({ orderId: id })),
  start2: by('start', 'member2', (_e, id) => ({ orderId: id })),
  startDept: by('start', 'dept', (_e, id) => ({ orderId: id })),
  complete: by('complete', 'member', (_e, id) => ({ orderId: id, note: '已更换灯泡', photos: [] })),
  completeDept: by('complete', 'dept', (_e, id) => ({ orderId: id, note: '已清理', photos: [] })),
  dispute: by('dispute', 'resident', (_e, id) => ({ orderId: id, reason: '灯还是不亮' })),
  confirm: by('confirm', 'resident', (_e, id) => ({ orderId: id })),
  rate: by('rate', 'resident', (_e, id) => ({ orderId: id, stars: 5, comment: '很及时' })),
  close: by('close', 'admin', (_e, id) => ({ orderId: id, code: 'solved', note: '已修好' })),
  reopen: by('reopen', 'resident', (_e, id) => ({ orderId: id, reason: '灯又不亮了' })),
} satisfies Record<string, Step>

// A member dispatched the work holds a claim; hall work is claimed, started and reported in the hall.
const dispatchMember: Step = {
  action: 'dispatch',
  who: 'admin',
  run: (_e, c, id) => must(c.admin.call('order', 'dispatch', { orderId: id, assignee: { type: 'member', id: c.member.openid } })),
}

/** Two places; one claimer reports while the other is free, so the free place is withdrawn and the work is done. */
const toDone: Step[] = [step.accept, step.publish, step.claim, step.start, step.complete]

/**
 * Every state of the table, several times where who is related to the order, or how far its claims
 * are, differs (a department or a member as assignee; the street called up or not; hall work with
 * places free, taken, started, reported).
 */
export const SCENARIOS: Record<string, { state: OrderState; steps: Step[] }> = {
  submitted: { state: 'submitted', steps: [] },
  accepted: { state: 'accepted', steps: [step.accept] },
  rejected: { state: 'rejected', steps: [step.reject] },
  withdrawn: { state: 'withdrawn', steps: [step.withdraw] },
  'escalated to a department': { state: 'escalated', steps: [step.accept, step.escalateDept] },
  'escalated to the street before acceptance': { state: 'escalated', steps: [step.escalateStreet] },
  'dispatched to a department': { state: 'dispatched', steps: [step.accept, step.dispatchDept] },
  'dispatched to a member': { state: 'dispatched', steps: [step.accept, dispatchMember] },
  'dispatched by the street to a department': { state: 'dispatched', steps: [step.escalateStreet, step.streetDispatchDept] },
  published: { state: 'published', steps: [step.accept, step.publish] },
  'published, 1 of 2 places claimed': { state: 'published', steps: [step.accept, step.publish, step.claim] },
  'published, claimed and started': { state: 'published', steps: [step.accept, step.publish, step.claim, step.start] },
  'published, its one place taken and started': { state: 'published', steps: [step.acceptOne, step.publish, step.claim, step.start] },
  'published, one claimer reported, the other still working': {
    state: 'published',
    steps: [step.accept, step.publish, step.claim, step.claim2, step.start, step.start2, step.complete],
  },
  'in_progress by a dispatched member': { state: 'in_progress', steps: [step.accept, dispatchMember, step.start] },
  'in_progress by a department': { state: 'in_progress', steps: [step.accept, step.dispatchDept, step.startDept] },
  done: { state: 'done', steps: toDone },
  'done by a department': { state: 'done', steps: [step.accept, step.dispatchDept, step.startDept, step.completeDept] },
  'disputed back to the hall': { state: 'published', steps: [...toDone, step.dispute] },
  confirmed: { state: 'confirmed', steps: [...toDone, step.confirm] },
  rated: { state: 'rated', steps: [...toDone, step.confirm, step.rate] },
  closed: { state: 'closed', steps: [...toDone, step.confirm, step.rate, step.close] },
  reopened: { state: 'reopened', steps: [...toDone, step.confirm, step.rate, step.close, step.reopen] },
}
export type Scenario = keyof typeof SCENARIOS

/** What the scenario itself knows of its order's history (not read from the code under test). */
export interface History {
  /** The last move that changed the order's state, and who made it: the one a retry would repeat. */
  lastMove?: { action: OrderAction; openid: string }
  /** Whether the order was ever called up (吹哨) to the street. */
  calledUp: boolean
}

/** A fresh order (submitted by c.resident in grid c1-g1), driven to the scenario's state, with its history. */
export async function drive(env: TestCloud, c: Cast, scenario: Scenario, submit: Record<string, unknown> = {}): Promise<{ id: string; history: History }> {
  const o = await must(c.resident.call('order', 'submit', orderInput(submit)))
  const history: History = { calledUp: false }
  let status: string = env.find('orders', o.id).status
  for (const s of SCENARIOS[scenario].steps) {
    await s.run(env, c, o.id)
    const now: string = env.find('orders', o.id).status
    if (now !== status) history.lastMove = { action: s.action, openid: c[s.who].openid }
    status = now
    if (s === step.escalateStreet) history.calledUp = true
  }
  return { id: o.id, history }
}

export async function orderIn(env: TestCloud, c: Cast, scenario: Scenario, submit: Record<string, unknown> = {}): Promise<string> {
  return (await drive(env, c, scenario, submit)).id
}

// ---- who is who -------------------------------------------------------------------------------

/** The kinds of caller the matrix walks: the table's actors, plus outsiders who must learn nothing. */
export const PEOPLE = ['orderer', 'gridWorker', 'communityAdmin', 'streetAdmin', 'assignee', 'claimer', 'candidate', 'otherAdmin', 'otherResident', 'volunteer'] as const
export type Person = (typeof PEOPLE)[number]

/** What the test knows of each person of the cast: their roles and scope (as test/support/orders.ts makes them). */
export interface Facts {
  user: TestUser
  roles: Role[]
  community?: string
  grid?: string
  street?: string
  department?: string
}

export function facts(c: Cast): Record<Exclude<Person, 'assignee'> | 'dept' | 'member', Facts> {
  return {
    orderer: { user: c.resident, roles: ['resident'], community: 'c1', grid: 'c1-g1', street: 's1' },
    gridWorker: { user: c.grid, roles: ['resident', 'gridWorker'], community: 'c1', grid: 'c1-g1', street: 's1' },
    communityAdmin: { user: c.admin, roles: ['resident', 'communityAdmin'], community: 'c1', street: 's1' },
    streetAdmin: { user: c.street, roles: ['streetAdmin'], street: 's1' },
    dept: { user: c.dept, roles: ['department'], street: 's1', department: 'd1' },
    member: { user: c.member, roles: ['resident', 'member'], community: 'c1', street: 's1' },
    claimer: { user: c.member, roles: ['resident', 'member'], community: 'c1', street: 's1' },
    candidate: { user: c.member2, roles: ['resident', 'member'], community: 'c1', street: 's1' },
    otherAdmin: { user: c.otherAdmin, roles: ['resident', 'communityAdmin'], community: 'c2', street: 's1' },
    otherResident: { user: c.outsider, roles: ['resident'], community: 'c2', street: 's1' },
    volunteer: { user: c.volunteer, roles: ['resident', 'volunteer'], community: 'c1', street: 's1' },
  }
}

/**
 * Who plays each part for a stored order: the assignee is whoever it was dispatched to (the department's
 * worker when nobody was); the claimer is the member who claims in the builders, the candidate the other.
 */
export function playerOf(c: Cast, o: { assignee?: { type: string; id: string } }, p: Person): Facts {
  const f = facts(c)
  if (p === 'assignee') return o.assignee?.type === 'member' ? f.member : f.dept
  return f[p]
}

export interface StoredClaim {
  openid: string
  status: ClaimState
  viaDispatch?: boolean
}

export interface StoredOrder {
  status: OrderState
  ordererId: string
  communityId: string
  gridId: string
  streetId: string
  membersOnly: boolean
  held: boolean
  slots: number
  claims: StoredClaim[]
  claimerIds: string[]
  alsoAffected: string[]
  acceptedAt?: unknown
  assignee?: { type: string; id: string }
  onBehalf?: unknown
}

const LIVE: readonly ClaimState[] = ['claimed', 'started', 'submitted']
/** The person's live claim (claimed, started or submitted): the claim that holds a place. */
export const liveClaimOf = (o: StoredOrder, openid: string) => o.claims.find((x) => x.openid === openid && LIVE.includes(x.status))
export const liveClaims = (o: StoredOrder) => o.claims.filter((x) => LIVE.includes(x.status))
/** Places nobody holds (hall work only). */
export const freePlaces = (o: StoredOrder) => Math.max(0, o.slots - liveClaims(o).length)

/** The person's relations to the order, as domain.md defines them. */
export function relationsOf(o: StoredOrder, f: Facts, h: Pick<History, 'calledUp'>): OrderActor[] {
  const out: OrderActor[] = []
  const id = f.user.openid
  const inCommunity = f.community === o.communityId
  if (o.ordererId === id) out.push('orderer')
  if (f.roles.includes('gridWorker') && inCommunity && f.grid === o.gridId) out.push('gridWorker')
  if (f.roles.includes('communityAdmin') && inCommunity) out.push('communityAdmin')
  // The street is related only to what was called up to it.
  if (f.roles.includes('streetAdmin') && f.street === o.streetId && h.calledUp) out.push('streetAdmin')
  const a = o.assignee
  if (a && ((a.type === 'member' && a.id === id) || (a.type === 'department' && f.department === a.id))) out.push('assignee')
  const claimer = !!liveClaimOf(o, id)
  if (claimer) out.push('claimer')
  const mayClaim = inCommunity && (f.roles.includes('member') || (f.roles.includes('volunteer') && !o.membersOnly))
  if (mayClaim && !claimer) out.push('candidate')
  return out
}

/** Everyone related to the order but a mere candidate sees it in full. */
export const entitledBy = (rel: readonly OrderActor[]) => rel.some((r) => r !== 'candidate')

/**
 * Who may see the order at all: the entitled; candidates while it is in the hall with a place free;
 * neighbours who said 我也遇到; people who once held a claim on it. All but the entitled see it masked.
 */
export function mayView(o: StoredOrder, f: Facts, rel: readonly OrderActor[]): boolean {
  if (entitledBy(rel)) return true
  const id = f.user.openid
  if (o.alsoAffected.includes(id) || o.claims.some((x) => x.openid === id)) return true
  return rel.includes('candidate') && o.status === 'published' && freePlaces(o) > 0 && !o.held
}

/** Whether the call's contract lets this person call it at all (its role list, any scope). */
export function contractAdmits(action: OrderAction, f: Facts): boolean {
  const roles = orderApi[action].roles
  return !roles || roles.some((r) => f.roles.includes(r))
}

/** A valid payload of each action of the table. */
export function validPayload(env: TestCloud, action: OrderAction, orderId: string): Record<string, unknown> {
  switch (action) {
    case 'withdraw':
      return { orderId, reason: '不需要了' }
    case 'accept':
      return acceptInput(env, orderId, { slots: 2, membersOnly: true, points: 20, hours: 2 })
    case 'reject':
      return { orderId, reason: '不属于社区服务范围' }
    case 'escalate':
      return { orderId, to: 'department', departmentId: 'd1', colour: 'red', reason: '需要职能部门处理' }
    case 'dispatch':
      return { orderId, assignee: { type: 'department', id: 'd1' }, note: '请尽快处理' }
    case 'publish':
      return { orderId, note: '需要两位志愿者' }
    case 'claim':
    case 'start':
      return { orderId }
    case 'release':
      return { orderId, reason: '临时有事' }
    case 'complete':
      return { orderId, note: '已处理完毕', photos: [] }
    case 'return':
      return { orderId, reason: '不属于我们的职责' }
    case 'confirm':
      return { orderId, note: '满意' }
    case 'dispute':
      return { orderId, reason: '问题没有解决' }
    case 'rate':
      return { orderId, stars: 4, comment: '挺好的' }
    case 'close':
      return { orderId, code: 'solved', note: '已办结' }
    case 'reopen':
      return { orderId, reason: '问题还在' }
  }
}

/** Everything stored about one order: the order (its claims and outbox inside), ledger entries, audit and notifications. */
export function snapshot(env: TestCloud, orderId: string) {
  const byId = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? -1 : 1)
  return {
    order: env.find('orders', orderId),
    ledger: env.findAll('ledger', { sourceId: orderId }).sort(byId),
    audit: env.findAll('audit', { targetId: orderId }).sort(byId),
    notifications: env.findAll('notifications', { _id: new RegExp(orderId) }).sort(byId),
  }
}

/** Runs tasks a few at a time (a 2-core machine: enough to overlap waits, not to thrash). */
export async function inBatches<T, R>(items: readonly T[], size: number, run: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))))
  return out
}
