// pointsSweep, the points function's one timer: finishes redemptions a call left halfway (placed, or
// stock and points still to give back), reconciles every balance whose entries changed since it was
// last checked (the `recheckAt` index: the ledger's sums against the cached balance; a drift is fixed
// and reported to the community's admins), and delivers what the outboxes hold.
import { BALANCES, type BalanceDoc } from '../common/balances'
import type { TimerJob } from '../common/handler'
import { outboxPass, sweep, type SweepPass } from '../common/sweep'
import { reconcileOne } from './balance'
import { advance, GOODS, REDEMPTIONS, runTodo, type RedemptionDoc } from './store'

const redemptionsPass: SweepPass<RedemptionDoc> = {
  name: 'redemptions',
  collection: REDEMPTIONS,
  due: 'due',
  // The call that placed it is still at work for a while.
  lagMs: 60_000,
  act: async (r, now) => {
    if (r.status === 'placed') {
      await advance(r, now)
      return 'acted'
    }
    return (await runTodo(r, now)) ? 'acted' : 'skipped'
  },
}

const reconcilePass: SweepPass<BalanceDoc> = {
  name: 'reconcile',
  collection: BALANCES,
  due: 'recheckAt',
  act: async (b, now) => ((await reconcileOne(b._id, now)) === 'fixed' ? 'acted' : 'skipped'),
}

export const POINTS_PASSES = [redemptionsPass, reconcilePass, outboxPass(BALANCES), outboxPass(GOODS), outboxPass(REDEMPTIONS)]

export const pointsSweep: TimerJob = ({ now, budgetMs }) => sweep(POINTS_PASSES, now, budgetMs)
