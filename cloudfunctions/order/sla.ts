// The SLA clocks, run by a CloudBase timer trigger (and by the local cloud on the same schedule):
// orders not accepted in time are called up to the street by themselves; claims not done by their
// deadline are reminded once, then released back to the hall, and the community is told.
import { CLAIM_GRACE_MS, COLOUR_LABELS } from '../../shared/rules/sla'
import { _, db } from '../common/cloud'
import { Failure } from '../common/errors'
import { notify } from '../common/notify'
import { holdersOf } from '../common/org'
import { releaseClaim } from './claims'
import { loadOrder, writeTransition, type ClaimDoc, type OrderDoc } from './model'

const BATCH = 100

export interface SweepReport {
  escalated: number
  reminded: number
  released: number
}

export async function slaSweep({ now }: { now: Date }): Promise<SweepReport> {
  const report: SweepReport = { escalated: 0, reminded: 0, released: 0 }
  const ctx = { openid: 'system', now }

  // 1. Not accepted in time → 吹哨 to the street, automatically.
  for (;;) {
    const res = await db.collection('orders').where({ status: 'submitted', acceptDeadline: _.lt(now) }).orderBy('acceptDeadline', 'asc').limit(BATCH).get()
    const overdue = res.data as OrderDoc[]
    let moved = 0
    for (const o of overdue) {
      try {
        await writeTransition(
          o,
          ctx,
          { by: 'system', role: 'system', action: 'escalate', to: 'escalated', note: `超过${COLOUR_LABELS[o.colour]}受理时限，自动上报街道`, internal: true },
          { escalation: { to: 'street', colour: o.colour, reason: '超时未受理', auto: true, at: now } },
        )
      } catch (err) {
        if (err instanceof Failure) continue // someone acted on it meanwhile: theirs wins
        throw err
      }
      moved++
      report.escalated++
      const to = [...(await holdersOf('streetAdmin', { streetId: o.streetId })), ...(await holdersOf('communityAdmin', { communityId: o.communityId }))]
      await notify(to, { key: `order:${o._id}:auto-escalate`, type: 'order', title: '超时未受理，已自动上报', body: `服务单${o.no}（${o.category}）超过受理时限`, link: `/packages/admin/order/index?id=${o._id}`, at: now })
    }
    if (overdue.length < BATCH || moved === 0) break
  }

  // 2. Claims past their deadline: remind once; past the grace period, release.
  for (;;) {
    const res = await db.collection('order_claims').where({ status: 'active', deadline: _.lt(now) }).orderBy('deadline', 'asc').limit(BATCH).get()
    const late = res.data as ClaimDoc[]
    let acted = 0
    for (const c of late) {
      const deadline = new Date(c.deadline!).getTime()
      const o = await loadOrder(c.orderId).catch(() => null)
      if (!o || !['claimed', 'in_progress', 'dispatched'].includes(o.status)) continue
      if (!c.remindedAt) {
        const r = await db.collection('order_claims').where({ _id: c._id, remindedAt: _.exists(false) }).update({ remindedAt: now })
        if (r.updated === 1) {
          acted++
          report.reminded++
          await notify([c.openid], { key: `claim:${c._id}:remind`, type: 'order', title: '任务已到期', body: `“${o.category}”已到完成期限，请尽快办理；2小时后未办结将释放给其他人。`, link: `/pages/order/detail?id=${o._id}`, at: now })
        }
      } else if (now.getTime() >= deadline + CLAIM_GRACE_MS && !c.viaDispatch) {
        if (await releaseClaim(o, c.openid, { now }, { role: 'system', by: 'system', reason: '超过完成期限，自动释放' })) {
          acted++
          report.released++
          await notify([c.openid], { key: `claim:${c._id}:released`, type: 'order', title: '任务已释放', body: `“${o.category}”超过完成期限，已释放回任务大厅。`, at: now })
          await notify(await holdersOf('communityAdmin', { communityId: o.communityId }), { key: `claim:${c._id}:released-admin`, type: 'order', title: '领单超时已释放', body: `服务单${o.no}（${o.category}）的领单人未按期办结，已释放回任务大厅。`, link: `/packages/admin/order/index?id=${o._id}`, at: now })
        }
      }
    }
    if (late.length < BATCH || acted === 0) break
  }

  // 3. Claims left pending by an interrupted claim call (between taking the place and activating it).
  const stale = await db.collection('order_claims').where({ status: 'pending', claimedAt: _.lt(new Date(now.getTime() - 60_000)) }).limit(BATCH).get()
  for (const c of stale.data as ClaimDoc[]) {
    const o = await loadOrder(c.orderId).catch(() => null)
    if (o?.claimerIds.includes(c.openid)) await db.collection('order_claims').doc(c._id).update({ status: 'active', deadline: o.deadline ?? null })
    else await db.collection('order_claims').where({ _id: c._id, status: 'pending' }).remove()
  }
  return report
}
