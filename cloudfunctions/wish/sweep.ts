// The wish's timer, on the one sweep framework (common/sweep.ts), run by its CloudBase timer trigger
// (wishSweep, cloudbaserc.json): each pass reads only wishes whose due field says they need it now.
//   claims  — a live claim 3 days before its deadline is reminded; at the deadline, if not fulfilled, it
//             is released and the wish goes back on the board
//   confirm — delivered but confirmed by nobody for WISH_AUTO_CONFIRM_DAYS → confirmed by the timer
//             (audited), the donor paid by the same ledger effect as a manual confirmation
//   outbox  — effects a call could not deliver
//   repair  — every invariant (wishProblems) of the wishes changed since its last run
import type { Effect } from '../../shared/core/effects'
import { claimDue, liveClaim, settleWish, wishProblems } from '../../shared/wishes/derive'
import { WISH_AUTO_CONFIRM_DAYS } from '../../shared/wishes/rules'
import { wishNotes, wishNotices } from '../../shared/wishes/texts'
import { Failure } from '../common/errors'
import type { TimerJob } from '../common/handler'
import { move, unchanged, type Outcome } from '../common/records'
import { outboxPass, runRepair, sweep, type RepairPass, type SweepPass } from '../common/sweep'
import { confirmed } from './claims'
import { adminsOf, auditOf, entry, notice, wishMove, WISHES, type WishDoc } from './model'

const SYSTEM = 'system'

const claims: SweepPass<WishDoc> = {
  name: 'claims',
  collection: WISHES,
  due: 'nextDue',
  act: async (w, now) => {
    let acted = false
    try {
      await wishMove(w, (cur) => {
        const c = liveClaim(cur)
        const due = claimDue(c)
        if (!c || !due || due > now || cur.status !== 'claimed') {
          // Nothing due after all (fulfilled or ended meanwhile): the due field is recomputed if stale.
          return cur.nextDue && (!due || new Date(cur.nextDue).getTime() !== due.getTime()) ? { next: { ...cur }, effects: [] } : unchanged
        }
        acted = true
        const key = `claim:${c.openid}:${new Date(c.claimedAt).getTime()}`
        const ctx = { openid: SYSTEM, now }
        if (!c.remindedAt) {
          const claims = cur.claims.map((x) => (x === c ? { ...x, remindedAt: now } : x))
          const effects: Effect[] = [notice(cur, `${key}:remind`, { ids: [c.openid] }, wishNotices.remind(cur), now)]
          return { next: { ...cur, claims, updatedAt: now, timeline: [...cur.timeline, entry(ctx, 'system', 'remind', cur)] }, effects }
        }
        const claims = cur.claims.map((x) => (x === c ? { ...x, status: 'released' as const, endedAt: now, reason: wishNotes.released } : x))
        const t = entry(ctx, 'system', 'release', cur, { to: 'open', note: wishNotes.released, publicNote: wishNotes.released })
        return {
          next: { ...cur, status: 'open', claims, updatedAt: now, timeline: [...cur.timeline, t] },
          effects: [
            notice(cur, `${key}:released`, { ids: [c.openid] }, wishNotices.released(cur), now),
            notice(cur, `${key}:released-wisher`, { ids: [cur.ownerId] }, wishNotices.releasedWisher(cur), now),
            notice(cur, `${key}:released-admin`, adminsOf(cur), wishNotices.releasedWisher(cur), now),
          ],
        }
      })
    } catch (err) {
      if (err instanceof Failure) return 'skipped'
      throw err
    }
    return acted ? 'acted' : 'skipped'
  },
}

/** The timer's own move: decided on the wish as it is now; a move someone else made first wins. */
async function timerMove(w: WishDoc, decideOn: (cur: WishDoc) => Outcome<WishDoc>): Promise<'acted' | 'skipped'> {
  let acted = false
  try {
    await wishMove(w, (cur) => {
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

const autoConfirm: SweepPass<WishDoc> = {
  name: 'confirm',
  collection: WISHES,
  due: 'confirmDue',
  act: (w, now) =>
    timerMove(w, (cur) => {
      // Confirmed by the wisher or the grid worker meanwhile: theirs was the confirmation, and the pay.
      if (cur.status !== 'fulfilled') return unchanged
      const ctx = { openid: SYSTEM, now }
      const note = wishNotes.autoConfirmed(WISH_AUTO_CONFIRM_DAYS)
      const out = confirmed(cur, ctx, 'system')
      const last = out.next.timeline[out.next.timeline.length - 1]
      out.next.timeline[out.next.timeline.length - 1] = { ...last, note }
      out.effects.push(
        notice(cur, `auto-confirmed:v${cur.version}`, { ids: [cur.ownerId] }, wishNotices.autoConfirmed(cur, WISH_AUTO_CONFIRM_DAYS), now),
        // Nobody looked at the delivery: the confirmation in the wisher's name is kept in the audit trail.
        auditOf(cur, ctx, 'system', 'confirm', note),
      )
      return out
    }),
}

/**
 * The invariants of a wish (shared/wishes/derive.ts wishProblems): at most one live claim, the state
 * agreeing with its claims, evidence with a delivery, every derived field what the wish says. Derived
 * fields are rewritten from the wish's own data; a wish whose claims and state disagree is left for a
 * person (which claim is the real one is not the timer's to guess) and reported.
 */
const repairPass: RepairPass<WishDoc> = {
  name: 'wish.repair',
  collection: WISHES,
  problems: wishProblems,
  fix: async (w, found) => {
    if (!found.every((p) => p.startsWith('derived '))) return false
    await move<WishDoc>(WISHES, w, (cur) => ({ next: settleWish(cur), effects: [] }), { busy: 'WISH_CONCURRENT_CHANGE' })
    return true
  },
}

export const WISH_PASSES = [claims, autoConfirm, outboxPass(WISHES, 'outbox')]

export const repair = (now: Date, deadline: number) => runRepair(repairPass, now, deadline)

/** The timer trigger: every pass, then the repair pass, within the budget of the invocation. */
export const wishSweep: TimerJob = async ({ now, budgetMs }) => {
  const start = Date.now()
  const passes = await sweep(WISH_PASSES, now, budgetMs * 0.8)
  return { ...passes, repair: await repair(now, start + budgetMs) }
}
