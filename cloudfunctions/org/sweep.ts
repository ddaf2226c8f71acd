// org's timer: delivers what a move of the organisation could not (an audit entry, a notice) through the
// sweep framework (common/sweep.ts), on each collection's `outbox.at` index.
import { COLLECTIONS } from '../../shared/org/model'
import type { TimerJob } from '../common/handler'
import { outboxPass, sweep } from '../common/sweep'

export const ORG_OUTBOXES = ['users', 'communities', 'grids', 'buildings', COLLECTIONS.unitRegistrations, COLLECTIONS.needs, COLLECTIONS.projects].map((c) => outboxPass(c))

export const orgSweep: TimerJob = ({ now, budgetMs }) => sweep(ORG_OUTBOXES, now, budgetMs)
