// What a caller receives of an order: the domain's visibility policy (shared/orders/policy.ts) decides
// every field and timeline entry; this file only adds place names and turns the photo ids the policy
// let through into temporary links.
import { orderApi, type OrderCard, type OrderView } from '../../shared/contracts/order'
import type { OrderAction } from '../../shared/lifecycles/order'
import type { OrderDoc } from '../../shared/orders/model'
import { cardOf, viewOf } from '../../shared/orders/policy'
import { app } from '../common/cloud'
import { shownImages } from '../common/content'
import type { Ctx } from '../common/handler'
import { getBuilding, getCommunity, getGrid } from '../common/org'

const names = new Map<string, { at: number; name: string }>()
/** Place names change rarely; a warm instance keeps them for a minute. */
async function placeName(kind: 'community' | 'grid' | 'building', id?: string): Promise<string> {
  if (!id) return ''
  const key = `${kind}:${id}`
  const hit = names.get(key)
  if (hit && Date.now() - hit.at < 60_000) return hit.name
  const doc = kind === 'community' ? await getCommunity(id) : kind === 'grid' ? await getGrid(id) : await getBuilding(id)
  const name = doc?.name ?? ''
  names.set(key, { at: Date.now(), name })
  return name
}

async function tempUrls(fileIds: string[]): Promise<string[]> {
  if (!fileIds.length) return []
  const res = await app.getTempFileURL({ fileList: fileIds.map((fileID) => ({ fileID, maxAge: 3600 })) })
  return (res.fileList ?? []).map((f: { tempFileURL?: string }) => f.tempFileURL ?? '').filter(Boolean)
}

/** The buttons match the calls: a move the table allows is offered only if the call's contract admits the caller's roles. */
const callable = (grants: Ctx['grants']) => (a: OrderAction) => {
  const roles = orderApi[a].roles
  return !roles || grants.some((g) => roles.includes(g.role))
}

async function places<T extends Pick<OrderCard, 'communityName' | 'gridName' | 'buildingName'>>(o: OrderDoc, card: T): Promise<T> {
  const [communityName, gridName, buildingName] = await Promise.all([placeName('community', o.communityId), placeName('grid', o.gridId), placeName('building', o.buildingId)])
  return { ...card, communityName, gridName, buildingName: buildingName || undefined }
}

export function toCard(o: OrderDoc, ctx: Pick<Ctx, 'openid' | 'grants'>): Promise<OrderCard> {
  return places(o, cardOf(o, ctx))
}

export async function toView(o: OrderDoc, ctx: Pick<Ctx, 'openid' | 'grants'>): Promise<OrderView> {
  const all = [...o.photos, ...(o.completion?.photos ?? [])]
  const approved = new Set(all.length ? await shownImages(all) : [])
  const v = viewOf(o, ctx, callable(ctx.grants), approved)
  const [withPlaces, photos, completionPhotos] = await Promise.all([places(o, v), tempUrls(v.photos), tempUrls(v.completion?.photos ?? [])])
  return { ...withPlaces, photos, ...(v.completion ? { completion: { ...v.completion, photos: completionPhotos } } : {}) }
}
