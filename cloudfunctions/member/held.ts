// The content rule on a profile (scene 1, 资料): risky text is refused naming the field; text the
// checker wants a person to look at is held. A held value is not shown: the person keeps the value
// they had (a new person the default nickname) and the new one waits in `held.<field>` for an admin
// to clear it. A later change of the same field replaces what was held.
import { checkContent } from '../common/content'
import type { Ctx } from '../common/handler'
import type { UserDoc } from '../common/users'

/** The profile fields that are user text, checked by the content rule. */
export const PROFILE_TEXT_FIELDS = ['nickname', 'realName', 'room'] as const
export type ProfileTextField = (typeof PROFILE_TEXT_FIELDS)[number]

export interface HeldValue {
  value: string
  at: Date
}

/** The users document as member sees it: with the values held for review. */
export type MemberDoc = UserDoc & { held?: Partial<Record<ProfileTextField, HeldValue>> }

/**
 * Checks the changed text fields of a profile. Returns the values to apply now and the ones to hold;
 * throws CONTENT_RISKY naming every risky field before anything is written.
 */
export async function screenProfileText(
  ctx: Pick<Ctx, 'openid' | 'now'>,
  changes: Partial<Record<ProfileTextField, string>>,
): Promise<{ apply: Partial<Record<ProfileTextField, string>>; hold: Partial<Record<ProfileTextField, HeldValue>> }> {
  const texts = Object.fromEntries(Object.entries(changes).filter(([, v]) => typeof v === 'string' && v !== ''))
  const result = await checkContent(ctx, { texts, scene: 1 })
  const apply: Partial<Record<ProfileTextField, string>> = {}
  const hold: Partial<Record<ProfileTextField, HeldValue>> = {}
  for (const [field, value] of Object.entries(changes) as Array<[ProfileTextField, string]>) {
    if (result.fields[field] === 'review') hold[field] = { value, at: ctx.now }
    else apply[field] = value
  }
  return { apply, hold }
}
