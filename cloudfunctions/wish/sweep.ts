// The wish's timer, on the one sweep framework (common/sweep.ts), run by its CloudBase timer trigger
// (wishSweep, cloudbaserc.json): each pass reads only wishes whose due field says they need it now.
//   claims — a live claim 3 days before its deadline is reminded; at the deadline, if not fulfilled, it
//            is released and the wish goes back on the board
//   outbox — effects a call could not deliver
import type { Effect } from '../../shared/core/effects'
import { claimDue, liveClaim } from '../../shared/wishes/derive'
import { wishNotes, wishNotices } from '../../shared/wishes/texts'
import { Failure } from '../common/errors'
import type { TimerJob } from '../common/handler'
import { unchanged } from '../common/records'
import { outboxPass, sweep, type SweepPass } from '../common/sweep'
import { adminsOf, entry, notice, wishMove, WISHES, type WishDoc } from './model'

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
          return { next: { ...cur, claims, timeline: [...cur.timeline, entry(ctx, 'system', 'remind', cur)] }, effects }
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

export const WISH_PASSES = [claims, outboxPass(WISHES, 'outbox')]

export const wishSweep: TimerJob = ({ now, budgetMs }) => sweep(WISH_PASSES, now, budgetMs)
