// The order's load → decide → persist plumbing: loading, the refusal a person would be given, the
// timeline entry and effects of a move, and the one way every move is written (common/records.ts).
import type { AuditEffect, Effect, NoticeEffect, Recipients } from '../../shared/core/effects'
import { checkTransition, type OrderAction, type OrderActor, type OrderState } from '../../shared/lifecycles/order'
import { claimCounters, derivedFields, stateFromClaims } from '../../shared/orders/derive'
import type { OrderDoc, TimelineEntry } from '../../shared/orders/model'
import { orderFields } from '../../shared/orders/notices'
import { canSee, relationsTo } from '../../shared/orders/policy'
import { isAdminOf } from '../../shared/roles'
import { checkContent } from '../common/content'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { move, type Outcome } from '../common/records'
import { getDoc } from '../common/users'

export type { Assignee, Claim, OrderDoc, TimelineEntry } from '../../shared/orders/model'

const DAY = 24 * 3600_000
/** Days after which a `done` order nobody confirmed is confirmed by the timer (a deployment setting). */
export const AUTO_CONFIRM_DAYS = Math.max(1, Number(process.env.ORDER_AUTO_CONFIRM_DAYS) || 7)

export async function loadOrder(orderId: string): Promise<OrderDoc> {
  return (await getDoc<OrderDoc>('orders', orderId)) ?? fail('ORDER_NOT_FOUND')
}

type Who = Pick<Ctx, 'openid' | 'grants'>

/** The order after a move: its state from its claims, its counters, and every derived field. */
export function settle(o: OrderDoc): OrderDoc {
  const withCounters = { ...o, ...claimCounters(o) }
  if (o.status === 'published' || o.status === 'dispatched' || o.status === 'in_progress' || o.status === 'done') {
    if (withCounters.assignee?.type !== 'unit' && withCounters.assignee?.type !== 'department') {
      withCounters.slotsFree = Math.max(0, withCounters.slots - withCounters.taken)
    }
  }
  const status = stateFromClaims(withCounters)
  const next: OrderDoc = { ...withCounters, status, ...(status === 'done' && o.status !== 'done' ? { doneAt: o.updatedAt } : {}) }
  const derived = derivedFields(next, { autoConfirmMs: AUTO_CONFIRM_DAYS * DAY })
  const out = { ...next, ...derived } as OrderDoc
  // Optional derived fields that no longer apply are removed from the document.
  for (const k of ['todoRank', 'hallRank', 'acceptDue', 'nextDue', 'workDue', 'confirmDue', 'archiveDue'] as const) if (derived[k] === undefined) delete out[k]
  return out
}

/** The state-changing entry this caller made last, if it is the one that left the order where it is. */
export function alreadyDid(o: OrderDoc, action: OrderAction, openid: string): boolean {
  for (let i = o.timeline.length - 1; i >= 0; i--) {
    const t = o.timeline[i]
    if (!t.to) continue
    return t.action === action && t.by === openid && t.to === o.status
  }
  return false
}

/**
 * Refuses a move that the transition table does not allow, with the reason a person would give.
 * Returns the relation in whose name the move is made; 'done' when this caller's same move already
 * happened (a retry after a lost reply), which the use case answers with ok and the current view.
 */
export function authorize(o: OrderDoc, action: OrderAction, ctx: Who): { as: OrderActor; rel: OrderActor[]; to: OrderState | 'derived' } | 'done' {
  const rel = relationsTo(o, ctx)
  if (!canSee(o, rel, ctx) && !(action === 'claim' && rel.includes('candidate'))) {
    // Not ours to see: an admin elsewhere is told so; anyone else learns nothing about the order.
    if (ctx.grants.some((g) => g.role === 'communityAdmin' || g.role === 'streetAdmin')) fail('OUT_OF_SCOPE')
    if (action === 'claim' && o.membersOnly && ctx.grants.some((g) => g.role === 'volunteer' && g.communityId === o.communityId)) fail('ORDER_MEMBERS_ONLY')
    fail('ORDER_NOT_FOUND')
  }
  const check = checkTransition(o.status, action, rel)
  if (check.ok) return { as: check.as, rel, to: check.to }
  if (alreadyDid(o, action, ctx.openid)) return 'done'
  if (check.why === 'state') fail('ORDER_TRANSITION_NOT_ALLOWED', undefined, orderFields.notNow(o.status, action))
  if (action === 'claim') {
    if (o.membersOnly && ctx.grants.some((g) => g.role === 'volunteer' && g.communityId === o.communityId)) fail('ORDER_MEMBERS_ONLY')
    fail('ROLE_REQUIRED')
  }
  if (['withdraw', 'confirm', 'dispute', 'rate', 'reopen'].includes(action)) fail('ORDER_NOT_YOURS')
  if (['release', 'start', 'complete'].includes(action)) fail('ORDER_NOT_CLAIMED_BY_YOU')
  if (isAdminOf(ctx.grants, { communityId: o.communityId, streetId: o.streetId }) || rel.length) fail('ROLE_REQUIRED')
  fail('OUT_OF_SCOPE')
}

export function entry(ctx: { openid: string; now: Date }, role: TimelineEntry['role'], action: TimelineEntry['action'], o: OrderDoc, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  return { at: ctx.now, by: ctx.openid, role, action, from: o.status, internal: false, ...extra }
}

export function notice(o: OrderDoc, key: string, to: Recipients, text: { title: string; body: string }, at: Date, admin = false): NoticeEffect {
  return { kind: 'notice', id: `order:${o._id}:${key}`, to, type: 'order', ...text, link: admin ? `/packages/admin/order/index?id=${o._id}` : `/pages/order/detail/index?id=${o._id}`, at }
}

export const adminsOf = (o: OrderDoc): Recipients => ({ role: 'communityAdmin', scope: { communityId: o.communityId } })

export function auditOf(o: OrderDoc, ctx: Pick<Ctx, 'openid' | 'now'>, role: string, action: string, note?: string): AuditEffect {
  return { kind: 'audit', id: `order:${o._id}:${action}:v${o.version}`, by: ctx.openid, role, action, targetType: 'order', targetId: o._id, communityId: o.communityId, note, at: ctx.now }
}

/** A move of an order: decided on the current order, settled, written with its effects. */
export function orderMove(o: OrderDoc, decideOn: (cur: OrderDoc) => Outcome<OrderDoc>): Promise<OrderDoc> {
  return move<OrderDoc>('orders', o, (cur) => {
    const out = decideOn(cur)
    if ('unchanged' in out) return out
    const next = settle(out.next)
    // A move whose state follows from the claims says in the timeline where it led.
    const last = next.timeline[next.timeline.length - 1]
    if (next.status !== cur.status && last && last.at === out.next.updatedAt && !last.to) next.timeline = [...next.timeline.slice(0, -1), { ...last, from: cur.status, to: next.status }]
    return { next, effects: out.effects }
  }, { busy: 'ORDER_CONCURRENT_CHANGE' })
}

export type { Effect }

/**
 * The one content rule for an order call's text and images (common/content.ts): risky is refused naming
 * the field, review is held (the caller marks what it holds). Images must be the caller's own uploads.
 */
export async function screen(ctx: Pick<Ctx, 'openid' | 'now'>, texts: Record<string, string | undefined>, images?: Record<string, string[]>): Promise<{ held: boolean; fields: Record<string, 'pass' | 'review'> }> {
  const r = await checkContent(ctx, { texts, images, scene: 2 })
  return { held: r.verdict === 'review', fields: r.fields }
}
