// Whom an order can be dispatched to: the community's registered party members (those whose skills
// match the order's first), the street's work units and departments. For admins of the order only.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orderApi } from '../../shared/contracts/order'
import { _ } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { readAll, type GridDoc } from '../common/org'
import type { UserDoc } from '../common/users'
import { relationsTo as actorsOf } from '../../shared/orders/policy'
import { loadOrder } from './model'

type C = typeof orderApi.assignees
export async function assignees(input: ParsedOf<C>, ctx: Ctx): Promise<OutputOf<C>> {
  const o = await loadOrder(input.orderId)
  const actors = actorsOf(o, ctx)
  if (!actors.includes('communityAdmin') && !actors.includes('streetAdmin')) fail('OUT_OF_SCOPE')
  const [members, units, departments, grids] = await Promise.all([
    readAll<UserDoc & { skills?: string[] }>('users', { grants: _.elemMatch({ role: 'member', communityId: o.communityId }) }),
    readAll<{ _id: string; name: string }>('units', { streetId: o.streetId }),
    readAll<{ _id: string; name: string }>('departments', { streetId: o.streetId }),
    readAll<GridDoc>('grids', { communityId: o.communityId }),
  ])
  const wanted = new Set(o.skills)
  const gridName = (id?: string) => grids.find((g) => g._id === id)?.name ?? ''
  return {
    members: members
      .map((m) => ({ id: m._id, name: m.realName ?? m.nickname, gridName: gridName(m.gridId), skills: m.skills ?? [], match: (m.skills ?? []).filter((s) => wanted.has(s)).length + (m.gridId === o.gridId ? 0.5 : 0) }))
      .sort((a, b) => b.match - a.match || a.name.localeCompare(b.name, 'zh-CN')),
    units: units.map((u) => ({ id: u._id, name: u.name })),
    departments: departments.map((d) => ({ id: d._id, name: d.name })),
  }
}
