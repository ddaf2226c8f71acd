// 群众点单: a resident (or a grid worker for a resident without a phone) orders a service.
import { randomBytes } from 'node:crypto'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import { DEFAULT_CATEGORIES, type orderApi } from '../../shared/contracts/order'
import { OPEN_STATES } from '../../shared/lifecycles/order'
import { hasRole } from '../../shared/roles'
import { acceptDeadline, SIMILAR_WINDOW_MS } from '../../shared/rules/sla'
import { _, db } from '../common/cloud'
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
  if (!user.communityId || !user.streetId) fail('PROFILE_INCOMPLETE')
  if (input.onBehalfOf && !hasRole(ctx.grants, 'gridWorker', { communityId: user.communityId, gridId: user.gridId })) {
    fail('ROLE_REQUIRED', undefined, '只有网格员可以代居民点单')
  }
  const communityId = user.communityId
  if (!(await categoriesOf(communityId)).includes(input.category)) fail('ORDER_CATEGORY_UNKNOWN', { category: '请选择社区提供的服务类别' })

  let gridId = user.gridId
  let buildingId: string | undefined
  if (input.place.kind === 'room') {
    const b = await getBuilding(input.place.buildingId)
    if (!b || b.communityId !== communityId) fail('BUILDING_NOT_IN_GRID', { 'place.buildingId': '请选择本社区的楼栋' })
    gridId = b.gridId
    buildingId = b._id
  }
  if (input.onBehalfOf) {
    // A grid worker orders only inside their own grid.
    const ownGrid = ctx.grants.find((g) => g.role === 'gridWorker' && g.communityId === communityId)?.gridId
    if (gridId !== ownGrid) fail('OUT_OF_SCOPE', { 'place.buildingId': '只能为本网格的居民代点单' })
  }
  if (!gridId) fail('PROFILE_INCOMPLETE', undefined, '请先在“我的”中选择所在网格和楼栋')

  const verdict = await checkText(ctx.openid, input.text)
  const colour = input.urgency
  const doc: OrderDoc = {
    _id: `o${ctx.now.getTime().toString(36)}${randomBytes(5).toString('hex')}`,
    no: orderNo(ctx.now),
    streetId: user.streetId,
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
        note: input.onBehalfOf ? `网格员代${input.onBehalfOf.name}点单` : undefined,
        internal: false,
      },
    ],
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  await db.collection('orders').add(doc)
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
