// Roles and their scopes (domain.md "Who uses it"). A person holds grants; each grant is one role inside
// one scope of the organisation tree street → community → grid → building. Identity (the OPENID) comes
// from the platform; grants come from our own users collection, never from the request.
import { z } from 'zod'

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

/** A scope id as stored: non-empty, no blanks (an empty id would match nothing, or everything). */
const scopeId = z.string().regex(/^[\x21-\x7E]{1,64}$/)

/** Every scope id a grant may carry; which of them each role must carry is said per role below. */
const scopes = z.object({
  streetId: scopeId.optional(),
  communityId: scopeId.optional(),
  gridId: scopeId.optional(),
  unitId: scopeId.optional(),
  departmentId: scopeId.optional(),
})

/**
 * One shape per role, each with the scope id that bounds it required: a grant missing it would widen
 * every query built from it (a department grant without its id would see every department's work).
 * Stored grants are parsed with this when a user is loaded; one that fails is dropped, never widened.
 */
export const grantSchema = z.discriminatedUnion('role', [
  scopes.extend({ role: z.literal('resident'), communityId: scopeId }),
  scopes.extend({ role: z.literal('member'), communityId: scopeId }),
  scopes.extend({ role: z.literal('volunteer'), communityId: scopeId }),
  scopes.extend({ role: z.literal('gridWorker'), communityId: scopeId, gridId: scopeId }),
  scopes.extend({ role: z.literal('communityAdmin'), communityId: scopeId }),
  scopes.extend({ role: z.literal('streetAdmin'), streetId: scopeId }),
  scopes.extend({ role: z.literal('unitAdmin'), unitId: scopeId }),
  scopes.extend({ role: z.literal('department'), departmentId: scopeId }),
  // 核销员 of a community's 爱心超市: checks off pickups there, nothing else.
  scopes.extend({ role: z.literal('storeVerifier'), communityId: scopeId }),
])
/** A checked grant: its role's scope id is there. */
export type ValidGrant = z.infer<typeof grantSchema>
/**
 * A grant as code reads and writes it: every scope id named, those the role does not need optional.
 * Stored grants only reach the use cases through validGrants(), so each one in ctx.grants is a ValidGrant.
 */
export type Grant = { role: Role } & z.infer<typeof scopes>

/** The grants that pass their role's shape, and what was wrong with each one that did not. */
export function validGrants(stored: unknown): { grants: ValidGrant[]; invalid: Array<{ grant: unknown; problem: string }> } {
  const grants: ValidGrant[] = []
  const invalid: Array<{ grant: unknown; problem: string }> = []
  if (stored === undefined || stored === null) return { grants, invalid }
  if (!Array.isArray(stored)) return { grants, invalid: [{ grant: stored, problem: 'grants is not a list' }] }
  for (const g of stored) {
    const r = grantSchema.safeParse(g)
    if (r.success) grants.push(r.data)
    else invalid.push({ grant: g, problem: r.error.issues.map((i) => `${i.path.join('.') || 'grant'}: ${i.message}`).join('; ') })
  }
  return { grants, invalid }
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
