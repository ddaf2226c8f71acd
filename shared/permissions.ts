// The permission matrix: for each call, which roles may make it and inside which scope. It is data, so
// that the contracts take their role gate from it (shared/contracts/org.ts), the org function checks
// scopes with it (cloudfunctions/org/access.ts), docs/permissions.md is generated from it
// (scripts/permissions-doc.ts) and the permission test is generated from it
// (test/integration/org-permissions.test.ts). The member function's calls are here too, with their
// own test generated the same way (test/integration/member-permissions.test.ts). Calls of other functions
// whose scope is decided per record by their use case are listed from their contracts' role gates.
import type { Grant, Role } from './roles'

/**
 * How far a role's grant reaches for a call:
 * - street: the street of the grant (a street admin: every community of it);
 * - community: the community of the grant (admins; residents, members… where they live);
 * - grid: the grid of the grant;
 * - unit: the unit of the grant, and only inside that unit's own street;
 * - partner: a community where the grant's unit is an approved 共建单位;
 * - self: the caller's own records (their profile, their registrations);
 * - public: anywhere (names and options that hold no personal data).
 */
export const SCOPES = ['street', 'community', 'grid', 'unit', 'partner', 'self', 'public'] as const
export type Scope = (typeof SCOPES)[number]

export const SCOPE_LABELS: Record<Scope, string> = {
  street: '本街道',
  community: '本社区',
  grid: '本网格',
  unit: '本单位',
  partner: '已报到的共建社区',
  self: '本人',
  public: '公开',
}

/**
 * A row names the roles that may make a call, each with its scope; `anyone` is every logged-in person,
 * with or without a role (a new person who has not chosen a community holds no grant at all).
 */
export type Matrix = Record<string, Partial<Record<Role | 'anyone', Scope>>>

/** The org function: every call × every role that may make it, with its scope. A role not named is refused. */
export const ORG_PERMISSIONS = {
  // 组织架构 (street admin)
  tree: { streetAdmin: 'street' },
  createPlace: { streetAdmin: 'street' },
  renamePlace: { streetAdmin: 'street' },
  retirePlace: { streetAdmin: 'street' },
  // 人员任命: the street assigns every staff role; a community admin its grid workers and 核销员 (see ASSIGNABLE).
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
  unitWishes: { unitAdmin: 'unit' },
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

/**
 * The points function (issue 11): balances, 志愿服务记录, rankings, 爱心超市. A person's own balance, history
 * and record need only a login (listed under 所有人); these calls act in a community. Pickups are checked
 * off by the community's admins and by the 核销员 they appoint (org.assign, role storeVerifier).
 */
export const POINTS_PERMISSIONS = {
  adjust: { communityAdmin: 'community' },
  reconcile: { communityAdmin: 'community', streetAdmin: 'street' },
  saveGoods: { communityAdmin: 'community' },
  storeRedemptions: { communityAdmin: 'community' },
  verifyPickup: { communityAdmin: 'community', storeVerifier: 'community' },
  redeem: { member: 'community', volunteer: 'community' },
  cancelRedemption: { member: 'community', volunteer: 'community', communityAdmin: 'community' },
  goods: { resident: 'community', member: 'community', volunteer: 'community', communityAdmin: 'community' },
  ranking: { resident: 'community', member: 'community', volunteer: 'community', gridWorker: 'community', communityAdmin: 'community', streetAdmin: 'street', unitAdmin: 'unit' },
} as const satisfies Matrix

export type PointsCall = keyof typeof POINTS_PERMISSIONS

export function pointsRolesOf(call: PointsCall): Role[] {
  return Object.keys(POINTS_PERMISSIONS[call]) as Role[]
}

/** The roles named for a call: the contract's role gate (any scope; the scope is checked with the record). */
export function rolesOf(call: OrgCall): Role[] {
  return Object.keys(ORG_PERMISSIONS[call]) as Role[]
}

/** Which grant roles each role may give or take away with org.assign / org.revoke. */
export const ASSIGNABLE: Partial<Record<Role, readonly Role[]>> = {
  streetAdmin: ['gridWorker', 'communityAdmin', 'department', 'unitAdmin', 'storeVerifier'],
  communityAdmin: ['gridWorker', 'storeVerifier'],
}

/**
 * The member function (双报到, volunteers, the account): every call × who may make it. `anyone` is every
 * logged-in person: about themselves (self), or for public names and options (public). 报到 goes to the
 * community one lives in: every person who chose a community holds its resident grant, whatever other
 * roles they hold, so `resident: 'community'` means "where I live". Reading a registration is for the
 * person, the admins of its community and street, and the admins of its unit (approved members only).
 */
export const MEMBER_PERMISSIONS = {
  login: { anyone: 'self' },
  profile: { anyone: 'self' },
  updateProfile: { anyone: 'self' },
  orgTree: { anyone: 'public' },
  consent: { anyone: 'self' },
  reportOptions: { anyone: 'public' },
  report: { resident: 'community' },
  myReport: { anyone: 'self' },
  withdrawReport: { anyone: 'self' },
  getReport: { anyone: 'self', communityAdmin: 'community', streetAdmin: 'street', unitAdmin: 'unit' },
  reviewReport: { communityAdmin: 'community' },
  reports: { communityAdmin: 'community', streetAdmin: 'street' },
  roster: { communityAdmin: 'community', streetAdmin: 'street', unitAdmin: 'unit' },
  deleteAccount: { anyone: 'self' },
} as const satisfies Matrix

export type MemberCall = keyof typeof MEMBER_PERMISSIONS

/** A member call's role gate: none when anyone may make it (the scope is checked with the record). */
export function memberRolesOf(call: MemberCall): Role[] | undefined {
  const row: Partial<Record<Role | 'anyone', Scope>> = MEMBER_PERMISSIONS[call]
  return row.anyone ? undefined : (Object.keys(row) as Role[])
}

/** Whether the matrix allows a call on a target: to anyone in the row's `anyone` scope, or through a grant. */
export function permits(matrix: Matrix, call: string, grants: readonly Grant[], t: Target): boolean {
  const anyone = matrix[call]?.anyone
  if (anyone && (anyone === 'public' || (anyone === 'self' && t.self))) return true
  return allowing(matrix, call, grants, t).length > 0
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
  /** The record is the caller's own (their profile, their registration). */
  self?: boolean
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
    case 'self':
      return !!t.self
    case 'public':
      return true
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

/**
 * The wish function (微心愿, issue 9): the calls that act in a community. Reading the board and the
 * fulfilled wall, one wish, one's own wishes and claims, and the moves of the wisher and the claimer on
 * their own wish (resubmit, withdraw, cancel, fulfil, confirm, thank) need only a login; the wish's
 * relations decide (shared/wishes/policy.ts).
 */
export const WISH_PERMISSIONS = {
  post: { resident: 'community', gridWorker: 'grid', communityAdmin: 'community' },
  review: { communityAdmin: 'community' },
  revoke: { communityAdmin: 'community' },
  manage: { communityAdmin: 'community', gridWorker: 'grid' },
  claim: { member: 'community', volunteer: 'community', unitAdmin: 'partner' },
} as const satisfies Matrix

export type WishCall = keyof typeof WISH_PERMISSIONS

export function wishRolesOf(call: WishCall): Role[] {
  return Object.keys(WISH_PERMISSIONS[call]) as Role[]
}

/**
 * The activity function (志愿服务活动, issue 10): who may organise an activity (publish, edit, cancel,
 * the roster, check-in codes, marks, hours, the export, notices) and who may sign someone up for them
 * (代报名). Organising is checked again on the activity: its community's admins, or the admins of the
 * 共建单位 that published it. Reading activities and one's own sign-ups need only a login.
 */
export const ACTIVITY_PERMISSIONS = {
  organise: { communityAdmin: 'community', unitAdmin: 'partner' },
  proxySignup: { gridWorker: 'grid', communityAdmin: 'community' },
} as const satisfies Matrix

export function activityRolesOf(call: keyof typeof ACTIVITY_PERMISSIONS): Role[] {
  return Object.keys(ACTIVITY_PERMISSIONS[call]) as Role[]
}
