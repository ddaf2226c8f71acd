// Roles and their scopes (domain.md "Who uses it"). A person holds grants; each grant is one role inside
// one scope of the organisation tree street → community → grid → building. Identity (the OPENID) comes
// from the platform; grants come from our own users collection, never from the request.
// No zod here: the app imports this module on its first page. The shapes that check stored grants are in
// roleSchemas.ts, for the functions that load users.

export const ROLES = [
  'resident',
  'member',
  'volunteer',
  'gridWorker',
  'communityAdmin',
  'streetAdmin',
  'unitAdmin',
  'department',
  'storeVerifier',
] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  member: '党员',
  volunteer: '志愿者',
  gridWorker: '网格员',
  communityAdmin: '社区党组织',
  streetAdmin: '街道党工委',
  unitAdmin: '单位党组织',
  department: '职能部门',
  storeVerifier: '核销员',
}

/**
 * A grant as code reads and writes it: every scope id named, those the role does not need optional.
 * Stored grants only reach the use cases through validGrants() (roleSchemas.ts), so each one in
 * ctx.grants is a ValidGrant.
 */
export interface Grant {
  role: Role
  streetId?: string
  communityId?: string
  gridId?: string
  unitId?: string
  departmentId?: string
}

/** Where a record lives in the organisation tree. */
export interface Place {
  streetId?: string
  communityId?: string
  gridId?: string
}

/**
 * Whether a grant covers a place. A street admin covers every community of the street; a community
 * role covers its community; a grid worker covers only their grid.
 */
export function grantCovers(grant: Grant, place: Place): boolean {
  switch (grant.role) {
    case 'streetAdmin':
      return !!grant.streetId && grant.streetId === place.streetId
    case 'gridWorker':
      return !!grant.gridId && grant.gridId === place.gridId && grant.communityId === place.communityId
    case 'department':
      return false // departments act on what is sent to them, checked per record
    default:
      return !!grant.communityId && grant.communityId === place.communityId
  }
}

export function hasRole(grants: readonly Grant[], role: Role, place?: Place): boolean {
  return grants.some((g) => g.role === role && (!place || grantCovers(g, place)))
}

export function isAdminOf(grants: readonly Grant[], place: Place): boolean {
  return hasRole(grants, 'communityAdmin', place) || hasRole(grants, 'streetAdmin', place)
}

/** Members and volunteers may claim open work; only party members may claim 党员-only work. */
export function canClaim(grants: readonly Grant[], communityId: string, membersOnly: boolean): boolean {
  const place = { communityId }
  if (hasRole(grants, 'member', place)) return true
  return !membersOnly && hasRole(grants, 'volunteer', place)
}
