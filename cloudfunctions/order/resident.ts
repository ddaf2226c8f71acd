// 群众评单: withdraw before acceptance, confirm the work (or the grid worker co-signs), say 没解决 before
// confirming (the work goes back) or within 7 days of closing (reopened), and rate. Confirming pays the
// claimers whose work was confirmed: the ledger entries go in the same write as the move (outbox), with
// their idempotency keys, so no one is paid twice and no confirmed claimer is left unpaid.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orderApi } from '../../shared/contracts/order'
import { ledgerKey, type Effect } from '../../shared/core/effects'
import { orderNotes, orderNotices } from '../../shared/orders/notices'
import { mayConfirm } from '../../shared/orders/policy'
import { orderCounterpart, orderPoints } from '../../shared/points/rules'
import { acceptDeadline, REOPEN_WINDOW_MS } from '../../shared/rules/sla'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { unchanged } from '../common/records'
import { endClaims } from './admin'
import { adminsOf, authorize, entry, loadOrder, notice, orderMove, screen, type OrderDoc, type TimelineEntry } from './model'
import { toView } from './view'

type Withdraw = typeof orderApi.withdraw
export async function withdraw(input: ParsedOf<Withdraw>, ctx: Ctx): Promise<OutputOf<Withdraw>> {
  const { held } = await screen(ctx, { reason: input.reason })
  const o = await orderMove(await loadOrder(input.orderId), (cur) => {
    const a = authorize(cur, 'withdraw', ctx)
    if (a === 'done') return unchanged
    const t = entry(ctx, a.as, 'withdraw', cur, { to: 'withdrawn', note: input.reason, held })
    return { next: { ...cur, status: 'withdrawn', closedAt: ctx.now, updatedAt: ctx.now, timeline: [...cur.timeline, t] }, effects: [] }
  })
  return toView(o, ctx)
}

/**
 * The confirmation and the claimers' pay, as one move: for the resident, the grid worker, or the timer.
 * Each claimer's entry pays what the earning rules give the order (capped by colour and hours) and asks
 * for the limits: the daily cap per person and the cool-down per resident–member pair, applied where the
 * entry is written (common/balances.ts), so farming one neighbour with many small orders pays once a day.
 */
export function confirmed(cur: OrderDoc, ctx: { openid: string; now: Date }, as: TimelineEntry['role'], note?: string, held = false): { next: OrderDoc; effects: Effect[] } {
  const paid = cur.claims.filter((c) => c.status === 'submitted')
  const claims = cur.claims.map((c) => (c.status === 'submitted' ? { ...c, status: 'paid' as const } : c))
  const t = entry(ctx, as, 'confirm', cur, { to: 'confirmed', note, held })
  const effects: Effect[] = paid.map((c) => ({
    kind: 'ledger',
    id: ledgerKey('order', cur._id, c.openid),
    openid: c.openid,
    communityId: cur.communityId,
    sourceType: 'order',
    sourceId: cur._id,
    points: orderPoints(cur),
    hours: cur.hours,
    note: orderNotes.ledger(cur),
    at: ctx.now,
    counterpart: orderCounterpart(cur),
    limited: true,
    // The claimer's unit as the claim kept it (no read when the entry is written); older claims leave it to the lookup.
    ...(c.unitId !== undefined ? { unitId: c.unitId } : {}),
  }))
  if (paid.length) effects.push(notice(cur, `confirmed:v${cur.version}`, { ids: paid.map((c) => c.openid) }, orderNotices.confirmed(cur, orderPoints(cur), cur.hours), ctx.now))
  return { next: { ...cur, status: 'confirmed', claims, confirmedAt: ctx.now, updatedAt: ctx.now, timeline: [...cur.timeline, t] }, effects }
}

type Confirm = typeof orderApi.confirm
export async function confirm(input: ParsedOf<Confirm>, ctx: Ctx): Promise<OutputOf<Confirm>> {
  const { held } = await screen(ctx, { note: input.note })
  const o = await orderMove(await loadOrder(input.orderId), (cur) => {
    const a = authorize(cur, 'confirm', ctx)
    if (a === 'done') return unchanged
    if (!mayConfirm(cur, a.rel)) fail('ORDER_RESIDENT_CONFIRMS')
    return confirmed(cur, ctx, a.as, input.note, held)
  })
  return toView(o, ctx)
}

type Dispute = typeof orderApi.dispute
/** 没解决 at `done`: the claimers' work goes back to them (or the order back to the unit or department working on it). */
export async function dispute(input: ParsedOf<Dispute>, ctx: Ctx): Promise<OutputOf<Dispute>> {
  const first = await loadOrder(input.orderId)
  const { held } = await screen(ctx, { reason: input.reason })
  const o = await orderMove(first, (cur) => {
    const a = authorize(cur, 'dispute', ctx)
    if (a === 'done') return unchanged
    const back = cur.claims.filter((c) => c.status === 'submitted')
    const claims = cur.claims.map((c) => (c.status === 'submitted' ? { ...c, status: 'started' as const, remindedAt: undefined } : c))
    const t = entry(ctx, a.as, 'dispute', cur, { note: input.reason, held })
    const status = back.length ? cur.status : 'in_progress'
    const next: OrderDoc = { ...cur, status, claims, doneAt: undefined, unsolvedAt: ctx.now, updatedAt: ctx.now, timeline: [...cur.timeline, t] }
    const to = back.length ? { ids: back.map((c) => c.openid) } : cur.assignee?.type === 'unit' ? { role: 'unitAdmin', scope: { unitId: cur.assignee.id } } : { role: 'department', scope: { departmentId: cur.assignee?.id ?? '' } }
    return {
      next,
      effects: [notice(cur, `dispute:v${cur.version}`, to, orderNotices.disputed(cur, input.reason), ctx.now, !back.length), notice(cur, `dispute-admin:v${cur.version}`, adminsOf(cur), orderNotices.disputed(cur, input.reason), ctx.now, true)],
    }
  })
  return toView(o, ctx)
}

type Rate = typeof orderApi.rate
export async function rate(input: ParsedOf<Rate>, ctx: Ctx): Promise<OutputOf<Rate>> {
  const first = await loadOrder(input.orderId)
  // A comment the check holds is kept for the admins (and the resident) to see, not dropped.
  const { held } = await screen(ctx, { comment: input.comment })
  const comment = input.comment
  const o = await orderMove(first, (cur) => {
    const a = authorize(cur, 'rate', ctx)
    if (a === 'done') return unchanged
    // The comment is for those entitled to the order; everyone else reads the stars.
    const t = entry(ctx, a.as, 'rate', cur, { to: 'rated', note: `${orderNotes.stars(input.stars)}${comment ? ` ${comment}` : ''}`, publicNote: orderNotes.stars(input.stars), held })
    const effects: Effect[] = input.stars <= 2 ? [notice(cur, 'lowrating', adminsOf(cur), orderNotices.lowRating(cur, input.stars), ctx.now, true)] : []
    return { next: { ...cur, status: 'rated', rating: { stars: input.stars, ...(comment ? { comment, ...(held ? { held } : {}) } : {}), at: ctx.now }, ratedAt: ctx.now, updatedAt: ctx.now, timeline: [...cur.timeline, t] }, effects }
  })
  return toView(o, ctx)
}

type Reopen = typeof orderApi.reopen
export async function reopen(input: ParsedOf<Reopen>, ctx: Ctx): Promise<OutputOf<Reopen>> {
  const first = await loadOrder(input.orderId)
  const { held } = await screen(ctx, { reason: input.reason })
  const o = await orderMove(first, (cur) => {
    const a = authorize(cur, 'reopen', ctx)
    if (a === 'done') return unchanged
    if (!cur.closedAt || ctx.now.getTime() - new Date(cur.closedAt).getTime() > REOPEN_WINDOW_MS) fail('ORDER_REOPEN_WINDOW_PASSED')
    // The work starts afresh: whoever claimed or was sent last time is no longer on it (the community
    // publishes or dispatches again), and the acceptance clock runs again.
    const t = entry(ctx, a.as, 'reopen', cur, { to: 'reopened', note: input.reason, held })
    const next: OrderDoc = {
      ...cur,
      status: 'reopened',
      priority: cur.priority + 1,
      reopenedAt: ctx.now,
      unsolvedAt: ctx.now,
      acceptDeadline: acceptDeadline(ctx.now, cur.colour),
      claims: endClaims(cur, ctx.now, orderNotes.reopenedClaims),
      assignee: undefined,
      updatedAt: ctx.now,
      timeline: [...cur.timeline, t],
    }
    return { next, effects: [notice(cur, `reopen:v${cur.version}`, adminsOf(cur), orderNotices.reopened(cur, input.reason), ctx.now, true)] }
  })
  return toView(o, ctx)
}

