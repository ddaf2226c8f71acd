// What a caller receives of a wish: the visibility policy (shared/wishes/policy.ts) decides every field
// and timeline entry; this file only adds place names and turns the photo ids the policy let through
// into temporary links.
import { wishApi, type WishCard, type WishView } from '../../shared/contracts/wish'
import type { WishAction } from '../../shared/lifecycles/wish'
import type { WishDoc } from '../../shared/wishes/model'
import { wishCardOf, wishViewOf, type WishCaller } from '../../shared/wishes/policy'
import { app } from '../common/cloud'
import { shownImages } from '../common/content'
import type { Ctx } from '../common/handler'
import { getCommunity, getGrid } from '../common/org'

const names = new Map<string, { at: number; name: string }>()
/** Place names change rarely; a warm instance keeps them for a minute. */
export async function placeName(kind: 'community' | 'grid', id?: string): Promise<string> {
  if (!id) return ''
  const key = `${kind}:${id}`
  const hit = names.get(key)
  if (hit && Date.now() - hit.at < 60_000) return hit.name
  const doc = kind === 'community' ? await getCommunity(id) : await getGrid(id)
  const name = doc?.name ?? ''
  names.set(key, { at: Date.now(), name })
  return name
}

async function tempUrls(fileIds: string[]): Promise<string[]> {
  if (!fileIds.length) return []
  const res = await app.getTempFileURL({ fileList: fileIds.map((fileID) => ({ fileID, maxAge: 3600 })) })
  return (res.fileList ?? []).map((f: { tempFileURL?: string }) => f.tempFileURL ?? '').filter(Boolean)
}

/** The buttons match the calls: a move the table allows is offered only if the call's role gate admits the caller. */
const CALL_OF: Partial<Record<WishAction, keyof typeof wishApi>> = {
  resubmit: 'resubmit',
  approve: 'review',
  return: 'review',
  reject: 'review',
  redact: 'review',
  withdraw: 'withdraw',
  claim: 'claim',
  cancel: 'cancelClaim',
  revoke: 'revoke',
  fulfil: 'fulfil',
  confirm: 'confirm',
  thank: 'thank',
}
const callable = (grants: Ctx['grants']) => (a: WishAction) => {
  const call = CALL_OF[a]
  if (!call) return false
  const roles = wishApi[call].roles
  return !roles || grants.some((g) => roles.includes(g.role))
}

async function passedOf(ids: (string | undefined)[]): Promise<Set<string>> {
  const all = ids.filter((x): x is string => !!x)
  return new Set(all.length ? await shownImages(all) : [])
}

export async function toCards(docs: WishDoc[], caller: WishCaller): Promise<WishCard[]> {
  const passed = await passedOf(docs.map((w) => w.photo))
  const cards = docs.map((w) => wishCardOf(w, caller, passed))
  const links = await tempUrls(cards.filter((c) => c.photo).map((c) => c.photo!))
  let i = 0
  return Promise.all(
    cards.map(async (c, k) => ({
      ...c,
      ...(c.photo ? { photo: links[i++] } : {}),
      communityName: await placeName('community', docs[k].communityId),
      gridName: await placeName('grid', docs[k].gridId),
    })),
  )
}

export async function toView(w: WishDoc, caller: WishCaller): Promise<WishView> {
  const gridName = await placeName('grid', w.gridId)
  const passed = await passedOf([w.photo])
  const v = wishViewOf(w, caller, passed, callable(caller.grants as Ctx['grants']), gridName)
  const [photo, evidence, communityName] = await Promise.all([v.photo ? tempUrls([v.photo]) : Promise.resolve([]), tempUrls(v.evidence?.photos ?? []), placeName('community', w.communityId)])
  const { photo: _p, ...rest } = v
  return { ...rest, ...(photo[0] ? { photo: photo[0] } : {}), ...(v.evidence ? { evidence: { ...v.evidence, photos: evidence } } : {}), communityName, gridName }
}
