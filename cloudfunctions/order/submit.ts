// 群众点单: a resident (or a grid worker for a resident without a phone) orders a service.
import { randomBytes } from 'node:crypto'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import { DEFAULT_CATEGORIES, type orderApi } from '../../shared/contracts/order'
import { OPEN_STATES } from '../../shared/lifecycles/order'
import { acceptDeadline, SIMILAR_WINDOW_MS } from '../../shared/rules/sla'
import { _, db } from '../common/cloud'
import { audit } from '../common/audit'
import { checkText } from '../common/content'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { notify } from '../common/notify'
import { getBuilding, getCommunity, holdersOf } from '../common/org'
import { loadOrder, type OrderDoc } from './model'
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
  let communityId: string
  let streetId: string
  let gridId: string | undefined
  let buildingId: string | undefined
  if (input.onBehalfOf) {
    // 代点单 happens in the grid the worker serves, which need not be where the worker lives.
    const served = ctx.grants.filter((g) => g.role === 'gridWorker' && g.communityId && g.gridId)
    if (!served.length) fail('ROLE_REQUIRED', undefined, '只有网格员可以代居民点单')
    let grant = served[0]
    if (input.place.kind === 'room') {
      const b = await getBuilding(input.place.buildingId)
      if (!b) fail('BUILDING_NOT_IN_GRID', { 'place.buildingId': '请选择本网格的楼栋' })
      // A grid worker orders only inside their own grid.
      const own = served.find((g) => g.communityId === b.communityId && g.gridId === b.gridId)
      if (!own) fail('OUT_OF_SCOPE', { 'place.buildingId': '只能为本网格的居民代点单' })
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
      if (!b || b.communityId !== communityId) fail('BUILDING_NOT_IN_GRID', { 'place.buildingId': '请选择本社区的楼栋' })
      gridId = b.gridId
      buildingId = b._id
    }
  }
  if (!(await categoriesOf(communityId)).includes(input.category)) fail('ORDER_CATEGORY_UNKNOWN', { category: '请选择社区提供的服务类别' })
  if (!gridId) fail('PROFILE_INCOMPLETE', undefined, '请先在“我的”中选择所在网格和楼栋')

  const verdict = await checkText(ctx.openid, input.text)
  const colour = input.urgency
  const doc: OrderDoc = {
    _id: `o${ctx.now.getTime().toString(36)}${randomBytes(5).toString('hex')}`,
    no: orderNo(ctx.now),
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
    held: verdict === 'review',
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
    claimerIds: [],
    alsoAffected: [],
    priority: 0,
    timeline: [
      {
        at: ctx.now,
        by: ctx.openid,
        role: input.onBehalfOf ? 'gridWorker' : 'orderer',
        action: 'submit',
        to: 'submitted',
        // The timeline is shown to everyone who may see the order: the elder's name stays in the orderer field, which is masked.
        note: input.onBehalfOf ? '网格员代居民点单' : undefined,
        internal: false,
      },
    ],
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  await db.collection('orders').add(doc)
  if (input.onBehalfOf) {
    // Ordering in someone else's name is acting on their behalf: kept in the audit trail.
    await audit({ by: ctx.openid, role: 'gridWorker', action: 'submit', targetType: 'order', targetId: doc._id, communityId, note: `代${input.onBehalfOf.name}点单`, at: ctx.now, requestId: ctx.requestId })
  }
  await notify(await holdersOf('communityAdmin', { communityId }), {
    key: `order:${doc._id}:submitted`,
    type: 'order',
    title: colour === 'red' ? '新的紧急服务需求' : '新的服务需求',
    body: `${doc.category}：${doc.text.slice(0, 40)}`,
    link: `/packages/admin/order/index?id=${doc._id}`,
    at: ctx.now,
  })
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
  const o = await loadOrder(input.orderId)
  if (o.gridId !== user.gridId || !OPEN_STATES.includes(o.status) || o.held) fail('ORDER_NOT_FOUND')
  if (o.ordererId === ctx.openid || o.alsoAffected.includes(ctx.openid)) fail('ORDER_ALREADY_JOINED')
  const res = await db
    .collection('orders')
    .where({ _id: o._id, alsoAffected: _.neq(ctx.openid) })
    .update({
      alsoAffected: _.addToSet(ctx.openid),
      priority: _.inc(1),
      updatedAt: ctx.now,
      timeline: _.push([{ at: ctx.now, by: ctx.openid, role: 'resident', action: 'join', internal: false, note: '又一位居民反映了同样的问题' }]),
    })
  if (res.updated !== 1) fail('ORDER_ALREADY_JOINED')
  return toView(await loadOrder(o._id), ctx)
}

type Categories = typeof orderApi.categories
export async function categories(_input: ParsedOf<Categories>, ctx: Ctx): Promise<OutputOf<Categories>> {
  const communityId = ctx.user?.communityId
  return [...(communityId ? await categoriesOf(communityId) : DEFAULT_CATEGORIES)]
}
