import type { ProfileView } from '../../shared/contracts/member'
import { PRIVACY_VERSION } from '../../shared/members/model'
import type { Role } from '../../shared/roles'
import { effectiveGrants } from '../common/handler'
import { getBuilding, getCommunity, getGrid } from '../common/org'
import type { UserDoc } from '../common/users'

/** The person's own view of themselves: unmasked, since it is theirs. */
export async function profileView(user: UserDoc): Promise<ProfileView> {
  const [community, grid, building] = await Promise.all([
    user.communityId ? getCommunity(user.communityId) : null,
    user.gridId ? getGrid(user.gridId) : null,
    user.buildingId ? getBuilding(user.buildingId) : null,
  ])
  const grants = effectiveGrants(user)
  const roles = [...new Set(grants.map((g) => g.role))] as Role[]
  const consent = (user as UserDoc & { consent?: { version: string; at: Date } }).consent
  return {
    openid: user._id,
    nickname: user.nickname,
    realName: user.realName,
    phone: user.phone,
    streetId: user.streetId,
    communityId: user.communityId,
    communityName: community?.name,
    gridId: user.gridId,
    gridName: grid?.name,
    buildingId: user.buildingId,
    buildingName: building?.name,
    room: user.room,
    grants,
    roles,
    largeText: !!user.largeText,
    createdAt: new Date(user.createdAt).toISOString(),
    complete: !!user.communityId,
    ...(consent ? { consent: { version: consent.version, at: new Date(consent.at).toISOString() } } : {}),
    consented: consent?.version === PRIVACY_VERSION,
  }
}
