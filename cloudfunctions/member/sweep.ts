// member's timer: delivers what a registration's move could not (a grant, a notice, an audit entry),
// through the sweep framework (common/sweep.ts) on the `outbox.at` index.
import type { TimerJob } from '../common/handler'
import { outboxPass, sweep } from '../common/sweep'
import { REGISTRATIONS } from './registrations'

export const registrationOutbox = outboxPass(REGISTRATIONS, 'outbox')

export const memberSweep: TimerJob = ({ now, budgetMs }) => sweep([registrationOutbox], now, budgetMs)
