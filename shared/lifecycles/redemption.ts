// 爱心超市 redemption: placed (stock and points being taken) → ready (a pickup code) → collected; or
// cancelled (the person, or the store, gives it back: stock and points return), or rejected (the system
// could not take the stock or the points, or the store refuses it).
import { allowedIn, decide, type Table } from '../core/flow'

export const REDEMPTION_STATES = ['placed', 'ready', 'collected', 'cancelled', 'rejected'] as const
export type RedemptionState = (typeof REDEMPTION_STATES)[number]

export const REDEMPTION_ACTIONS = ['confirm', 'reject', 'collect', 'cancel'] as const
export type RedemptionAction = (typeof REDEMPTION_ACTIONS)[number]

export const REDEMPTION_RELATIONS = [
  'owner', // the person who redeemed
  'verifier', // the store's side: the community's admins, and the 核销员 (storeVerifier) they appoint
  'system', // the redemption's own steps (taking stock and points)
] as const
export type RedemptionRelation = (typeof REDEMPTION_RELATIONS)[number]

export const REDEMPTION_TRANSITIONS: Table<RedemptionState, RedemptionAction, RedemptionRelation> = {
  confirm: { to: 'ready', by: { system: ['placed'] } },
  reject: { to: 'rejected', by: { system: ['placed'], verifier: ['ready'] } },
  collect: { to: 'collected', by: { verifier: ['ready'] } },
  // Placed is a moment (the steps run in the call); a person cancels what is ready.
  cancel: { to: 'cancelled', by: { owner: ['ready'], verifier: ['ready'] } },
}

export const decideRedemption = (state: RedemptionState, action: RedemptionAction, relations: readonly RedemptionRelation[]) => decide(REDEMPTION_TRANSITIONS, state, action, relations)
export const redemptionActions = (state: RedemptionState, relations: readonly RedemptionRelation[]) => allowedIn(REDEMPTION_TRANSITIONS, REDEMPTION_ACTIONS, state, relations)

export const REDEMPTION_STATE_LABELS: Record<RedemptionState, string> = {
  placed: '处理中',
  ready: '待领取',
  collected: '已领取',
  cancelled: '已取消',
  rejected: '未成功',
}

export const REDEMPTION_ACTION_LABELS: Record<RedemptionAction, string> = {
  confirm: '确认',
  reject: '拒绝',
  collect: '核销',
  cancel: '取消兑换',
}

/** States in which the stock is held for the person (returned on cancel or reject, kept on collect). */
export const HOLDING: readonly RedemptionState[] = ['ready']
