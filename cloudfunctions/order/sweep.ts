// The order's timers, on the one sweep framework (common/sweep.ts), run by a CloudBase timer trigger:
// each pass reads only orders whose due field says they need it now.
//   accept   — not accepted in time (submitted or reopened) → called up to the street (吹哨), automatically,
//              once per acceptance clock (shared/rules/sla.ts acceptTimerDue)
//   claims   — a claim at its deadline is reminded, then released back to the hall; hall work at the
//              order's deadline: free places nobody took are withdrawn when the rest is done, else the
//              community is told and the places stay open a while longer; an escalation past its
//              完成期限 is told to whoever has it and to the community, once
//   confirm  — done but unconfirmed for N days → confirmed by the timer, and the claimers paid
//   archive  — rated → closed
//   outbox   — effects a call could not deliver
//   repair   — every invariant of the recently changed orders (counters, state, derived fields)
import type { Effect } from '../../shared/core/effects'
import { claimDeadline, claimDue, escalationDue, hallDue, isLive, MIN_CLAIM_WINDOW_MS } from '../../shared/orders/derive'
import type { OrderDoc } from '../../shared/orders/model'
import { orderNotes, orderNotices } from '../../shared/orders/notices'
import { acceptTimerDue, escalationDeadline } from '../../shared/rules/sla'
import { Failure } from '../common/errors'
import { move, unchanged, type Outcome } from '../common/records'
import { outboxPass, runRepair, sweep, type RepairPass, type SweepPass } from '../common/sweep'
import { adminsOf, AUTO_CONFIRM_DAYS, entry, notice, orderMove, settle } from './model'
import { confirmed } from './resident'

const SYSTEM = 'system'

/** The timer's own moves: decided on the order as it is now; a move someone else made first wins. */
async function timerMove(o: OrderDoc, now: Date, decideOn: (cur: OrderDoc) => Outcome<OrderDoc>): Promise<'acted' | 'skipped'> {
  let acted = false
  try {
    await orderMove(o, (cur) => {
      const out = decideOn(cur)
      acted = !('unchanged' in out)
      return out
    })
  } catch (err) {
    if (err instanceof Failure) return 'skipped'
    throw err
  }
  return acted ? 'acted' : 'skipped'
}

const ctxOf = (now: Date) => ({ openid: SYSTEM, now })

const accept: SweepPass<OrderDoc> = {
  name: 'accept',
  collection: 'orders',
  due: 'acceptDue',
  act: (o, now) =>
    timerMove(o, now, (cur) => {
      const due = acceptTimerDue(cur)
      if (!due || due > now) return unchanged
      const deadline = escalationDeadline(now, cur.colour)
      const t = entry(ctxOf(now), 'system', 'escalate', cur, { to: 'escalated', note: orderNotes.autoEscalated(cur.colour), internal: true })
      const to = [{ role: 'streetAdmin', scope: { streetId: cur.streetId } }, adminsOf(cur)]
      return {
        next: { ...cur, status: 'escalated', escalation: { to: 'street', colour: cur.colour, reason: orderNotes.overdue, auto: true, at: now, deadline }, updatedAt: now, timeline: [...cur.timeline, t] },
        effects: to.map((r, i) => notice(cur, `auto-escalate:v${cur.version}:${i}`, r, orderNotices.autoEscalated(cur, deadline), now, true)),
      }
    }),
}

const claims: SweepPass<OrderDoc> = {
  name: 'claims',
  collection: 'orders',
  due: 'nextDue',
  act: async (o, now) => {
    let real = false
    const what = await timerMove(o, now, (cur) => {
      const effects: Effect[] = []
      const timeline = [...cur.timeline]
      let changed = false
      const next: OrderDoc = { ...cur, updatedAt: now }
      next.claims = cur.claims.map((c) => {
        const due = claimDue(c, cur)
        if (!due || due > now || !['published', 'dispatched', 'in_progress'].includes(cur.status)) return c
        changed = true
        if (!c.remindedAt) {
          effects.push(notice(cur, `claim:${c.openid}:${new Date(c.claimedAt).getTime()}:remind`, { ids: [c.openid] }, c.viaDispatch ? orderNotices.dispatchDue(cur) : orderNotices.claimDue(cur), now))
          // The deadline is the claim's own from here on, whatever happens to the order's.
          return { ...c, remindedAt: now, deadline: claimDeadline(c, cur) }
        }
        timeline.push({ ...entry(ctxOf(now), 'system', 'release', cur, { note: orderNotes.released, publicNote: orderNotes.released, internal: false }), by: SYSTEM })
        effects.push(notice(cur, `claim:${c.openid}:${new Date(c.claimedAt).getTime()}:released`, { ids: [c.openid] }, orderNotices.claimReleased(cur), now))
        effects.push(notice(cur, `claim:${c.openid}:${new Date(c.claimedAt).getTime()}:released-admin`, adminsOf(cur), orderNotices.claimReleasedAdmin(cur), now, true))
        return { ...c, status: 'released' as const, endedAt: now, reason: orderNotes.released }
      })
      // An escalation past its 完成期限: whoever has it (the street, or the department or unit it was sent
      // on to) and the community are told once.
      const late = escalationDue(cur)
      if (late && late <= now && cur.escalation) {
        changed = true
        next.escalation = { ...cur.escalation, remindedAt: now }
        timeline.push({ ...entry(ctxOf(now), 'system', 'remind', cur, { note: orderNotes.escalationOverdue(late), internal: true }), by: SYSTEM })
        const a = cur.assignee
        const holder = a && a.type !== 'member'
          ? { role: a.type === 'unit' ? 'unitAdmin' : 'department', scope: a.type === 'unit' ? { unitId: a.id } : { departmentId: a.id } }
          : a ? { ids: [a.id] } : { role: 'streetAdmin', scope: { streetId: cur.streetId } }
        const at = new Date(cur.escalation.at).getTime()
        effects.push(notice(cur, `escalation-due:${at}:0`, holder, orderNotices.escalationOverdue(cur), now, a?.type !== 'member'))
        effects.push(notice(cur, `escalation-due:${at}:1`, adminsOf(cur), orderNotices.escalationOverdue(cur), now, true))
      }
      // The hall as it stands after the releases: a freed place past the order's deadline is looked at now.
      const released = next.claims.some((c, i) => c.status === 'released' && cur.claims[i].status !== 'released')
      const hall = hallDue(settle({ ...next, timeline }))
      if (hall && hall <= now) {
        changed = true
        const live = next.claims.filter(isLive)
        if (live.length && live.every((c) => c.status === 'submitted')) {
          // The people who came did the work: places nobody took are withdrawn, the order is done.
          next.slots = live.length
          timeline.push({ ...entry(ctxOf(now), 'system', 'complete', cur, { note: orderNotes.placesWithdrawn, publicNote: orderNotes.placesWithdrawn }), by: SYSTEM })
          effects.push(notice(cur, `done:v${cur.version}`, { ids: [cur.ordererId] }, orderNotices.done(cur), now))
        } else {
          // Places still free at the deadline: the community is told, and they stay open for the time first given.
          const from = new Date(cur.publishedAt ?? cur.acceptedAt ?? cur.createdAt).getTime()
          const window = Math.max(new Date(cur.deadline!).getTime() - from, MIN_CLAIM_WINDOW_MS)
          // Claims already made keep the deadline they had.
          next.claims = next.claims.map((c) => (isLive(c) && !c.deadline ? { ...c, deadline: claimDeadline(c, cur) } : c))
          next.deadline = new Date(now.getTime() + window)
          if (!released) effects.push(notice(cur, `unclaimed:v${cur.version}`, adminsOf(cur), orderNotices.unclaimed(cur), now, true))
        }
      }
      real = changed
      if (!changed) {
        // Nothing due after all (a claim that took the last place left the hall's due behind): the due is recomputed.
        return settle(cur).nextDue?.getTime() === (cur.nextDue ? new Date(cur.nextDue).getTime() : undefined) ? unchanged : { next: { ...cur }, effects: [] }
      }
      return { next: { ...next, timeline }, effects }
    })
    return what === 'acted' && real ? 'acted' : 'skipped'
  },
}

const autoConfirm: SweepPass<OrderDoc> = {
  name: 'confirm',
  collection: 'orders',
  due: 'confirmDue',
  act: (o, now) =>
    timerMove(o, now, (cur) => {
      if (cur.status !== 'done') return unchanged
      const out = confirmed(cur, ctxOf(now), 'system', orderNotes.autoConfirmed(AUTO_CONFIRM_DAYS))
      out.next.timeline[out.next.timeline.length - 1].by = SYSTEM
      out.effects.push(notice(cur, `auto-confirmed:v${cur.version}`, { ids: [cur.ordererId] }, orderNotices.autoConfirmed(cur, AUTO_CONFIRM_DAYS), now))
      return out
    }),
}

const archive: SweepPass<OrderDoc> = {
  name: 'archive',
  collection: 'orders',
  due: 'archiveDue',
  act: (o, now) =>
    timerMove(o, now, (cur) => {
      if (cur.status !== 'rated') return unchanged
      const t = { ...entry(ctxOf(now), 'system', 'close', cur, { to: 'closed', note: orderNotes.archived, publicNote: orderNotes.archived }), by: SYSTEM }
      return { next: { ...cur, status: 'closed', closure: { code: 'solved', note: orderNotes.archived, by: SYSTEM, at: now }, closedAt: now, updatedAt: now, timeline: [...cur.timeline, t] }, effects: [] }
    }),
}

const outbox = outboxPass('orders', 'outbox')

const CHECKED = ['status', 'taken', 'slotsFree', 'claimerIds', 'people', 'parties', 'open', 'stage', 'todoRank', 'hallRank', 'acceptDue', 'nextDue', 'confirmDue', 'archiveDue'] as const

/** Whether any counter, state or derived field differs from what the order's own data says. */
export function broken(o: OrderDoc): string[] {
  const fixed = settle(o)
  const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : v === undefined ? null : JSON.stringify(v))
  return CHECKED.filter((k) => norm(fixed[k]) !== norm(o[k]))
}

/**
 * The invariants, checked on every order changed since the last run (a watermark): each live claim
 * holds one place (taken = live claims, claimerIds = their people), taken + free = places for hall work,
 * the state follows from the claims, and every derived field is what the order says. A broken one is
 * rewritten from the order's own data and reported.
 */
const orderRepair: RepairPass<OrderDoc> = {
  name: 'order.repair',
  collection: 'orders',
  problems: broken,
  fix: async (o) => {
    await move<OrderDoc>('orders', o, (cur) => ({ next: settle(cur), effects: [] }), { busy: 'ORDER_CONCURRENT_CHANGE' })
    return true
  },
}

export const repair = (now: Date, deadline: number) => runRepair(orderRepair, now, deadline)

export const ORDER_PASSES = [accept, claims, autoConfirm, archive, outbox]

/** The timer trigger: every pass, then the repair pass, within the budget of the invocation. */
export async function slaSweep({ now, budgetMs = 8_000 }: { now: Date; budgetMs?: number }) {
  const start = Date.now()
  const passes = await sweep(ORDER_PASSES, now, budgetMs * 0.8)
  const checked = await repair(now, start + budgetMs)
  return { ...passes, repair: checked }
}
