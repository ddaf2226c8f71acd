// 微心愿 (domain.md "Lifecycles"): pending_review → open | returned | rejected; open → claimed →
// fulfilled (evidence) → confirmed (thanks); withdrawn. One transition table on the lifecycle engine of
// shared/core/flow.ts, decided on the server from the stored wish and the caller's relations to it
// (shared/wishes/policy.ts).
//
// The claim has its own lifecycle (WISH_CLAIM_TRANSITIONS below), like an order's claims, and lives
// inside its wish's document: the wish's state and its live claim change in one conditional write, so
// a wish has at most one live claim whatever the concurrency.
import { allowedIn, decide, type Decision, type Table } from '../core/flow'

export const WISH_STATES = ['pending_review', 'returned', 'rejected', 'open', 'claimed', 'fulfilled', 'confirmed', 'withdrawn'] as const
export type WishState = (typeof WISH_STATES)[number]

export const WISH_RELATIONS = [
  'wisher', // the person who posted it (the resident, or the grid worker / admin who posted for one)
  'gridWorker', // grid worker of the wish's grid: confirms receipt for an elder, hands over 代转交 gifts
  'communityAdmin', // admin of the wish's community: reviews, redacts, revokes a claim
  'claimer', // holder of the live claim (a member, a volunteer, or a 共建单位 through its admin)
  'candidate', // a member or volunteer of the community, or the admin of a partner unit: may claim
  'system', // the timer: releases a claim after its deadline, confirms a delivery nobody confirmed
] as const
export type WishRelation = (typeof WISH_RELATIONS)[number]

export const WISH_ACTIONS = ['resubmit', 'approve', 'return', 'reject', 'redact', 'withdraw', 'claim', 'cancel', 'revoke', 'release', 'fulfil', 'confirm', 'thank'] as const
export type WishAction = (typeof WISH_ACTIONS)[number]

/**
 * The whole lifecycle. A (state, action, relation) that is not here is refused. `derived` means the
 * state stays where it is (an edit of the text, a thank-you after the confirmation).
 */
export const WISH_TRANSITIONS: Table<WishState, WishAction, WishRelation> = {
  // Returned for a fix: the wisher edits and sends it again.
  resubmit: { to: 'pending_review', by: { wisher: ['returned'] } },
  approve: { to: 'open', by: { communityAdmin: ['pending_review'] } },
  return: { to: 'returned', by: { communityAdmin: ['pending_review'] } },
  reject: { to: 'rejected', by: { communityAdmin: ['pending_review'] } },
  // Redaction (edit the text, hide the photo) before approval, or on the board while nobody holds it.
  redact: { to: 'derived', by: { communityAdmin: ['pending_review', 'open'] } },
  withdraw: { to: 'withdrawn', by: { wisher: ['pending_review', 'returned', 'open'], communityAdmin: ['pending_review', 'returned', 'open'] } },
  claim: { to: 'claimed', by: { candidate: ['open'] } },
  // The claim ends and the wish goes back on the board: the claimer lets go (with a reason), the admin
  // revokes it, or the timer releases it after its deadline.
  cancel: { to: 'open', by: { claimer: ['claimed'] } },
  revoke: { to: 'open', by: { communityAdmin: ['claimed'] } },
  release: { to: 'open', by: { system: ['claimed'] } },
  fulfil: { to: 'fulfilled', by: { claimer: ['claimed'] } },
  // Receipt confirmed by the wisher, or by the grid worker for them, or by the timer when neither did
  // within WISH_AUTO_CONFIRM_DAYS; the donor is paid then.
  confirm: { to: 'confirmed', by: { wisher: ['fulfilled'], gridWorker: ['fulfilled'], system: ['fulfilled'] } },
  thank: { to: 'derived', by: { wisher: ['confirmed'], gridWorker: ['confirmed'] } },
}

export function checkWish(state: WishState, action: WishAction, rel: readonly WishRelation[]): Decision<WishState, WishRelation> {
  return decide(WISH_TRANSITIONS, state, action, rel)
}

export function wishActions(state: WishState, rel: readonly WishRelation[]): WishAction[] {
  return allowedIn(WISH_TRANSITIONS, WISH_ACTIONS, state, rel)
}

/** Shown on the board (masked): approved and not withdrawn. */
export const BOARD_STATES: readonly WishState[] = ['open', 'claimed', 'fulfilled', 'confirmed']

export const WISH_STATE_LABELS: Record<WishState, string> = {
  pending_review: '待审核',
  returned: '已退回',
  rejected: '未通过',
  open: '待认领',
  claimed: '已认领',
  fulfilled: '待确认',
  confirmed: '已实现',
  withdrawn: '已撤回',
}

export const WISH_ACTION_LABELS: Record<WishAction, string> = {
  resubmit: '修改后重新提交',
  approve: '审核通过',
  return: '退回修改',
  reject: '不予通过',
  redact: '编辑隐私信息',
  withdraw: '撤回心愿',
  claim: '认领心愿',
  cancel: '取消认领',
  revoke: '撤销认领',
  release: '超期释放',
  fulfil: '提交实现凭证',
  confirm: '确认收到',
  thank: '感谢留言',
}

// ---- the claim

export const WISH_CLAIM_STATES = ['claimed', 'fulfilled', 'confirmed', 'cancelled', 'revoked', 'released'] as const
export type WishClaimState = (typeof WISH_CLAIM_STATES)[number]

export const WISH_CLAIM_ACTIONS = ['fulfil', 'cancel', 'revoke', 'release', 'confirm'] as const
export type WishClaimAction = (typeof WISH_CLAIM_ACTIONS)[number]

export const WISH_CLAIM_RELATIONS = ['claimer', 'communityAdmin', 'system'] as const
export type WishClaimRelation = (typeof WISH_CLAIM_RELATIONS)[number]

export const WISH_CLAIM_TRANSITIONS: Table<WishClaimState, WishClaimAction, WishClaimRelation> = {
  fulfil: { to: 'fulfilled', by: { claimer: ['claimed'] } },
  cancel: { to: 'cancelled', by: { claimer: ['claimed'] } },
  revoke: { to: 'revoked', by: { communityAdmin: ['claimed'] } },
  release: { to: 'released', by: { system: ['claimed'] } },
  // The wish's confirmation confirms (and pays) its claim.
  confirm: { to: 'confirmed', by: { system: ['fulfilled'] } },
}

/** A claim that holds its wish. */
export const LIVE_WISH_CLAIM_STATES: readonly WishClaimState[] = ['claimed', 'fulfilled']

export const decideWishClaim = (state: WishClaimState, action: WishClaimAction, as: WishClaimRelation) => decide(WISH_CLAIM_TRANSITIONS, state, action, [as])

export const WISH_CLAIM_STATE_LABELS: Record<WishClaimState, string> = {
  claimed: '已认领',
  fulfilled: '已送达',
  confirmed: '已确认',
  cancelled: '已取消',
  revoked: '已撤销',
  released: '已超期释放',
}
