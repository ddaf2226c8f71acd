// Scopes, from the permission matrix (shared/permissions.ts): a call is allowed when one of the caller's
// grants names the call's role and reaches the record's place. A role the call does not name at all is
// refused by the handler's role gate (the contract's roles come from the same matrix).
import { createHash } from 'node:crypto'
import { COLLECTIONS, type UnitRegDoc } from '../../shared/org/model'
import { allowing, ORG_PERMISSIONS, type OrgCall, type Target } from '../../shared/permissions'
import type { Grant } from '../../shared/roles'
import { _, db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'

/** The grants that allow the call on the target; refuses (PERMISSION_DENIED) when there are none. */
export function allow(call: OrgCall, ctx: Pick<Ctx, 'grants'>, t: Target): Grant[] {
  const by = allowing(ORG_PERMISSIONS, call, ctx.grants, t)
  if (!by.length) fail('OUT_OF_SCOPE')
  return by
}

/** One registration per unit and community: its id is made from both. */
export function registrationId(unitId: string, communityId: string): string {
  return `ur${createHash('sha256').update(`${unitId}\u0000${communityId}`).digest('hex').slice(0, 24)}`
}

/** The caller's units that are approved 共建单位 of a community (one read by id per unit). */
export async function partnerUnits(ctx: Pick<Ctx, 'grants'>, communityId: string): Promise<string[]> {
  const units = [...new Set(ctx.grants.filter((g) => g.role === 'unitAdmin' && g.unitId).map((g) => g.unitId!))]
  if (!units.length) return []
  const res = await db
    .collection(COLLECTIONS.unitRegistrations)
    .where({ _id: _.in(units.map((u) => registrationId(u, communityId))), status: 'approved' })
    .limit(units.length)
    .get()
  return (res.data as UnitRegDoc[]).map((r) => r.unitId)
}

/** The unit a unit admin acts for: the one named, which must be theirs, or their only (first) one. */
export function unitOf(ctx: Pick<Ctx, 'grants'>, unitId?: string): string {
  const mine = ctx.grants.filter((g) => g.role === 'unitAdmin' && g.unitId).map((g) => g.unitId!)
  if (unitId) return mine.includes(unitId) ? unitId : fail('OUT_OF_SCOPE')
  return mine[0] ?? fail('ROLE_REQUIRED')
}
