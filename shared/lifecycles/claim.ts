// A claim (领单): one person's hold on one place of an order from the task hall, or the place a member
// was dispatched to. Each claimer moves on their own; the order's state follows from its claims
// (shared/orders/derive.ts). Claims live inside their order's document, so a claim, its place and the
// order's counters change in one write and can never disagree.
import { allowedIn, decide, type Table } from '../core/flow'

export const CLAIM_STATES = ['claimed', 'started', 'submitted', 'paid', 'released', 'ended'] as const
export type ClaimState = (typeof CLAIM_STATES)[number]

export const CLAIM_ACTIONS = ['start', 'release', 'submit', 'redo', 'pay', 'end'] as const
export type ClaimAction = (typeof CLAIM_ACTIONS)[number]

export const CLAIM_RELATIONS = ['claimer', 'system'] as const
export type ClaimRelation = (typeof CLAIM_RELATIONS)[number]

export const CLAIM_TRANSITIONS: Table<ClaimState, ClaimAction, ClaimRelation> = {
  start: { to: 'started', by: { claimer: ['claimed'] } },
  // The claimer may let go before starting; the timer releases a claim not done by its deadline.
  release: { to: 'released', by: { claimer: ['claimed'], system: ['claimed', 'started'] } },
  submit: { to: 'submitted', by: { claimer: ['started'] } },
  // The resident said 没解决: the work goes back to the claimer.
  redo: { to: 'started', by: { system: ['submitted'] } },
  // Only work the resident (or grid worker, or the timer after the confirmation window) confirmed is paid.
  pay: { to: 'paid', by: { system: ['submitted'] } },
  // The order was closed or returned without a confirmation: the claim earns nothing.
  end: { to: 'ended', by: { system: ['claimed', 'started', 'submitted'] } },
}

/** Claims that hold a place. */
export const LIVE_CLAIM_STATES: readonly ClaimState[] = ['claimed', 'started', 'submitted']

export const decideClaim = (state: ClaimState, action: ClaimAction, as: ClaimRelation) => decide(CLAIM_TRANSITIONS, state, action, [as])
export const claimActions = (state: ClaimState, as: ClaimRelation) => allowedIn(CLAIM_TRANSITIONS, CLAIM_ACTIONS, state, [as])

export const CLAIM_STATE_LABELS: Record<ClaimState, string> = {
  claimed: '已领单',
  started: '办理中',
  submitted: '已提交',
  paid: '已确认',
  released: '已放弃',
  ended: '已结束',
}
