import type { memberApi } from '../../shared/contracts/member'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import { readAll, type BuildingDoc, type CommunityDoc, type GridDoc, type StreetDoc } from '../common/org'

type C = typeof memberApi.orgTree

/** The public organisation tree (names only), for choosing where one lives: retired places are not offered. */
export async function orgTree(input: ParsedOf<C>): Promise<OutputOf<C>> {
  const byStreet = input.streetId ? { streetId: input.streetId } : {}
  // eslint-disable-next-line prefer-const
  let [streets, communities] = await Promise.all([
    readAll<StreetDoc>('streets', input.streetId ? { _id: input.streetId } : {}),
    readAll<CommunityDoc>('communities', byStreet),
  ])
  const live = <T extends { retired?: boolean }>(xs: T[]) => xs.filter((x) => !x.retired)
  communities = live(communities)
  const ids = new Set(communities.map((c) => c._id))
  const [grids, buildings] = await Promise.all([readAll<GridDoc>('grids', byStreet), readAll<BuildingDoc>('buildings')])
  return {
    streets: streets.map((s) => ({ id: s._id, name: s.name })),
    communities: communities.map((c) => ({ id: c._id, name: c.name, streetId: c.streetId })),
    grids: live(grids).filter((g) => ids.has(g.communityId)).map((g) => ({ id: g._id, name: g.name, communityId: g.communityId })),
    buildings: live(buildings)
      .filter((b) => ids.has(b.communityId))
      .map((b) => ({ id: b._id, name: b.name, gridId: b.gridId, communityId: b.communityId })),
  }
}
