// What a caller sees of an order. Masking happens here, on the server: someone not entitled gets a
// masked name (张*), the grid and building, and nothing else of the person — no phone, room or photos.
import { CLOSURE_LABELS, orderApi, type OrderCard, type OrderView, type PersonRef } from '../../shared/contracts/order'
import { allowedActions, ORDER_ACTION_LABELS, ORDER_STATE_LABELS, type OrderAction, type OrderActor } from '../../shared/lifecycles/order'
import { maskName } from '../../shared/privacy'
import { ROLE_LABELS, type Role } from '../../shared/roles'
import { app, db, _ } from '../common/cloud'
import type { Ctx } from '../common/handler'
import { getBuilding, getCommunity, getGrid } from '../common/org'
import type { UserDoc } from '../common/users'
import { actorsOf, isEntitled, type OrderDoc } from './model'

const ACTOR_LABELS: Record<OrderActor, string> = {
  orderer: '居民',
  gridWorker: '网格员',
  communityAdmin: '社区党组织',
  streetAdmin: '街道党工委',
  assignee: '承办方',
  claimer: '领单人',
  candidate: '志愿者',
  system: '系统',
}

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
function callable(a: OrderAction, grants: Ctx['grants']): boolean {
  const roles = orderApi[a].roles
  return !roles || grants.some((g) => roles.includes(g.role))
}

const iso = (d?: Date | string) => (d ? new Date(d).toISOString() : undefined)

function ordererRef(o: OrderDoc, entitled: boolean, me: boolean): PersonRef {
  if (!entitled) return { name: maskName(o.ordererName) }
  return { name: o.ordererName, phone: o.ordererPhone, me }
}

export function toCard(o: OrderDoc, ctx: Pick<Ctx, 'openid' | 'grants'>): Promise<OrderCard> {
  return cardOf(o, ctx, isEntitled(actorsOf(o, ctx)))
}

async function cardOf(o: OrderDoc, ctx: Pick<Ctx, 'openid'>, entitled: boolean): Promise<OrderCard> {
  const [communityName, gridName, buildingName] = await Promise.all([
    placeName('community', o.communityId),
    placeName('grid', o.gridId),
    placeName('building', o.buildingId),
  ])
  return {
    id: o._id,
    no: o.no,
    status: o.status,
    statusLabel: ORDER_STATE_LABELS[o.status],
    category: o.category,
    text: o.text,
    colour: o.colour,
    orderer: ordererRef(o, entitled, o.ordererId === ctx.openid),
    communityName,
    gridName,
    buildingName: buildingName || undefined,
    points: o.points,
    hours: o.hours,
    slots: o.slots,
    taken: o.taken,
    membersOnly: o.membersOnly,
    skills: o.skills,
    deadline: iso(o.deadline),
    acceptDeadline: iso(o.acceptDeadline)!,
    alsoAffected: o.alsoAffected.length,
    held: o.held,
    createdAt: iso(o.createdAt)!,
    updatedAt: iso(o.updatedAt)!,
  }
}

export async function toView(o: OrderDoc, ctx: Pick<Ctx, 'openid' | 'grants'>): Promise<OrderView> {
  const actors = actorsOf(o, ctx)
  const entitled = isEntitled(actors)
  const admin = actors.includes('communityAdmin') || actors.includes('streetAdmin')
  const seesPhones = admin || actors.includes('orderer') || actors.includes('gridWorker')
  const card = await cardOf(o, ctx, entitled)
  const claimerDocs = o.claimerIds.length
    ? ((await db.collection('users').where({ _id: _.in(o.claimerIds) }).limit(100).get()).data as UserDoc[])
    : []
  const claimers: PersonRef[] = o.claimerIds.map((id) => {
    const u = claimerDocs.find((d) => d._id === id)
    const name = u?.realName || u?.nickname || ''
    if (id === ctx.openid) return { name, me: true }
    return entitled ? { name, ...(seesPhones && u?.phone ? { phone: u.phone } : {}) } : { name: maskName(name) }
  })
  return {
    ...card,
    urgencySuggested: o.urgencySuggested,
    onBehalf: !!o.onBehalf,
    communityId: o.communityId,
    room: entitled ? o.room : undefined,
    pointLabel: entitled ? o.point?.label : undefined,
    photos: entitled ? await tempUrls(o.photos) : [],
    preferredTime: o.preferredTime,
    assignee: o.assignee ? { type: o.assignee.type, name: entitled ? o.assignee.name : o.assignee.type === 'member' ? maskName(o.assignee.name) : o.assignee.name } : undefined,
    claimers,
    completion:
      o.completion && entitled && (!o.completion.held || admin || actors.includes('claimer'))
        ? { note: o.completion.note, photos: await tempUrls(o.completion.photos), at: iso(o.completion.at)! }
        : undefined,
    rating: o.rating ? { stars: o.rating.stars, comment: entitled ? o.rating.comment : undefined } : undefined,
    closure: o.closure
      ? { code: o.closure.code, label: CLOSURE_LABELS[o.closure.code], note: o.closure.note, transferTo: o.closure.transferTo, reviewDate: o.closure.reviewDate }
      : undefined,
    timeline: o.timeline
      .filter((t) => !t.internal || admin || actors.includes('assignee'))
      .map((t) => ({
        at: iso(t.at)!,
        action: t.action,
        label: t.action in ORDER_ACTION_LABELS ? ORDER_ACTION_LABELS[t.action as keyof typeof ORDER_ACTION_LABELS] : TIMELINE_LABELS[t.action] ?? t.action,
        byRole: ACTOR_LABELS[t.role as OrderActor] ?? ROLE_LABELS[t.role as Role] ?? '',
        note: t.note,
        internal: t.internal,
      })),
    allowed: allowedActions(o.status, actors).filter((a) => callable(a, ctx.grants)),
    entitled,
  }
}

const TIMELINE_LABELS: Record<string, string> = { submit: '提交需求', join: '我也遇到', note: '备注', remind: '到期提醒' }
