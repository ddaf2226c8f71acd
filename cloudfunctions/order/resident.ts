// 群众评单: withdraw before acceptance, confirm the work (or the grid worker co-signs), rate, and say
// 没解决 within 7 days of closing.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orderApi } from '../../shared/contracts/order'
import { acceptDeadline, REOPEN_WINDOW_MS } from '../../shared/rules/sla'
import { db, type Tx } from '../common/cloud'
import { checkText } from '../common/content'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { ledgerId } from '../common/ledger'
import { notify } from '../common/notify'
import { holdersOf } from '../common/org'
import { authorize, loadOrder, writeTransition, type ClaimDoc, type OrderDoc, type TimelineEntry } from './model'
import { toView } from './view'

type Withdraw = typeof orderApi.withdraw
export async function withdraw(input: ParsedOf<Withdraw>, ctx: Ctx): Promise<OutputOf<Withdraw>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'withdraw', ctx)
  await writeTransition(o, ctx, { role: as, action: 'withdraw', to: 'withdrawn', note: input.reason, internal: false }, { closedAt: ctx.now })
  return toView(await loadOrder(o._id), ctx)
}

type Confirm = typeof orderApi.confirm
/**
 * Confirms the work and makes the claimers' points and hours official. The order's move and the ledger
 * entries are one transaction (single-document operations by id only, as CloudBase allows), so either
 * both happen or neither; the ledger ids are idempotency keys, so a retried call cannot grant twice.
 */
export async function confirm(input: ParsedOf<Confirm>, ctx: Ctx): Promise<OutputOf<Confirm>> {
  const seen = await loadOrder(input.orderId)
  const { as } = authorize(seen, 'confirm', ctx)
  const claims = seen.claimerIds.length ? await activeClaims(seen) : []
  const entry: TimelineEntry = { at: ctx.now, by: ctx.openid, role: as, action: 'confirm', from: 'done', to: 'confirmed', note: input.note, internal: false }
  await db.runTransaction(async (t: Tx) => {
    const cur = ((await t.collection('orders').doc(seen._id).get()).data as OrderDoc | OrderDoc[]) as OrderDoc | OrderDoc[]
    const o = Array.isArray(cur) ? cur[0] : cur
    if (!o || o.version !== seen.version) fail('ORDER_CONCURRENT_CHANGE')
    await t
      .collection('orders')
      .doc(o._id)
      .update({ status: 'confirmed', confirmedAt: ctx.now, version: o.version + 1, updatedAt: ctx.now, timeline: [...o.timeline, entry] })
    for (const c of claims) {
      const g = { openid: c.openid, communityId: o.communityId, sourceType: 'order' as const, sourceId: o._id, points: o.points, hours: o.hours, note: `服务单${o.no}：${o.category}`, at: ctx.now }
      // Append-only: an entry that exists (a re-confirmation after a reopen) is kept as it was.
      const ref = t.collection('ledger').doc(ledgerId(g))
      const existing = (await ref.get()).data
      if (!(Array.isArray(existing) ? existing.length : existing)) await ref.set({ ...g, official: true })
      await t.collection('order_claims').doc(c._id).update({ status: 'completed' })
    }
  })
  await notify(
    claims.map((c) => c.openid),
    { key: `order:${seen._id}:confirmed`, type: 'points', title: '服务已确认', body: `“${seen.category}”已由居民确认，获得${seen.points}积分、${seen.hours}小时服务时长。`, link: `/pages/order/detail?id=${seen._id}`, at: ctx.now },
  )
  return toView(await loadOrder(seen._id), ctx)
}

async function activeClaims(o: OrderDoc): Promise<ClaimDoc[]> {
  const res = await db.collection('order_claims').where({ orderId: o._id, status: 'active' }).limit(100).get()
  return res.data as ClaimDoc[]
}

type Rate = typeof orderApi.rate
export async function rate(input: ParsedOf<Rate>, ctx: Ctx): Promise<OutputOf<Rate>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'rate', ctx)
  const verdict = input.comment ? await checkText(ctx.openid, input.comment, 2) : 'pass'
  const comment = verdict === 'pass' ? input.comment : undefined
  await writeTransition(
    o,
    ctx,
    { role: as, action: 'rate', to: 'rated', note: `${'★'.repeat(input.stars)}${comment ? ` ${comment}` : ''}`, internal: false },
    { rating: { stars: input.stars, ...(comment ? { comment } : {}), at: ctx.now } },
  )
  if (input.stars <= 2) {
    await notify(await holdersOf('communityAdmin', { communityId: o.communityId }), { key: `order:${o._id}:lowrating`, type: 'order', title: '收到差评', body: `服务单${o.no}（${o.category}）评价为${input.stars}星，请回访。`, link: `/packages/admin/order/index?id=${o._id}`, at: ctx.now })
  }
  return toView(await loadOrder(o._id), ctx)
}

type Reopen = typeof orderApi.reopen
export async function reopen(input: ParsedOf<Reopen>, ctx: Ctx): Promise<OutputOf<Reopen>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'reopen', ctx)
  if (!o.closedAt || ctx.now.getTime() - new Date(o.closedAt).getTime() > REOPEN_WINDOW_MS) fail('ORDER_REOPEN_WINDOW_PASSED')
  await checkText(ctx.openid, input.reason, 2)
  // The work starts afresh: whoever claimed or was sent last time is no longer on it (the community
  // publishes or dispatches again), and a claim still live from before the closure ends here.
  await writeTransition(
    o,
    ctx,
    { role: as, action: 'reopen', to: 'reopened', note: input.reason, internal: false },
    { priority: o.priority + 1, reopenedAt: ctx.now, acceptDeadline: acceptDeadline(ctx.now, o.colour), claimerIds: [], taken: 0, slotsFree: 0, assignee: db.command.remove() },
  )
  await db.collection('order_claims').where({ orderId: o._id, status: 'active' }).update({ status: 'released', releasedAt: ctx.now, releaseReason: '重新办理' })
  await notify(await holdersOf('communityAdmin', { communityId: o.communityId }), { key: `order:${o._id}:reopen:${o.version}`, type: 'order', title: '居民反映没解决', body: `服务单${o.no}（${o.category}）：${input.reason}`, link: `/packages/admin/order/index?id=${o._id}`, at: ctx.now })
  return toView(await loadOrder(o._id), ctx)
}
