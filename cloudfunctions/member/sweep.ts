// member's timer: delivers what a registration's move could not (a grant, a notice, an audit entry),
// through the sweep framework (common/sweep.ts) on the `outbox.at` index.
import type { RegistrationDoc } from '../../shared/members/model'
import type { TimerJob } from '../common/handler'
import { deliver } from '../common/outbox'
import { sweep, type SweepPass } from '../common/sweep'
import { REGISTRATIONS } from './registrations'

/** Effects older than a minute that their call did not deliver (it failed, or lost its reply). */
export const registrationOutbox: SweepPass<RegistrationDoc> = {
  name: 'outbox',
  collection: REGISTRATIONS,
  due: 'outbox.at',
  lagMs: 60_000,
  act: async (r) => ((await deliver(REGISTRATIONS, r, r.outbox)) ? 'acted' : 'skipped'),
}

export const memberSweep: TimerJob = ({ now, budgetMs }) => sweep([registrationOutbox], now, budgetMs)
