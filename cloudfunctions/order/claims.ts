// 党员领单: claim a place, let it go before starting, start, and report the work done. Each claimer's
// claim moves on its own lifecycle (shared/lifecycles/claim.ts); the order's state follows.
//
// The claim race needs no transaction and no read first: one conditional update takes a free place only
// while one is left and the caller holds none, and writes the claim, the counters, the timeline entry and
// the orderer's notice (outbox) with it. Hundreds may race there; exactly as many as there are places win.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orderApi } from '../../shared/contracts/order'
import type { NoticeEffect } from '../../shared/core/effects'
import { decideClaim, type ClaimAction } from '../../shared/lifecycles/claim'
import { claimOf } from '../../shared/orders/derive'
import type { Claim, TimelineEntry } from '../../shared/orders/model'
import { orderFields, orderNotes, orderNotices } from '../../shared/orders/notices'
import { reportedUnit } from '../../shared/points/rules'
import { _, db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { deliver } from '../common/outbox'
import { unchanged } from '../common/records'
import { authorize, entry, loadOrder, notice, orderMove, screen, type OrderDoc } from './model'
import { toView } from './view'

type ClaimCall = typeof orderApi.claim
export async function claim(input: ParsedOf<ClaimCall>, ctx: Ctx): Promise<OutputOf<ClaimCall>> {
  const memberOf = ctx.grants.filter((g) => g.role === 'member' && g.communityId).map((g) => g.communityId!)
  const volunteerOf = ctx.grants.filter((g) => g.role === 'volunteer' && g.communityId && !memberOf.includes(g.communityId)).map((g) => g.communityId!)
  const name = ctx.user?.realName || ctx.user?.nickname || ''
  const free = { _id: input.orderId, status: 'published', held: false, slotsFree: _.gt(0), claimerIds: _.neq(ctx.openid) }
  const attempts: Array<{ as: Claim['as']; where: object }> = []
  if (memberOf.length) attempts.push({ as: 'member', where: { ...free, communityId: _.in(memberOf) } })
  if (volunteerOf.length) attempts.push({ as: 'volunteer', where: { ...free, communityId: _.in(volunteerOf), membersOnly: false } })
  for (const { as, where } of attempts) {
    const c: Claim = { openid: ctx.openid, name, ...(ctx.user?.phone ? { phone: ctx.user.phone } : {}), as, status: 'claimed', claimedAt: ctx.now, unitId: reportedUnit(ctx.grants) }
    const t: TimelineEntry = { at: ctx.now, by: ctx.openid, role: as, action: 'claim', internal: false }
    const told: NoticeEffect = { ...notice({ _id: input.orderId } as OrderDoc, `claim:${ctx.openid}:${ctx.now.getTime()}`, { field: 'ordererId' }, orderNotices.claimed({ no: '', category: '{{category}}', text: '' }, as), ctx.now) }
    const res = (await db
      .collection('orders')
      .where(where)
      .updateAndReturn({
        slotsFree: _.inc(-1),
        taken: _.inc(1),
        claimerIds: _.push([ctx.openid]),
        claims: _.push([c]),
        parties: _.addToSet(`p:${ctx.openid}`),
        timeline: _.push([t]),
        outbox: _.push([told]),
        version: _.inc(1),
        updatedAt: ctx.now,
      })) as { updated?: number; doc?: OrderDoc; code?: string; message?: string }
    if (res.code) throw Object.assign(new Error(res.message ?? res.code), { code: res.code })
    if (res.updated === 1 && res.doc) {
      await deliver('orders', res.doc, [told])
      return toView(res.doc, ctx)
    }
  }
  // Not taken: say why, from the order as it is now.
  const o = await loadOrder(input.orderId)
  // The caller's own claim is there already (a double tap, or a retry after a lost reply): that is ok.
  if (o.claimerIds.includes(ctx.openid)) {
    // Deliver what the first try may have left undelivered (its reply was lost after the write).
    if (o.outbox.length) await deliver('orders', o, o.outbox)
    return toView(o, ctx)
  }
  const a = authorize(o, 'claim', ctx)
  if (a !== 'done' && (o.slotsFree <= 0 || o.held)) fail(o.held ? 'ORDER_NOT_FOUND' : 'ORDER_FULL')
  fail('ORDER_TRANSITION_NOT_ALLOWED', undefined, orderFields.notInHall)
}

/** One claimer's move on their own claim (start, release, submit), with the order settled after it. */
async function claimMove(
  orderId: string,
  ctx: Ctx,
  action: 'start' | 'release' | 'complete',
  claimAction: ClaimAction,
  change: (cur: OrderDoc, c: Claim) => { claim: Claim; order?: Partial<OrderDoc>; note?: string; publicNote?: string; held?: boolean; effects?: ReturnType<typeof notice>[] },
) {
  const first = await loadOrder(orderId)
  return orderMove(first, (cur) => {
    const mine = claimOf(cur, ctx.openid)
    // Letting go twice (a double tap, a retry after a lost reply) is letting go once.
    if (!mine && action === 'release' && cur.claims.filter((c) => c.openid === ctx.openid).at(-1)?.status === 'released') return unchanged
    if (!mine) {
      // Not holding a place: the dispatched unit or department acts on the order itself.
      const a = authorize(cur, action, ctx)
      if (a === 'done') return unchanged
      return assigneeMove(cur, ctx, action, a.as)
    }
    if (claimAction === 'release' && mine.viaDispatch) fail('ORDER_TRANSITION_NOT_ALLOWED', undefined, orderFields.dispatchedRelease)
    const d = decideClaim(mine.status, claimAction, 'claimer')
    if (!d.ok) {
      // The same move again (a retry after a lost reply) is ok; anything else is refused with the claim's state.
      if ((claimAction === 'start' && mine.status !== 'claimed') || (claimAction === 'submit' && mine.status === 'submitted')) return unchanged
      if (claimAction === 'release') fail('ORDER_TRANSITION_NOT_ALLOWED', undefined, orderFields.startedRelease)
      fail('ORDER_TRANSITION_NOT_ALLOWED', undefined, claimAction === 'submit' ? orderFields.startFirst : orderFields.claimNotNow)
    }
    // The order's table still has a say (a closed order takes no claim moves).
    const a = authorize(cur, action, ctx)
    if (a === 'done') return unchanged
    const out = change(cur, mine)
    const claims = cur.claims.map((c) => (c === mine ? out.claim : c))
    const t = entry(ctx, mine.as, action, cur, { note: out.note, publicNote: out.publicNote, ...(out.held ? { held: true } : {}) })
    const next = { ...cur, ...out.order, claims, updatedAt: ctx.now, timeline: [...cur.timeline, t] }
    return { next, effects: out.effects ?? [] }
  })
}

/** A unit or department the order was dispatched (or escalated) to: start and report on the order itself. */
function assigneeMove(cur: OrderDoc, ctx: Ctx, action: 'start' | 'release' | 'complete', as: TimelineEntry['role']) {
  if (action === 'start') {
    return { next: { ...cur, status: 'in_progress' as const, startedAt: ctx.now, updatedAt: ctx.now, timeline: [...cur.timeline, entry(ctx, as, 'start', cur, { to: 'in_progress' })] }, effects: [] }
  }
  fail('ORDER_NOT_CLAIMED_BY_YOU')
}

type Release = typeof orderApi.release
export async function release(input: ParsedOf<Release>, ctx: Ctx): Promise<OutputOf<Release>> {
  const { held } = await screen(ctx, { reason: input.reason })
  const o = await claimMove(input.orderId, ctx, 'release', 'release', (_cur, c) => ({
    claim: { ...c, status: 'released', endedAt: ctx.now, ...(input.reason ? { reason: input.reason } : {}) },
    note: input.reason,
    held,
  }))
  return toView(o, ctx)
}

type Start = typeof orderApi.start
export async function start(input: ParsedOf<Start>, ctx: Ctx): Promise<OutputOf<Start>> {
  const o = await claimMove(input.orderId, ctx, 'start', 'start', (_cur, c) => ({ claim: { ...c, status: 'started', startedAt: ctx.now } }))
  return toView(o, ctx)
}

type Complete = typeof orderApi.complete
/** 处置反馈: the claimer or assignee reports what was done, with photos; when the work is all in, the resident is asked to confirm. */
export async function complete(input: ParsedOf<Complete>, ctx: Ctx): Promise<OutputOf<Complete>> {
  const checked = await screen(ctx, { note: input.note }, { photos: input.photos })
  const textHeld = checked.fields.note === 'review'
  const report = { note: input.note, photos: input.photos, at: ctx.now, held: textHeld }
  const note = textHeld ? orderNotes.completionHeld : input.note
  const first = await loadOrder(input.orderId)
  const o = await orderMove(first, (cur) => {
    const mine = claimOf(cur, ctx.openid)
    // Reported already (a retry after a lost reply), even if the others' reports have made the order done
    // since: ok. Once confirmed (paid), the work is the order's history and a report is refused.
    if (cur.claims.filter((c) => c.openid === ctx.openid).at(-1)?.status === 'submitted') return unchanged
    const a = authorize(cur, 'complete', ctx)
    if (a === 'done') return unchanged
    if (mine) {
      const d = decideClaim(mine.status, 'submit', 'claimer')
      if (!d.ok) {
        if (mine.status === 'submitted') return unchanged
        fail('ORDER_TRANSITION_NOT_ALLOWED', undefined, orderFields.startFirst)
      }
    } else if (!a.rel.includes('assignee')) fail('ORDER_NOT_CLAIMED_BY_YOU')
    const claims = mine ? cur.claims.map((c) => (c === mine ? { ...c, status: 'submitted' as const, submittedAt: ctx.now, report } : c)) : cur.claims
    // The last claimer in: places nobody took are no longer sought, the work is done.
    const othersOut = claims.filter((c) => c !== mine && (c.status === 'claimed' || c.status === 'started')).length === 0
    const slots = mine && othersOut ? claims.filter((c) => c.status === 'submitted').length : cur.slots
    const t = entry(ctx, mine ? mine.as : a.as, 'complete', cur, { note, ...(slots < cur.slots ? { publicNote: orderNotes.placesWithdrawn } : {}) })
    const next: OrderDoc = {
      ...cur,
      claims,
      slots,
      ...(mine ? {} : { status: 'done' as const, doneAt: ctx.now }),
      completion: { by: ctx.openid, ...report },
      updatedAt: ctx.now,
      timeline: [...cur.timeline, t],
    }
    const effects = mine && !othersOut ? [] : [notice(cur, `done:v${cur.version}`, { ids: [cur.ordererId] }, orderNotices.done(cur), ctx.now)]
    return { next, effects }
  })
  return toView(o, ctx)
}
