// 报到 (双报到 of a party member, or a resident's application to be a 志愿者) as one transition table on
// the lifecycle engine (shared/core/flow.ts). A person has at most one registration per community (its id
// is made from the person and the community), so reporting again to the same community moves the same
// record back to `pending`; moving to another community is a new registration there, and the approval of
// the new one revokes the old (by the system).
import { allowedIn, decide, type Decision, type Table } from '../core/flow'

export const REGISTRATION_STATES = ['pending', 'approved', 'returned', 'withdrawn', 'revoked'] as const
export type RegistrationState = (typeof REGISTRATION_STATES)[number]

export const REGISTRATION_ACTIONS = ['resend', 'approve', 'return', 'withdraw', 'revoke'] as const
export type RegistrationAction = (typeof REGISTRATION_ACTIONS)[number]

export const REGISTRATION_RELATIONS = [
  'person', // the one who reported
  'communityAdmin', // an admin of the registration's community
  'system', // the approval of a registration elsewhere (moving community)
] as const
export type RegistrationRelation = (typeof REGISTRATION_RELATIONS)[number]

/** The whole lifecycle. A (state, action, relation) that is not here is refused. */
export const REGISTRATION_TRANSITIONS: Table<RegistrationState, RegistrationAction, RegistrationRelation> = {
  // Fixed after a return, or reported again after withdrawing or being revoked: waits for review again.
  resend: { to: 'pending', by: { person: ['returned', 'withdrawn', 'revoked'] } },
  approve: { to: 'approved', by: { communityAdmin: ['pending'] } },
  // 退回 with a reason: the person fixes it and sends it again.
  return: { to: 'returned', by: { communityAdmin: ['pending'] } },
  // The person may take it back while it waits, after a return, or give up an approved role.
  withdraw: { to: 'withdrawn', by: { person: ['pending', 'returned', 'approved'] } },
  // The admin takes an approved role away; the system does when the person's registration elsewhere is approved.
  revoke: { to: 'revoked', by: { communityAdmin: ['approved'], system: ['approved'] } },
}

export function decideRegistration(state: RegistrationState, action: RegistrationAction, relations: readonly RegistrationRelation[]): Decision<RegistrationState, RegistrationRelation> {
  return decide(REGISTRATION_TRANSITIONS, state, action, relations)
}

/** What the caller may do next, for the screen's buttons. */
export function registrationActions(state: RegistrationState, relations: readonly RegistrationRelation[]): RegistrationAction[] {
  return allowedIn(REGISTRATION_TRANSITIONS, REGISTRATION_ACTIONS, state, relations)
}

/** Moves after which the person holds the role (a grant on their user), and those after which they do not. */
export const GRANTING_STATES: readonly RegistrationState[] = ['approved']

export const REGISTRATION_STATE_LABELS: Record<RegistrationState, string> = {
  pending: '待审核',
  approved: '已通过',
  returned: '已退回',
  withdrawn: '已撤回',
  revoked: '已撤销',
}

export const REGISTRATION_ACTION_LABELS: Record<RegistrationAction, string> = {
  resend: '重新提交',
  approve: '通过',
  return: '退回修改',
  withdraw: '撤回',
  revoke: '撤销',
}
