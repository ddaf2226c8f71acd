// Every sentence the member use cases (login, profile, 报到, account) write for people to read, besides
// the registration notices (./model.ts `effectsOf`) and the reasons' own sentences (../messages.ts).
import { REGISTRATION_ACTION_LABELS, REGISTRATION_STATE_LABELS, type RegistrationAction, type RegistrationState } from '../lifecycles/registration'
import { notNow } from '../messages'

export const memberTexts = {
  /** The name of a person who has not given one: 居民 and the last four characters of the openid. */
  defaultNickname: (openid: string) => `居民${openid.slice(-4)}`,
  /** What stays of a person's name in records kept after the account is deleted. */
  erasedName: '已注销用户',
  /** Why the registration in the old community ends when the one in the new community is approved. */
  movedTo: (communityName: string | undefined) => `已转到${communityName ?? '其他社区'}报到`,
}

/** Field messages and details of the member use cases' refusals. */
export const memberFields = {
  notNow: (state: RegistrationState, action: RegistrationAction) => notNow('报到', REGISTRATION_STATE_LABELS[state], REGISTRATION_ACTION_LABELS[action]),
  chooseCommunity: '请选择社区',
  privacyOutdated: '隐私保护指引已更新，请重新阅读',
  ownCommunityOnly: '只能向您居住的社区报到',
}
