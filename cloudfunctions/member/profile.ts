import type { memberApi } from '../../shared/contracts/member'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import { db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getBuilding, getCommunity, getGrid } from '../common/org'
import { loadUser, type UserDoc } from '../common/users'
import { profileView } from './view'

export async function profile(_input: ParsedOf<typeof memberApi.profile>, ctx: Ctx): Promise<OutputOf<typeof memberApi.profile>> {
  if (!ctx.user) fail('NOT_LOGGED_IN')
  return profileView(ctx.user)
}

type U = typeof memberApi.updateProfile

/**
 * Changes one's own profile. Where one lives is checked against the organisation tree: a grid must
 * belong to the community and a building to the grid, and moving community clears grid and building.
 */
export async function updateProfile(input: ParsedOf<U>, ctx: Ctx): Promise<OutputOf<U>> {
  const user = ctx.user ?? fail('NOT_LOGGED_IN')
  const patch: Partial<UserDoc> = {}
  for (const key of ['nickname', 'realName', 'phone', 'room', 'largeText'] as const) {
    if (input[key] !== undefined) (patch as Record<string, unknown>)[key] = input[key]
  }
  const communityId = input.communityId ?? user.communityId
  if (input.communityId !== undefined && input.communityId !== user.communityId) {
    const community = await getCommunity(input.communityId)
    if (!community) fail('COMMUNITY_NOT_FOUND', { communityId: '找不到该社区' })
    patch.communityId = community._id
    patch.streetId = community.streetId
    if (input.gridId === undefined) patch.gridId = undefined
    if (input.buildingId === undefined) patch.buildingId = undefined
  }
  const gridId = input.gridId ?? (patch.communityId ? undefined : user.gridId)
  if (input.gridId !== undefined) {
    const grid = await getGrid(input.gridId)
    if (!grid || grid.communityId !== communityId) fail('GRID_NOT_IN_COMMUNITY', { gridId: '所选网格不属于该社区' })
    patch.gridId = grid._id
    if (input.buildingId === undefined && input.gridId !== user.gridId) patch.buildingId = undefined
  }
  if (input.buildingId !== undefined) {
    const building = await getBuilding(input.buildingId)
    if (!building || building.gridId !== gridId) fail('BUILDING_NOT_IN_GRID', { buildingId: '所选楼栋不属于该网格' })
    patch.buildingId = building._id
  }
  const set: Record<string, unknown> = { updatedAt: ctx.now }
  const unset: string[] = []
  for (const [k, v] of Object.entries(patch)) (v === undefined ? unset.push(k) : (set[k] = v))
  const _ = db.command
  for (const k of unset) set[k] = _.remove()
  await db.collection('users').doc(user._id).update(set)
  const stored = await loadUser(user._id)
  return profileView(stored!)
}
