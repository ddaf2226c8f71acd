// The stored order, the caller's relations to it, and the one way every transition is written.
import type { ClosureCode } from '../../shared/contracts/order'
import { checkTransition, ORDER_ACTION_LABELS, ORDER_STATE_LABELS, type OrderAction, type OrderActor, type OrderState } from '../../shared/lifecycles/order'
import { canClaim, hasRole, isAdminOf, type Role } from '../../shared/roles'
import type { Colour } from '../../shared/rules/sla'
import { _, db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getDoc } from '../common/users'

export interface TimelineEntry {
  at: Date
  by: string
  role: OrderActor | Role
  action: OrderAction | 'submit' | 'join' | 'note' | 'remind'
  from?: OrderState
  to?: OrderState
  note?: string
  internal: boolean
}

export interface Assignee {
  type: 'member' | 'unit' | 'department'
  id: string
  name: string
}

export interface OrderDoc {
  _id: string
  no: string
  streetId: string
  communityId: string
  gridId: string
  buildingId?: string
  room?: string
  point?: { lat: number; lng: number; label: string }
  ordererId: string
  ordererName: string
  ordererPhone?: string
  onBehalf?: { by: string; byName: string }
  category: string
  text: string
  photos: string[]
  preferredTime?: { from: string; to: string }
  urgencySuggested: Colour
  colour: Colour
  held: boolean
  status: OrderState
  version: number
  points: number
  hours: number
  slots: number
  slotsFree: number
  taken: number
  membersOnly: boolean
  skills: string[]
  deadline?: Date
  acceptDeadline: Date
  acceptedAt?: Date
  publishedAt?: Date
  doneAt?: Date
  confirmedAt?: Date
  closedAt?: Date
  assignee?: Assignee
  escalation?: { to: 'street' | 'department'; departmentId?: string; colour: Colour; reason: string; auto: boolean; at: Date }
  claimerIds: string[]
  alsoAffected: string[]
  priority: number
  completion?: { by: string; note: string; photos: string[]; at: Date; held: boolean }
  rating?: { stars: number; comment?: string; at: Date }
  closure?: { code: ClosureCode; note: string; transferTo?: string; reviewDate?: string; by: string; at: Date }
  timeline: TimelineEntry[]
  createdAt: Date
  updatedAt: Date
}

export interface ClaimDoc {
  _id: string // `${orderId}_${openid}`: one claim per person per order, whatever the races
  orderId: string
  openid: string
  communityId: string
  /** ended: the order was closed without a confirmation, so the claim earns nothing. */
  status: 'pending' | 'active' | 'released' | 'completed' | 'ended'
  claimedAt: Date
  deadline?: Date
  remindedAt?: Date
  releasedAt?: Date
  releaseReason?: string
  viaDispatch?: boolean
}

export const claimId = (orderId: string, openid: string) => `${orderId}_${openid}`

export async function loadOrder(orderId: string): Promise<OrderDoc> {
  return (await getDoc<OrderDoc>('orders', orderId)) ?? fail('ORDER_NOT_FOUND')
}

export function isAssignee(o: OrderDoc, ctx: Pick<Ctx, 'openid' | 'grants'>): boolean {
  const a = o.assignee
  if (!a) return false
  if (a.type === 'member') return a.id === ctx.openid
  if (a.type === 'unit') return ctx.grants.some((g) => g.role === 'unitAdmin' && g.unitId === a.id)
  return ctx.grants.some((g) => g.role === 'department' && g.departmentId === a.id)
}

/** The caller's relations to this order, derived from the stored order and their grants. */
export function actorsOf(o: OrderDoc, ctx: Pick<Ctx, 'openid' | 'grants'>): OrderActor[] {
  const place = { streetId: o.streetId, communityId: o.communityId, gridId: o.gridId }
  const out: OrderActor[] = []
  if (o.ordererId === ctx.openid) out.push('orderer')
  if (hasRole(ctx.grants, 'gridWorker', place)) out.push('gridWorker')
  if (hasRole(ctx.grants, 'communityAdmin', place)) out.push('communityAdmin')
  if (hasRole(ctx.grants, 'streetAdmin', place)) out.push('streetAdmin')
  if (isAssignee(o, ctx)) out.push('assignee')
  if (o.claimerIds.includes(ctx.openid)) out.push('claimer')
  if (canClaim(ctx.grants, o.communityId, o.membersOnly) && !o.claimerIds.includes(ctx.openid)) out.push('candidate')
  return out
}

/** Who sees full contact details: the orderer, the community's and street's admins, the grid worker, the assignee and live claimers. */
export function isEntitled(actors: readonly OrderActor[]): boolean {
  return actors.some((a) => a !== 'candidate' && a !== 'system')
}

/** Who may see the order at all: the entitled, and candidates while it is in the task hall. */
export function canSee(o: OrderDoc, actors: readonly OrderActor[], openid?: string): boolean {
  if (isEntitled(actors)) return true
  // A neighbour who said 我也遇到 follows the order, masked like everyone who is not entitled.
  if (openid && o.alsoAffected.includes(openid)) return true
  return actors.includes('candidate') && (o.status === 'published' || o.status === 'claimed') && !o.held
}

const ORDERER_ACTIONS: OrderAction[] = ['withdraw', 'confirm', 'rate', 'reopen']
const CLAIMER_ACTIONS: OrderAction[] = ['release', 'start', 'complete']

/**
 * Refuses a move that the transition table does not allow, with the reason a person would give.
 * Returns the actor in whose name the move is made.
 */
export function authorize(o: OrderDoc, action: OrderAction, ctx: Pick<Ctx, 'openid' | 'grants'>): { to: OrderState | 'derived'; as: OrderActor; actors: OrderActor[] } {
  const actors = actorsOf(o, ctx)
  if (!canSee(o, actors) && !(action === 'claim' && actors.includes('candidate'))) {
    // Not ours to see: an admin elsewhere is told so; anyone else learns nothing about the order.
    if (ctx.grants.some((g) => g.role === 'communityAdmin' || g.role === 'streetAdmin')) fail('OUT_OF_SCOPE')
    if (action === 'claim' && ctx.grants.some((g) => g.role === 'volunteer' && g.communityId === o.communityId) && o.membersOnly) fail('ORDER_MEMBERS_ONLY')
    fail('ORDER_NOT_FOUND')
  }
  const check = checkTransition(o.status, action, actors)
  if (check.ok) return { to: check.to, as: check.as, actors }
  if (check.why === 'state') {
    if (action === 'claim' && o.claimerIds.includes(ctx.openid)) fail('ORDER_ALREADY_CLAIMED_BY_YOU')
    fail('ORDER_TRANSITION_NOT_ALLOWED', undefined, `该服务单${stateLabel(o.status)}，不能${actionLabel(action)}`)
  }
  if (action === 'claim') {
    if (o.claimerIds.includes(ctx.openid)) fail('ORDER_ALREADY_CLAIMED_BY_YOU')
    if (o.membersOnly && ctx.grants.some((g) => g.role === 'volunteer' && g.communityId === o.communityId)) fail('ORDER_MEMBERS_ONLY')
    fail('ROLE_REQUIRED')
  }
  if (ORDERER_ACTIONS.includes(action) && !(action === 'confirm' && actors.includes('gridWorker'))) fail('ORDER_NOT_YOURS')
  if (CLAIMER_ACTIONS.includes(action)) fail('ORDER_NOT_CLAIMED_BY_YOU')
  if (isAdminOf(ctx.grants, { communityId: o.communityId, streetId: o.streetId }) || actors.length) fail('ROLE_REQUIRED')
  fail('OUT_OF_SCOPE')
}

const stateLabel = (s: OrderState) => `当前“${ORDER_STATE_LABELS[s]}”`
const actionLabel = (a: OrderAction) => ORDER_ACTION_LABELS[a]

/**
 * Writes one transition: only if nobody changed the order since it was read (version), all in one
 * document update, with its timeline entry. Nothing is written when it fails.
 */
export async function writeTransition(
  o: OrderDoc,
  ctx: Pick<Ctx, 'openid' | 'now'>,
  entry: Omit<TimelineEntry, 'at' | 'by' | 'from'> & { by?: string },
  patch: Record<string, unknown> = {},
): Promise<void> {
  const t: TimelineEntry = { at: ctx.now, by: entry.by ?? ctx.openid, from: o.status, ...entry }
  const res = await db
    .collection('orders')
    .where({ _id: o._id, version: o.version })
    .update({ ...patch, ...(entry.to ? { status: entry.to } : {}), version: _.inc(1), updatedAt: ctx.now, timeline: _.push([t]) })
  if (res.updated !== 1) fail('ORDER_CONCURRENT_CHANGE')
}
