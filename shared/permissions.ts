// The permission matrix: for each call, which roles may make it and inside which scope. It is data, so
// that the contracts take their role gate from it (shared/contracts/org.ts), the org function checks
// scopes with it (cloudfunctions/org/access.ts), docs/permissions.md is generated from it
// (scripts/permissions-doc.ts) and the permission test is generated from it
// (test/integration/org-permissions.test.ts). Calls of other functions whose scope is decided per
// record by their use case are listed from their contracts' role gates.
import type { Grant, Role } from './roles'

/**
 * How far a role's grant reaches for a call:
 * - street: the street of the grant (a street admin: every community of it);
 * - community: the community of the grant (admins; residents, members… where they live);
 * - grid: the grid of the grant;
 * - unit: the unit of the grant, and only inside that unit's own street;
 * - partner: a community where the grant's unit is an approved 共建单位.
 */
export const SCOPES = ['street', 'community', 'grid', 'unit', 'partner'] as const
export type Scope = (typeof SCOPES)[number]

export const SCOPE_LABELS: Record<Scope, string> = {
  street: '本街道',
  community: '本社区',
  grid: '本网格',
  unit: '本单位',
  partner: '已报到的共建社区',
}

export type Matrix = Record<string, Partial<Record<Role, Scope>>>

/** The org function: every call × every role that may make it, with its scope. A role not named is refused. */
export const ORG_PERMISSIONS = {
  // 组织架构 (street admin)
  tree: { streetAdmin: 'street' },
  createPlace: { streetAdmin: 'street' },
  renamePlace: { streetAdmin: 'street' },
  retirePlace: { streetAdmin: 'street' },
  // 人员任命: the street assigns every staff role; a community admin only its grid workers (see ASSIGNABLE).
  findPerson: { streetAdmin: 'street', communityAdmin: 'community' },
  assign: { streetAdmin: 'street', communityAdmin: 'community' },
  revoke: { streetAdmin: 'street', communityAdmin: 'community' },
  // 双报到 of work units
  unitReport: { unitAdmin: 'unit' },
  myUnit: { unitAdmin: 'unit' },
  withdrawUnit: { unitAdmin: 'unit' },
  updateResources: { unitAdmin: 'unit' },
  units: { communityAdmin: 'community', streetAdmin: 'street' },
  reviewUnit: { communityAdmin: 'community', streetAdmin: 'street' },
  unitMembers: { unitAdmin: 'unit' },
  memberWork: { unitAdmin: 'unit' },
  // 三张清单
  resources: { communityAdmin: 'community', streetAdmin: 'street' },
  needs: { communityAdmin: 'community', streetAdmin: 'street', unitAdmin: 'partner' },
  createNeed: { communityAdmin: 'community' },
  updateNeed: { communityAdmin: 'community' },
  projects: {
    resident: 'community',
    member: 'community',
    volunteer: 'community',
    gridWorker: 'community',
    communityAdmin: 'community',
    streetAdmin: 'street',
    unitAdmin: 'partner',
  },
  createProject: { communityAdmin: 'community', unitAdmin: 'partner' },
  moveProject: { communityAdmin: 'community', unitAdmin: 'unit' },
} as const satisfies Matrix

export type OrgCall = keyof typeof ORG_PERMISSIONS

/** The roles named for a call: the contract's role gate (any scope; the scope is checked with the record). */
export function rolesOf(call: OrgCall): Role[] {
  return Object.keys(ORG_PERMISSIONS[call]) as Role[]
}

/** Which grant roles each role may give or take away with org.assign / org.revoke. */
export const ASSIGNABLE: Partial<Record<Role, readonly Role[]>> = {
  streetAdmin: ['gridWorker', 'communityAdmin', 'department', 'unitAdmin'],
  communityAdmin: ['gridWorker'],
}

/** What a call acts on, as far as scopes go. */
export interface Target {
  streetId?: string
  communityId?: string
  gridId?: string
  /** The unit the record belongs to (a registration's, a project's responsible unit). */
  unitId?: string
  /** The street of that unit: a unit acts only inside its own street. */
  unitStreetId?: string
  /** Units that are approved 共建单位 of the target's community (as far as the caller's units go). */
  partnerUnitIds?: readonly string[]
}

/** Whether one grant reaches a target under a scope. */
export function covers(scope: Scope, grant: Grant, t: Target): boolean {
  switch (scope) {
    case 'street':
      return !!grant.streetId && grant.streetId === t.streetId
    case 'community':
      return !!grant.communityId && grant.communityId === t.communityId
    case 'grid':
      return !!grant.gridId && grant.gridId === t.gridId && grant.communityId === t.communityId
    case 'unit':
      return !!grant.unitId && grant.unitId === t.unitId && (!t.streetId || !t.unitStreetId || t.streetId === t.unitStreetId)
    case 'partner':
      return !!grant.unitId && !!t.partnerUnitIds?.includes(grant.unitId)
  }
}

/** The grants that allow a call on a target (empty: refused). */
export function allowing(matrix: Matrix, call: string, grants: readonly Grant[], t: Target): Grant[] {
  const row = matrix[call] ?? {}
  return grants.filter((g) => {
    const scope = row[g.role]
    return !!scope && covers(scope, g, t)
  })
}
