// 党员领单: claim a place, let it go before starting, start, and report the work done.
// The capacity guard needs no transaction (platform.md): one claim document per person with a
// deterministic id, then one conditional update that takes a free place only while one is left.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orderApi } from '../../shared/contracts/order'
import type { OrderState } from '../../shared/lifecycles/order'
import { _, db } from '../common/cloud'
import { checkText } from '../common/content'
import { fail, Failure, isDuplicate } from '../common/errors'
import type { Ctx } from '../common/handler'
import { notify } from '../common/notify'
import { getDoc } from '../common/users'
import { authorize, claimId, loadOrder, writeTransition, type ClaimDoc, type OrderDoc, type TimelineEntry } from './model'
import { toView } from './view'

type Claim = typeof orderApi.claim
export async function claim(input: ParsedOf<Claim>, ctx: Ctx): Promise<OutputOf<Claim>> {
  const o = await loadOrder(input.orderId)
  authorize(o, 'claim', ctx)
  if (o.slotsFree <= 0) fail('ORDER_FULL')
  const id = claimId(o._id, ctx.openid)
  const claims = db.collection('order_claims')

  // 1. One claim per person, whatever the double taps: the id is the person's.
  const previous = await getDoc<ClaimDoc>('order_claims', id)
  if (previous && (previous.status === 'active' || previous.status === 'pending')) fail('ORDER_ALREADY_CLAIMED_BY_YOU')
  if (previous) {
    const r = await claims.where({ _id: id, status: previous.status }).update({ status: 'pending', claimedAt: ctx.now })
    if (r.updated !== 1) fail('ORDER_ALREADY_CLAIMED_BY_YOU')
  } else {
    try {
      await claims.add({ _id: id, orderId: o._id, openid: ctx.openid, communityId: o.communityId, status: 'pending', claimedAt: ctx.now } satisfies ClaimDoc)
    } catch (err) {
      if (isDuplicate(err)) fail('ORDER_ALREADY_CLAIMED_BY_YOU')
      throw err
    }
  }

  // 2. The place: taken only while one is free. Hundreds may race here; exactly slots of them win.
  const entry: TimelineEntry = { at: ctx.now, by: ctx.openid, role: 'candidate', action: 'claim', to: 'claimed', internal: false }
  const taken = await db
    .collection('orders')
    .where({ _id: o._id, status: _.in(['published', 'claimed']), slotsFree: _.gt(0), claimerIds: _.neq(ctx.openid) })
    .update({ slotsFree: _.inc(-1), taken: _.inc(1), status: 'claimed', claimerIds: _.push([ctx.openid]), version: _.inc(1), updatedAt: ctx.now, timeline: _.push([entry]) })
  if (taken.updated !== 1) {
    // Undo step 1 so that a refused claim leaves nothing behind.
    if (previous) await claims.doc(id).update({ status: previous.status, claimedAt: previous.claimedAt })
    else await claims.doc(id).remove()
    const now = await loadOrder(o._id)
    if (now.status !== 'published' && now.status !== 'claimed') fail('ORDER_TRANSITION_NOT_ALLOWED', undefined, '这张单已经不在任务大厅了')
    fail('ORDER_FULL')
  }

  // 3. The claim is live.
  await claims.doc(id).update({ status: 'active', deadline: o.deadline ?? null })
  await notify([o.ordererId], { key: `order:${o._id}:claim:${ctx.openid}`, type: 'order', title: '有人领单了', body: `您的“${o.category}”需求已有志愿者领取，会尽快与您联系。`, link: `/pages/order/detail?id=${o._id}`, at: ctx.now })
  return toView(await loadOrder(o._id), ctx)
}

/**
 * Gives a place back: the claimer before starting, or the SLA timer for a claim past its deadline.
 * When the last claimer goes, the order returns to the hall.
 */
export async function releaseClaim(o: OrderDoc, openid: string, ctx: Pick<Ctx, 'now'>, by: { role: 'claimer' | 'system'; by: string; reason?: string }): Promise<boolean> {
  const id = claimId(o._id, openid)
  const r = await db.collection('order_claims').where({ _id: id, status: 'active' }).update({ status: 'released', releasedAt: ctx.now, releaseReason: by.reason ?? '' })
  if (r.updated !== 1) return false
  const entry: TimelineEntry = { at: ctx.now, by: by.by, role: by.role, action: 'release', from: o.status, note: by.reason || undefined, internal: by.role === 'system' }
  await db
    .collection('orders')
    .where({ _id: o._id, claimerIds: openid })
    .update({ slotsFree: _.inc(1), taken: _.inc(-1), claimerIds: _.pull(openid), version: _.inc(1), updatedAt: ctx.now, timeline: _.push([entry]) })
  await db
    .collection('orders')
    .where({ _id: o._id, taken: 0, status: _.in(['claimed', 'in_progress'] as OrderState[]) })
    .update({ status: 'published', version: _.inc(1), updatedAt: ctx.now, ...freshDeadline(o, ctx.now) })
  return true
}

/**
 * Back in the hall after its deadline passed, the work gets the time it was first given again, so the
 * next claimer is not overdue the moment they claim it (at least a day).
 */
function freshDeadline(o: OrderDoc, now: Date): { deadline?: Date } {
  if (!o.deadline || new Date(o.deadline) > now) return {}
  const from = new Date(o.publishedAt ?? o.acceptedAt ?? o.createdAt).getTime()
  const window = Math.max(new Date(o.deadline).getTime() - from, 24 * 3600_000)
  return { deadline: new Date(now.getTime() + window) }
}

type Release = typeof orderApi.release
export async function release(input: ParsedOf<Release>, ctx: Ctx): Promise<OutputOf<Release>> {
  const o = await loadOrder(input.orderId)
  authorize(o, 'release', ctx)
  if (!(await releaseClaim(o, ctx.openid, ctx, { role: 'claimer', by: ctx.openid, reason: input.reason }))) fail('ORDER_NOT_CLAIMED_BY_YOU')
  return toView(await loadOrder(o._id), ctx)
}

type Start = typeof orderApi.start
export async function start(input: ParsedOf<Start>, ctx: Ctx): Promise<OutputOf<Start>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'start', ctx)
  await writeTransition(o, ctx, { role: as, action: 'start', to: 'in_progress', internal: false }, { startedAt: ctx.now })
  return toView(await loadOrder(o._id), ctx)
}

type Complete = typeof orderApi.complete
/** 处置反馈: the claimer or assignee reports what was done, with photos; the resident is asked to confirm. */
export async function complete(input: ParsedOf<Complete>, ctx: Ctx): Promise<OutputOf<Complete>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'complete', ctx)
  let verdict: 'pass' | 'review'
  try {
    verdict = await checkText(ctx.openid, input.note)
  } catch (err) {
    if (err instanceof Failure) throw new Failure(err.reason, { note: err.message })
    throw err
  }
  await writeTransition(
    o,
    ctx,
    { role: as, action: 'complete', to: 'done', note: verdict === 'pass' ? input.note : '已提交办理情况（待审核）', internal: false },
    { completion: { by: ctx.openid, note: input.note, photos: input.photos, at: ctx.now, held: verdict === 'review' }, doneAt: ctx.now },
  )
  await notify([o.ordererId], { key: `order:${o._id}:done:${o.version}`, type: 'order', title: '服务已办结，请确认', body: `您的“${o.category}”需求已办理完毕，请确认并评价。`, link: `/pages/order/detail?id=${o._id}`, at: ctx.now })
  return toView(await loadOrder(o._id), ctx)
}
