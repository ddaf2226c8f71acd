// 群众点单: a resident (or a grid worker for a resident without a phone) orders a service. The order's
// id comes from the caller and the client's request key, so a retried submission finds the first order.
import { randomBytes } from 'node:crypto'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import { DEFAULT_CATEGORIES, type orderApi } from '../../shared/contracts/order'
import type { Effect } from '../../shared/core/effects'
import { OPEN_STATES } from '../../shared/lifecycles/order'
import type { OrderDoc } from '../../shared/orders/model'
import { orderFields, orderNotes, orderNotices } from '../../shared/orders/notices'
import { acceptDeadline, SIMILAR_WINDOW_MS } from '../../shared/rules/sla'
import { _, db } from '../common/cloud'
import { fail, failOn } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getBuilding, getCommunity } from '../common/org'
import { create, idFor, unchanged } from '../common/records'
import { adminsOf, auditOf, entry, loadOrder, notice, orderMove, screen, settle } from './model'
import { toCard, toView } from './view'

function orderNo(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3600_000) // numbered by the Beijing date
  return `${d.toISOString().slice(2, 10).replace(/-/g, '')}${randomBytes(3).readUIntBE(0, 3).toString().padStart(8, '0').slice(-5)}`
}

export async function categoriesOf(communityId: string): Promise<readonly string[]> {
  const c = await getCommunity(communityId)
  return c?.categories?.length ? c.categories : DEFAULT_CATEGORIES
}

type Submit = typeof orderApi.submit
export async function submit(input: ParsedOf<Submit>, ctx: Ctx): Promise<OutputOf<Submit>> {
  const user = ctx.user ?? fail('NOT_LOGGED_IN')
  const id = idFor('o', ctx.openid, input.requestKey)
  let communityId: string
  let streetId: string
  let gridId: string | undefined
  let buildingId: string | undefined
  if (input.onBehalfOf) {
    // 代点单 happens in the grid the worker serves, which need not be where the worker lives.
    const served = ctx.grants.filter((g) => g.role === 'gridWorker' && g.communityId && g.gridId)
    if (!served.length) fail('ROLE_REQUIRED', undefined, orderFields.gridWorkersOnly)
    let grant = served[0]
    if (input.place.kind === 'room') {
      const b = await getBuilding(input.place.buildingId)
      if (!b || b.retired) fail('BUILDING_NOT_IN_GRID', { 'place.buildingId': orderFields.buildingOfGrid })
      // A grid worker orders only inside their own grid.
      const own = served.find((g) => g.communityId === b.communityId && g.gridId === b.gridId)
      if (!own) fail('OUT_OF_SCOPE', { 'place.buildingId': orderFields.residentsOfGrid })
      grant = own
      buildingId = b._id
    }
    communityId = grant.communityId!
    gridId = grant.gridId
    streetId = grant.streetId ?? (await getCommunity(communityId))?.streetId ?? fail('COMMUNITY_NOT_FOUND')
  } else {
    if (!user.communityId || !user.streetId) fail('PROFILE_INCOMPLETE')
    communityId = user.communityId
    streetId = user.streetId
    gridId = user.gridId
    if (input.place.kind === 'room') {
      const b = await getBuilding(input.place.buildingId)
      if (!b || b.retired || b.communityId !== communityId) fail('BUILDING_NOT_IN_GRID', { 'place.buildingId': orderFields.buildingOfCommunity })
      gridId = b.gridId
      buildingId = b._id
    }
  }
  if (!(await categoriesOf(communityId)).includes(input.category)) failOn('ORDER_CATEGORY_UNKNOWN', 'category')
  if (!gridId) fail('PROFILE_INCOMPLETE', undefined, orderFields.gridFirst)

  // The resident's text holds the order for an admin when the check asks; photos wait for their own verdict.
  const checked = await screen(ctx, { text: input.text }, { photos: input.photos })
  const colour = input.urgency
  const draft = {
    _id: id,
    no: orderNo(ctx.now),
    requestKey: input.requestKey,
    streetId,
    communityId,
    gridId,
    buildingId,
    ...(input.place.kind === 'room' ? { room: input.place.room } : { point: { lat: input.place.lat, lng: input.place.lng, label: input.place.label } }),
    ordererId: ctx.openid,
    ordererName: input.onBehalfOf?.name ?? user.realName ?? user.nickname,
    ordererPhone: input.onBehalfOf ? input.onBehalfOf.phone : user.phone,
    ...(input.onBehalfOf ? { onBehalf: { by: ctx.openid, byName: user.realName ?? user.nickname } } : {}),
    category: input.category,
    text: input.text,
    photos: input.photos,
    preferredTime: input.preferredTime,
    urgencySuggested: colour,
    colour,
    held: checked.fields.text === 'review',
    status: 'submitted',
    version: 1,
    points: 0,
    hours: 0,
    slots: 0,
    slotsFree: 0,
    taken: 0,
    membersOnly: false,
    skills: [],
    acceptDeadline: acceptDeadline(ctx.now, colour),
    claims: [],
    claimerIds: [],
    alsoAffected: [],
    priority: 0,
    timeline: [],
    outbox: [],
    createdAt: ctx.now,
    updatedAt: ctx.now,
    people: [],
    parties: [],
    open: true,
    stage: 'todo',
  } as unknown as OrderDoc
  // The timeline is shown to everyone who may see the order: the elder's name stays in the orderer field, which is masked.
  draft.timeline = [{ ...entry(ctx, input.onBehalfOf ? 'gridWorker' : 'orderer', 'submit', draft), from: undefined, to: 'submitted', ...(input.onBehalfOf ? { note: orderNotes.onBehalf, publicNote: orderNotes.onBehalf } : {}) }]
  const effects: Effect[] = [notice(draft, 'submitted', adminsOf(draft), orderNotices.submitted(draft, colour === 'red'), ctx.now, true)]
  // Ordering in someone else's name is acting on their behalf: kept in the audit trail.
  if (input.onBehalfOf) effects.push(auditOf(draft, ctx, 'gridWorker', 'submit', orderNotes.orderedFor(input.onBehalfOf.name)))
  const { doc } = await create('orders', { ...settle(draft), outbox: effects })
  return toView(doc, ctx)
}

type Similar = typeof orderApi.similar
/** Open orders of the same grid and category from the last 7 days, offered before a duplicate is made. */
export async function similar(input: ParsedOf<Similar>, ctx: Ctx): Promise<OutputOf<Similar>> {
  const user = ctx.user ?? fail('NOT_LOGGED_IN')
  if (!user.communityId || !user.gridId) return []
  const res = await db
    .collection('orders')
    .where({
      gridId: user.gridId,
      category: input.category,
      createdAt: _.gte(new Date(ctx.now.getTime() - SIMILAR_WINDOW_MS)),
      status: _.in(OPEN_STATES as string[]),
      held: false,
    })
    .orderBy('createdAt', 'desc')
    .limit(5)
    .get()
  const docs = (res.data as OrderDoc[]).filter((o) => o.ordererId !== ctx.openid)
  return Promise.all(docs.map((o) => toCard(o, ctx)))
}

type Join = typeof orderApi.join
/** 我也遇到: adds the resident to an open order of their grid and raises its priority instead of a duplicate. */
export async function join(input: ParsedOf<Join>, ctx: Ctx): Promise<OutputOf<Join>> {
  const user = ctx.user ?? fail('NOT_LOGGED_IN')
  const first = await loadOrder(input.orderId)
  if (first.gridId !== user.gridId || first.held) fail('ORDER_NOT_FOUND')
  if (first.ordererId === ctx.openid) fail('ORDER_ALREADY_JOINED')
  const o = await orderMove(first, (cur) => {
    // Joining twice is joining once.
    if (cur.alsoAffected.includes(ctx.openid)) return unchanged
    if (!OPEN_STATES.includes(cur.status)) fail('ORDER_NOT_FOUND')
    const t = { ...entry(ctx, 'resident', 'join', cur), from: undefined, note: orderNotes.joined, publicNote: orderNotes.joined }
    return { next: { ...cur, alsoAffected: [...cur.alsoAffected, ctx.openid], updatedAt: ctx.now, timeline: [...cur.timeline, t] }, effects: [] }
  })
  return toView(o, ctx)
}

type Categories = typeof orderApi.categories
export async function categories(_input: ParsedOf<Categories>, ctx: Ctx): Promise<OutputOf<Categories>> {
  const communityId = ctx.user?.communityId
  return [...(communityId ? await categoriesOf(communityId) : DEFAULT_CATEGORIES)]
}
