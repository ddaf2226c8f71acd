import type { memberApi } from '../../shared/contracts/member'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import { PRIVACY_VERSION } from '../../shared/members/model'
import { memberFields } from '../../shared/members/texts'
import { db } from '../common/cloud'
import { fail, failOn } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getBuilding, getCommunity, getGrid } from '../common/org'
import { loadUser } from '../common/users'
import { PROFILE_TEXT_FIELDS, screenProfileText, type MemberDoc, type ProfileTextField } from './held'
import { requireConsent } from './report'
import { profileView } from './view'

export async function profile(_input: ParsedOf<typeof memberApi.profile>, ctx: Ctx): Promise<OutputOf<typeof memberApi.profile>> {
  if (!ctx.user) fail('NOT_LOGGED_IN')
  return profileView(ctx.user)
}

type U = typeof memberApi.updateProfile

/**
 * Changes one's own profile. Where one lives is checked against the organisation tree: a grid must
 * belong to the community and a building to the grid, and moving community clears grid and building.
 * A retired community, grid or building is not accepted as a new choice (where one lived stays as it is).
 */
export async function updateProfile(input: ParsedOf<U>, ctx: Ctx): Promise<OutputOf<U>> {
  const user = ctx.user ?? fail('NOT_LOGGED_IN')
  // A real name or a phone is personal data: asked only after consent to the privacy notice.
  if ((input.realName !== undefined && input.realName !== user.realName) || (input.phone !== undefined && input.phone !== user.phone)) requireConsent(ctx)
  const patch: Partial<MemberDoc> = {}
  for (const key of ['phone', 'largeText'] as const) {
    if (input[key] !== undefined) (patch as Record<string, unknown>)[key] = input[key]
  }
  // User text passes the content rule; a value equal to the one shown is not a change.
  const changed: Partial<Record<ProfileTextField, string>> = {}
  for (const key of PROFILE_TEXT_FIELDS) {
    const v = input[key]
    if (v !== undefined && v !== user[key]) changed[key] = v
  }
  const communityId = input.communityId ?? user.communityId
  if (input.communityId !== undefined && input.communityId !== user.communityId) {
    const community = await getCommunity(input.communityId)
    if (!community) failOn('COMMUNITY_NOT_FOUND', 'communityId')
    if (community.retired) failOn('PLACE_RETIRED', 'communityId')
    patch.communityId = community._id
    patch.streetId = community.streetId
    if (input.gridId === undefined) patch.gridId = undefined
    if (input.buildingId === undefined) patch.buildingId = undefined
  }
  const gridId = input.gridId ?? (patch.communityId ? undefined : user.gridId)
  if (input.gridId !== undefined) {
    const grid = await getGrid(input.gridId)
    if (!grid || grid.communityId !== communityId) failOn('GRID_NOT_IN_COMMUNITY', 'gridId')
    if (grid.retired && input.gridId !== user.gridId) failOn('PLACE_RETIRED', 'gridId')
    patch.gridId = grid._id
    if (input.buildingId === undefined && input.gridId !== user.gridId) patch.buildingId = undefined
  }
  if (input.buildingId !== undefined) {
    const building = await getBuilding(input.buildingId)
    if (!building || building.gridId !== gridId) failOn('BUILDING_NOT_IN_GRID', 'buildingId')
    if (building.retired && input.buildingId !== user.buildingId) failOn('PLACE_RETIRED', 'buildingId')
    patch.buildingId = building._id
  }
  // Checked last, after the place: nothing is sent to the checker for a call that fails anyway.
  const { apply, hold } = await screenProfileText(ctx, changed)
  Object.assign(patch, apply)
  const set: Record<string, unknown> = { updatedAt: ctx.now }
  const unset: string[] = []
  for (const [k, v] of Object.entries(patch)) (v === undefined ? unset.push(k) : (set[k] = v))
  const _ = db.command
  for (const k of unset) set[k] = _.remove()
  // A field changed again replaces what was held of it; a held one waits for an admin.
  for (const key of Object.keys(changed) as ProfileTextField[]) {
    if (hold[key]) set[`held.${key}`] = _.set(hold[key]!)
    else if ((user as MemberDoc).held?.[key]) set[`held.${key}`] = _.remove()
  }
  await db.collection('users').doc(user._id).update(set)
  const stored = await loadUser(user._id)
  return profileView(stored!)
}

type Consent = typeof memberApi.consent
/** Records the person's agreement to the privacy notice (the version they read, and when). */
export async function consent(input: ParsedOf<Consent>, ctx: Ctx): Promise<OutputOf<Consent>> {
  const user = ctx.user ?? fail('NOT_LOGGED_IN')
  if (input.version !== PRIVACY_VERSION) fail('PRIVACY_VERSION_OUTDATED', { version: memberFields.privacyOutdated })
  const had = (user as MemberDoc & { consent?: { version: string } }).consent
  // Agreeing again to the same version keeps the first time.
  if (had?.version !== PRIVACY_VERSION) await db.collection('users').doc(user._id).update({ consent: { version: PRIVACY_VERSION, at: ctx.now }, updatedAt: ctx.now })
  return profileView((await loadUser(user._id))!)
}
