import { db } from './cloud'
import { getDoc } from './users'

export interface StreetDoc { _id: string; name: string }
export interface CommunityDoc { _id: string; name: string; streetId: string; categories?: string[]; retired?: boolean }
export interface GridDoc { _id: string; name: string; communityId: string; streetId: string; retired?: boolean }
export interface BuildingDoc { _id: string; name: string; gridId: string; communityId: string; retired?: boolean }

export const getCommunity = (id: string) => getDoc<CommunityDoc>('communities', id)
export const getGrid = (id: string) => getDoc<GridDoc>('grids', id)
export const getBuilding = (id: string) => getDoc<BuildingDoc>('buildings', id)

/** Reads every page of a small reference collection (the server-side cap is 1000 per read). */
export async function readAll<T>(collection: string, where: object = {}): Promise<T[]> {
  const out: T[] = []
  for (;;) {
    const res = await db.collection(collection).where(where).orderBy('_id', 'asc').skip(out.length).limit(1000).get()
    const page = res.data as T[]
    out.push(...page)
    if (page.length < 1000) return out
  }
}

/** People holding a role in a scope, e.g. the admins of a community to notify. */
export async function holdersOf(role: string, scope: { communityId?: string; streetId?: string; gridId?: string; departmentId?: string; unitId?: string }): Promise<string[]> {
  // The dotted conditions let an index narrow the people (users.grant_*); elemMatch keeps them to one grant.
  const [key, value] = Object.entries(scope)[0] ?? []
  const res = await db
    .collection('users')
    .where({ 'grants.role': role, ...(key ? { [`grants.${key}`]: value } : {}), grants: db.command.elemMatch({ role, ...scope }) })
    .field({ _id: true })
    .limit(100)
    .get()
  return (res.data as { _id: string }[]).map((u) => u._id)
}
