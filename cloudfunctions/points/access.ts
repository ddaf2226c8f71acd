// Scopes of the points calls, from the permission matrix (shared/permissions.ts POINTS_PERMISSIONS).
import { allowing, POINTS_PERMISSIONS, type PointsCall, type Target } from '../../shared/permissions'
import type { Grant } from '../../shared/roles'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getDoc } from '../common/users'

export function allow(call: PointsCall, ctx: Pick<Ctx, 'grants'>, t: Target): Grant[] {
  const by = allowing(POINTS_PERMISSIONS, call, ctx.grants, t)
  if (!by.length) fail('OUT_OF_SCOPE')
  return by
}

/** The community a call acts in: the one named, or the first of the caller's grants the call names. */
export function communityOf(call: PointsCall, ctx: Pick<Ctx, 'grants' | 'user'>, communityId?: string): string {
  if (communityId) return communityId
  const roles = Object.keys(POINTS_PERMISSIONS[call])
  const g = ctx.grants.find((x) => roles.includes(x.role) && x.communityId)
  return g?.communityId ?? ctx.user?.communityId ?? fail('PROFILE_INCOMPLETE')
}

/** A community as a target of the matrix (its street too, for street-wide grants). */
export async function communityTarget(communityId: string): Promise<Target & { name: string }> {
  const c = await getDoc<{ _id: string; name: string; streetId: string }>('communities', communityId)
  if (!c) fail('COMMUNITY_NOT_FOUND')
  return { communityId, streetId: c.streetId, name: c.name }
}
