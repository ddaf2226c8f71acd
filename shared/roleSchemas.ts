// The shapes stored grants are checked with when a user is loaded (roles.ts says what a grant is). Apart
// from roles.ts so that importing roles brings no zod: the app's first page uses roles, never these.
import { z } from 'zod'
import type { Grant } from './roles'

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
// Grant (roles.ts) names the same scope ids as these shapes: this line stops compiling if the two drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const scopesAreGrants: Same<keyof z.infer<typeof scopes> | 'role', keyof Grant> = true
void scopesAreGrants

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
