// Reads: one order, my orders, the workers' inboxes, the task hall, my tasks. Every list pages on the
// database with an index that serves its filter and its sort (collections.json, common/pager.ts), and
// every answer goes through the visibility policy (view.ts).
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orderApi } from '../../shared/contracts/order'
import type { OrderDoc } from '../../shared/orders/model'
import { canSee, relationsTo } from '../../shared/orders/policy'
import { _ } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getCommunity } from '../common/org'
import { pageOver, type Sort } from '../common/pager'
import { loadOrder } from './model'
import { toCard, toView } from './view'

type Get = typeof orderApi.get
export async function get(input: ParsedOf<Get>, ctx: Ctx): Promise<OutputOf<Get>> {
  const o = await loadOrder(input.orderId)
  if (!canSee(o, relationsTo(o, ctx), ctx)) {
    if (ctx.grants.some((g) => g.role === 'communityAdmin' || g.role === 'streetAdmin')) fail('OUT_OF_SCOPE')
    fail('ORDER_NOT_FOUND')
  }
  return toView(o, ctx)
}

const NEWEST: Sort = { field: 'createdAt', dir: 'desc', type: 'date' }
const RECENT: Sort = { field: 'updatedAt', dir: 'desc', type: 'date' }
const TODO: Sort = { field: 'todoRank', dir: 'asc', type: 'string' }
const HALL: Sort = { field: 'hallRank', dir: 'desc', type: 'string' }

const openFilter = (s: 'open' | 'closed' | 'all') => (s === 'all' ? {} : { open: s === 'open' })

async function cards(page: { items: OrderDoc[]; nextCursor?: string }, ctx: Ctx) {
  return { items: await Promise.all(page.items.map((o) => toCard(o, ctx))), nextCursor: page.nextCursor }
}

type ListMine = typeof orderApi.listMine
/** Mine: what I ordered, and what I said 我也遇到 to (both in `people`, one indexed field). */
export async function listMine(input: ParsedOf<ListMine>, ctx: Ctx): Promise<OutputOf<ListMine>> {
  return cards(await pageOver<OrderDoc & Record<string, unknown>>('orders', [{ people: ctx.openid, ...openFilter(input.status) }], NEWEST, input), ctx)
}

type Inbox = typeof orderApi.inbox
/**
 * The worker's inbox. A community admin sees their community; a street admin what was called up to the
 * street (or a chosen community of theirs, masked); a grid worker their grid. (A department or unit has
 * one queue, 我的任务: myTasks below.) 待处理 is ranked by urgency colour, then people affected, then age (todoRank).
 */
export async function inbox(input: ParsedOf<Inbox>, ctx: Ctx): Promise<OutputOf<Inbox>> {
  const g = ctx.grants
  let scope: Record<string, unknown> | undefined
  const admin = g.find((x) => x.role === 'communityAdmin' && x.communityId && (!input.communityId || x.communityId === input.communityId))
  const street = g.find((x) => x.role === 'streetAdmin' && x.streetId)
  if (admin) scope = { communityId: admin.communityId }
  else if (street && input.communityId) {
    const c = await getCommunity(input.communityId)
    if (c?.streetId !== street.streetId) fail('OUT_OF_SCOPE')
    scope = { communityId: input.communityId }
  } else if (street) scope = { parties: `street:${street.streetId}` }
  else {
    const grid = g.find((x) => x.role === 'gridWorker' && x.gridId)
    if (grid) scope = { communityId: grid.communityId, gridId: grid.gridId }
  }
  if (!scope) fail('OUT_OF_SCOPE')
  if (input.tab === 'todo') return cards(await pageOver<OrderDoc & Record<string, unknown>>('orders', [scope], TODO, input), ctx)
  const where = input.tab === 'all' ? scope : { ...scope, stage: input.tab }
  return cards(await pageOver<OrderDoc & Record<string, unknown>>('orders', [where], RECENT, input), ctx)
}

type Hall = typeof orderApi.hall
/**
 * 任务大厅: published work with free places in the communities where the caller may claim, own community
 * first, each newest first. One indexed query per community (communityId, [category | skills,] hallRank).
 */
export async function hall(input: ParsedOf<Hall>, ctx: Ctx): Promise<OutputOf<Hall>> {
  const memberOf = ctx.grants.filter((g) => g.role === 'member' && g.communityId).map((g) => g.communityId!)
  const volunteerOf = ctx.grants.filter((g) => g.role === 'volunteer' && g.communityId && !memberOf.includes(g.communityId)).map((g) => g.communityId!)
  if (!memberOf.length && !volunteerOf.length) fail('ROLE_REQUIRED')
  const home = ctx.user?.communityId
  const filter = {
    slotsFree: _.gt(0),
    claimerIds: _.neq(ctx.openid),
    ...(input.category ? { category: input.category } : {}),
    ...(input.skill ? { skills: input.skill } : {}),
  }
  const segments = [
    ...memberOf.map((communityId) => ({ communityId, ...filter })),
    ...volunteerOf.map((communityId) => ({ communityId, membersOnly: false, ...filter })),
  ].sort((a, b) => Number(b.communityId === home) - Number(a.communityId === home))
  return cards(await pageOver<OrderDoc & Record<string, unknown>>('orders', segments, HALL, input), ctx)
}

type MyTasks = typeof orderApi.myTasks
/** What the caller claimed or was dispatched, and what was sent to their unit or department (`parties`). */
export async function myTasks(input: ParsedOf<MyTasks>, ctx: Ctx): Promise<OutputOf<MyTasks>> {
  const keys = [`p:${ctx.openid}`]
  for (const x of ctx.grants) {
    if (x.role === 'department' && x.departmentId) keys.push(`department:${x.departmentId}`)
    if (x.role === 'unitAdmin' && x.unitId) keys.push(`unit:${x.unitId}`)
  }
  return cards(await pageOver<OrderDoc & Record<string, unknown>>('orders', keys.map((parties) => ({ parties, ...openFilter(input.status) })), RECENT, input), ctx)
}
