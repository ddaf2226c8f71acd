// Builders that drive a service order to each point of its life through the real calls, and the test's
// own model of who a person is to an order (domain.md "Who uses it"), for deriving what the lifecycle
// table allows them. Nothing here asks the code under test what it thinks.
import { orderApi } from '../../shared/contracts/order'
import type { OrderAction, OrderActor, OrderState } from '../../shared/lifecycles/order'
import type { Role } from '../../shared/roles'
import type { TestCloud, TestUser } from './localCloud'
import { acceptInput, must, orderInput, type Cast } from './orders'

type Step = (env: TestCloud, c: Cast, id: string) => Promise<unknown>

export const step = {
  accept: (env, c, id) => must(c.admin.call('order', 'accept', acceptInput(env, id, { slots: 2, membersOnly: true, points: 20, hours: 2 }))),
  reject: (_e, c, id) => must(c.admin.call('order', 'reject', { orderId: id, reason: '不属于社区服务范围' })),
  withdraw: (_e, c, id) => must(c.resident.call('order', 'withdraw', { orderId: id, reason: '已经自己修好了' })),
  escalateDept: (_e, c, id) => must(c.admin.call('order', 'escalate', { orderId: id, to: 'department', departmentId: 'd1', colour: 'red', reason: '需要城管执法' })),
  escalateStreet: (_e, c, id) => must(c.admin.call('order', 'escalate', { orderId: id, to: 'street', colour: 'yellow', reason: '社区协调不了' })),
  dispatchDept: (_e, c, id) => must(c.admin.call('order', 'dispatch', { orderId: id, assignee: { type: 'department', id: 'd1' } })),
  dispatchMember: (_e, c, id) => must(c.admin.call('order', 'dispatch', { orderId: id, assignee: { type: 'member', id: c.member.openid } })),
  publish: (_e, c, id) => must(c.admin.call('order', 'publish', { orderId: id })),
  claim: (_e, c, id) => must(c.member.call('order', 'claim', { orderId: id })),
  start: (_e, c, id) => must(c.member.call('order', 'start', { orderId: id })),
  startDept: (_e, c, id) => must(c.dept.call('order', 'start', { orderId: id })),
  complete: (_e, c, id) => must(c.member.call('order', 'complete', { orderId: id, note: '已更换灯泡', photos: [] })),
  confirm: (_e, c, id) => must(c.resident.call('order', 'confirm', { orderId: id })),
  rate: (_e, c, id) => must(c.resident.call('order', 'rate', { orderId: id, stars: 5, comment: '很及时' })),
  close: (_e, c, id) => must(c.admin.call('order', 'close', { orderId: id, code: 'solved', note: '已修好' })),
  reopen: (_e, c, id) => must(c.resident.call('order', 'reopen', { orderId: id, reason: '灯又不亮了' })),
} satisfies Record<string, Step>

const toDone: Step[] = [step.accept, step.publish, step.claim, step.start, step.complete]

/**
 * Every state of the table, some twice where who is related to the order differs (a department or a
 * member as assignee; claimed from the hall or dispatched).
 */
export const SCENARIOS: Record<string, { state: OrderState; steps: Step[] }> = {
  submitted: { state: 'submitted', steps: [] },
  accepted: { state: 'accepted', steps: [step.accept] },
  rejected: { state: 'rejected', steps: [step.reject] },
  withdrawn: { state: 'withdrawn', steps: [step.withdraw] },
  'escalated to a department': { state: 'escalated', steps: [step.accept, step.escalateDept] },
  'escalated to the street before acceptance': { state: 'escalated', steps: [step.escalateStreet] },
  'dispatched to a department': { state: 'dispatched', steps: [step.accept, step.dispatchDept] },
  'dispatched to a member': { state: 'dispatched', steps: [step.accept, step.dispatchMember] },
  published: { state: 'published', steps: [step.accept, step.publish] },
  'claimed (1 of 2 places)': { state: 'claimed', steps: [step.accept, step.publish, step.claim] },
  'in_progress by a claimer': { state: 'in_progress', steps: [step.accept, step.publish, step.claim, step.start] },
  'in_progress by a department': { state: 'in_progress', steps: [step.accept, step.dispatchDept, step.startDept] },
  done: { state: 'done', steps: toDone },
  confirmed: { state: 'confirmed', steps: [...toDone, step.confirm] },
  rated: { state: 'rated', steps: [...toDone, step.confirm, step.rate] },
  closed: { state: 'closed', steps: [...toDone, step.confirm, step.rate, step.close] },
  reopened: { state: 'reopened', steps: [...toDone, step.confirm, step.rate, step.close, step.reopen] },
}

/** A fresh order (submitted by c.resident in grid c1-g1), driven to the scenario's state. */
export async function orderIn(env: TestCloud, c: Cast, scenario: keyof typeof SCENARIOS, submit: Record<string, unknown> = {}): Promise<string> {
  const o = await must(c.resident.call('order', 'submit', orderInput(submit)))
  for (const s of SCENARIOS[scenario].steps) await s(env, c, o.id)
  return o.id
}

// ---- who is who -------------------------------------------------------------------------------

/** The kinds of caller the matrix walks: the table's actors, plus outsiders who must learn nothing. */
export const PEOPLE = ['orderer', 'gridWorker', 'communityAdmin', 'streetAdmin', 'assignee', 'claimer', 'candidate', 'otherAdmin', 'otherResident', 'volunteer'] as const
export type Person = (typeof PEOPLE)[number]

/** What the test knows of each person of the cast: their roles and scope (as test/support/orders.ts makes them). */
interface Facts {
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
 * worker when nobody was); the claimer is the member who claims in the builders.
 */
export function playerOf(c: Cast, o: { assignee?: { type: string; id: string } }, p: Person): Facts {
  const f = facts(c)
  if (p === 'assignee') return o.assignee?.type === 'member' ? f.member : f.dept
  return f[p]
}

interface StoredOrder {
  ordererId: string
  communityId: string
  gridId: string
  streetId: string
  membersOnly: boolean
  claimerIds: string[]
  assignee?: { type: string; id: string }
}

/** The person's relations to the order, as domain.md defines them. */
export function relationsOf(o: StoredOrder, f: Facts): OrderActor[] {
  const out: OrderActor[] = []
  const id = f.user.openid
  const inCommunity = f.community === o.communityId
  if (o.ordererId === id) out.push('orderer')
  if (f.roles.includes('gridWorker') && inCommunity && f.grid === o.gridId) out.push('gridWorker')
  if (f.roles.includes('communityAdmin') && inCommunity) out.push('communityAdmin')
  if (f.roles.includes('streetAdmin') && f.street === o.streetId) out.push('streetAdmin')
  const a = o.assignee
  if (a && ((a.type === 'member' && a.id === id) || (a.type === 'department' && f.department === a.id))) out.push('assignee')
  const claimer = o.claimerIds.includes(id)
  if (claimer) out.push('claimer')
  const mayClaim = inCommunity && (f.roles.includes('member') || (f.roles.includes('volunteer') && !o.membersOnly))
  if (mayClaim && !claimer) out.push('candidate')
  return out
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
    case 'rate':
      return { orderId, stars: 4, comment: '挺好的' }
    case 'close':
      return { orderId, code: 'solved', note: '已办结' }
    case 'reopen':
      return { orderId, reason: '问题还在' }
  }
}

/** Everything stored about one order: the order, its claims, ledger entries, audit and notifications. */
export function snapshot(env: TestCloud, orderId: string) {
  const byId = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? -1 : 1)
  return {
    order: env.find('orders', orderId),
    claims: env.findAll('order_claims', { orderId }).sort(byId),
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
