import type { memberApi } from '../../shared/contracts/member'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import { memberTexts } from '../../shared/members/texts'
import { db } from '../common/cloud'
import { isDuplicate } from '../common/errors'
import type { Ctx } from '../common/handler'
import { loadUser } from '../common/users'
import { screenProfileText, type MemberDoc } from './held'
import { profileView } from './view'

type C = typeof memberApi.login

/**
 * Creates the person on first sight. The document id is the OPENID, so two first logins racing each
 * other cannot create two people: the loser's insert fails as a duplicate and it reads the winner's.
 */
export async function login(input: ParsedOf<C>, ctx: Ctx): Promise<OutputOf<C>> {
  if (ctx.user) return profileView(ctx.user)
  // The nickname WeChat gave passes the content rule like any other: risky refused, review held.
  const { apply, hold } = input.nickname ? await screenProfileText(ctx, { nickname: input.nickname }) : { apply: {}, hold: {} }
  const doc: MemberDoc = {
    _id: ctx.openid,
    nickname: apply.nickname || memberTexts.defaultNickname(ctx.openid),
    grants: [],
    // largeText stays unset until the person chooses: the app follows the phone's font size meanwhile.
    ...(hold.nickname ? { held: hold } : {}),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  try {
    await db.collection('users').add(doc)
  } catch (err) {
    if (!isDuplicate(err)) throw err
  }
  const stored = await loadUser(ctx.openid)
  return profileView(stored ?? doc)
}
