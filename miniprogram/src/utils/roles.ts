import type { ProfileView } from '@shared/contracts/member'
import { ROLE_LABELS, type Role } from '@shared/roles'

/** Roles that manage a scope and so get the 管理后台 (admin subpackage). */
export const ADMIN_ROLES: readonly Role[] = ['communityAdmin', 'streetAdmin', 'unitAdmin']

export function isAdmin(roles: readonly Role[] | undefined): boolean {
  return !!roles && roles.some((r) => ADMIN_ROLES.includes(r))
}

/** Display order: the most responsible role first. */
const RANK: readonly Role[] = [
  'streetAdmin',
  'communityAdmin',
  'unitAdmin',
  'department',
  'gridWorker',
  'storeVerifier',
  'member',
  'volunteer',
  'resident',
]

export function sortRoles(roles: readonly Role[]): Role[] {
  return [...new Set(roles)].sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))
}

/** The role a person is listed under when they hold several. */
export function primaryRole(roles: readonly Role[]): Role {
  return sortRoles(roles.length ? roles : ['resident'])[0]
}

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role] ?? role
}

/** Admin roles read gold, party roles red, the rest grey. */
export function roleTone(role: Role): 'gold' | 'red' | 'gray' {
  if (ADMIN_ROLES.includes(role) || role === 'department') return 'gold'
  if (role === 'member' || role === 'gridWorker') return 'red'
  return 'gray'
}

/**
 * Roles that work an order inbox (packages/admin/orders): they receive, handle or co-sign orders. Units
 * and departments have one queue, 我的任务, which holds what was sent to them (hasTasks).
 */
export const INBOX_ROLES: readonly Role[] = ['communityAdmin', 'streetAdmin', 'gridWorker']

export function hasInbox(roles: readonly Role[] | undefined): boolean {
  return !!roles && roles.some((r) => INBOX_ROLES.includes(r))
}

/** Members and volunteers take work from the task hall. */
export function canTakeTasks(roles: readonly Role[] | undefined): boolean {
  return !!roles && (roles.includes('member') || roles.includes('volunteer'))
}

/** Who has a 我的任务 list: those who claim, and the units and departments work is sent to. */
export function hasTasks(roles: readonly Role[] | undefined): boolean {
  return !!roles && roles.some((r) => r === 'member' || r === 'volunteer' || r === 'unitAdmin' || r === 'department')
}

/** Who organises volunteer activities (shared/permissions.ts ACTIVITY_PERMISSIONS.organise). */
export function organisesActivities(roles: readonly Role[] | undefined): boolean {
  return !!roles && roles.some((r) => r === 'communityAdmin' || r === 'unitAdmin')
}

/** Who may sign a resident up for an activity (代报名: ACTIVITY_PERMISSIONS.proxySignup). */
export function signsUpOthers(roles: readonly Role[] | undefined): boolean {
  return !!roles && roles.some((r) => r === 'gridWorker' || r === 'communityAdmin')
}

/** Roles that belong to an organisation rather than to a home: the street, a department, a unit's party organisation. */
const ORG_ROLES: readonly Role[] = ['streetAdmin', 'department', 'unitAdmin']

/**
 * A work account: a street, department or unit account of someone who has not said where they live.
 * It is not a resident, so it is not asked to 完善资料 / 选择社区, and has no points, 双报到 or task hall.
 */
export function isWorkAccount(p: Pick<ProfileView, 'roles' | 'complete'> | undefined): boolean {
  return !!p && !p.complete && p.roles.some((r) => ORG_ROLES.includes(r))
}

/** Where a work account works: 东港街道, 区城市管理局, 区税务局机关党支部 (named by the profile). */
export function workplaceOf(p: Pick<ProfileView, 'grants' | 'scopeNames'>): string {
  const n = p.scopeNames
  const names = p.grants.flatMap((g) =>
    g.role === 'department' && g.departmentId
      ? [n?.departments[g.departmentId] ?? '职能部门']
      : g.role === 'unitAdmin' && g.unitId
        ? [n?.units[g.unitId] ?? '单位党组织']
        : g.role === 'streetAdmin' && g.streetId
          ? [n?.streets[g.streetId] ?? '街道党工委']
          : [],
  )
  return [...new Set(names)].join('、')
}
