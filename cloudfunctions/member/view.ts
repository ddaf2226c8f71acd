import type { ProfileView } from '../../shared/contracts/member'
import { PRIVACY_VERSION } from '../../shared/members/model'
import type { Role } from '../../shared/roles'
import { effectiveGrants } from '../common/handler'
import { getBuilding, getCommunity, getGrid } from '../common/org'
import { getDoc, type UserDoc } from '../common/users'

/** The person's own view of themselves: unmasked, since it is theirs. */
export async function profileView(user: UserDoc): Promise<ProfileView> {
  const [community, grid, building] = await Promise.all([
    user.communityId ? getCommunity(user.communityId) : null,
    user.gridId ? getGrid(user.gridId) : null,
    user.buildingId ? getBuilding(user.buildingId) : null,
  ])
  const grants = effectiveGrants(user)
  const roles = [...new Set(grants.map((g) => g.role))] as Role[]
  const scopeNames = await namesOf(grants)
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
    ...(scopeNames ? { scopeNames } : {}),
    ...(typeof user.largeText === 'boolean' || user.largeText === 'system' ? { largeText: user.largeText } : {}),
    createdAt: new Date(user.createdAt).toISOString(),
    complete: !!user.communityId,
    ...(consent ? { consent: { version: consent.version, at: new Date(consent.at).toISOString() } } : {}),
    consented: consent?.version === PRIVACY_VERSION,
  }
}

/** A street's, unit's or department's name for the screens that say whose account this is (never its raw id). */
async function namesOf(grants: ReturnType<typeof effectiveGrants>): Promise<ProfileView['scopeNames']> {
  const ids = (key: 'unitId' | 'departmentId' | 'streetId', role?: Role) => [
    ...new Set(grants.filter((g) => !role || g.role === role).map((g) => g[key]).filter((x): x is string => !!x)),
  ]
  const [streets, units, departments] = [ids('streetId', 'streetAdmin'), ids('unitId'), ids('departmentId')]
  if (!streets.length && !units.length && !departments.length) return undefined
  const named = async (collection: string, list: string[]) =>
    Object.fromEntries(await Promise.all(list.map(async (id) => [id, (await getDoc<{ name: string }>(collection, id))?.name ?? id] as const)))
  const [s, u, d] = await Promise.all([named('streets', streets), named('units', units), named('departments', departments)])
  return { streets: s, units: u, departments: d }
}
