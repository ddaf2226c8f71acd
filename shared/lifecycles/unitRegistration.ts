// 双报到 of a work unit (共建单位) with a community, as one transition table on the lifecycle engine
// (shared/core/flow.ts). One registration per unit and community (its id is made from both), so a
// returned, withdrawn or revoked registration is sent again rather than made twice.
import { allowedIn, decide, type Table } from '../core/flow'

export const UNIT_REG_STATES = ['pending', 'approved', 'returned', 'withdrawn', 'revoked'] as const
export type UnitRegState = (typeof UNIT_REG_STATES)[number]

export const UNIT_REG_ACTIONS = ['resend', 'approve', 'return', 'withdraw', 'revoke', 'edit'] as const
export type UnitRegAction = (typeof UNIT_REG_ACTIONS)[number]

export const UNIT_REG_RELATIONS = [
  'unitAdmin', // the party organisation of the unit that registers
  'communityAdmin', // the admin of the community it registers with
  'streetAdmin', // the admin of that community's street
] as const
export type UnitRegRelation = (typeof UNIT_REG_RELATIONS)[number]

/**
 * The whole lifecycle; a (state, action, relation) not here is refused. `derived` means the record stays
 * where it is (an edit of the resources or the contact changes no state).
 */
export const UNIT_REG_TRANSITIONS: Table<UnitRegState, UnitRegAction, UnitRegRelation> = {
  // Fixed and sent again after a return; or a new start after a withdrawal or a revocation.
  resend: { to: 'pending', by: { unitAdmin: ['returned', 'withdrawn', 'revoked'] } },
  approve: { to: 'approved', by: { communityAdmin: ['pending'] } },
  return: { to: 'returned', by: { communityAdmin: ['pending'] } },
  withdraw: { to: 'withdrawn', by: { unitAdmin: ['pending', 'approved'] } },
  // The community (or its street) ends the co-building; the unit may apply again later.
  revoke: { to: 'revoked', by: { communityAdmin: ['approved'], streetAdmin: ['approved'] } },
  // 我们的资源 and the contact, kept up to date by the unit while it is registered.
  edit: { to: 'derived', by: { unitAdmin: ['pending', 'approved'] } },
}

export const decideUnitReg = (state: UnitRegState, action: UnitRegAction, relations: readonly UnitRegRelation[]) => decide(UNIT_REG_TRANSITIONS, state, action, relations)
export const unitRegActions = (state: UnitRegState, relations: readonly UnitRegRelation[]) => allowedIn(UNIT_REG_TRANSITIONS, UNIT_REG_ACTIONS, state, relations)

export const UNIT_REG_STATE_LABELS: Record<UnitRegState, string> = {
  pending: '待审核',
  approved: '已报到',
  returned: '已退回',
  withdrawn: '已撤回',
  revoked: '已解除',
}

export const UNIT_REG_ACTION_LABELS: Record<UnitRegAction, string> = {
  resend: '重新提交',
  approve: '审核通过',
  return: '退回',
  withdraw: '撤回',
  revoke: '解除共建',
  edit: '修改资源',
}
