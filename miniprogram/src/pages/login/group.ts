import { ROLES, type Role } from '@shared/roles'
import type { DevUser } from '../../api/dev'
import { primaryRole } from '../../utils/roles'

/** Each person once, under the most responsible role they hold, groups in the order of ROLES. */
export function groupByRole(users: DevUser[]): { role: Role; users: DevUser[] }[] {
  const groups = new Map<Role, DevUser[]>()
  for (const u of users) {
    const role = primaryRole(u.roles ?? [])
    groups.set(role, [...(groups.get(role) ?? []), u])
  }
  return ROLES.filter((r) => groups.has(r)).map((role) => ({ role, users: groups.get(role)! }))
}
