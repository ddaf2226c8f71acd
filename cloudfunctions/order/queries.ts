// Reads: one order, my orders, the admin inbox, the task hall, my tasks. Every read is scoped on the
// server and every answer goes through view.ts, which masks what the caller may not see.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orderApi } from '../../shared/contracts/order'
import { OPEN_STATES, type OrderState } from '../../shared/lifecycles/order'
import { compareInbox } from '../../shared/rules/sla'
import { _, db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { decodeCursor, pageOf } from '../common/paging'
import { actorsOf, canSee, loadOrder, type OrderDoc } from './model'
import { toCard, toView } from './view'

type Get = typeof orderApi.get
export async function get(input: ParsedOf<Get>, ctx: Ctx): Promise<OutputOf<Get>> {
  const o = await loadOrder(input.orderId)
  if (!canSee(o, actorsOf(o, ctx), ctx.openid)) {
    if (ctx.grants.some((g) => g.role === 'communityAdmin' || g.role === 'streetAdmin')) fail('OUT_OF_SCOPE')
    fail('ORDER_NOT_FOUND')
  }
  return toView(o, ctx)
}

const CLOSED_STATES: OrderState[] = ['closed', 'rejected', 'withdrawn', 'confirmed', 'rated']
const statusFilter = (s: 'open' | 'closed' | 'all') =>
  s === 'open' ? { status: _.in(OPEN_STATES as string[]) } : s === 'closed' ? { status: _.in(CLOSED_STATES) } : {}

async function page(where: object, order: [string, 'asc' | 'desc'], input: { cursor?: string; size: number }, ctx: Ctx) {
  const offset = decodeCursor(input.cursor)
  const res = await db.collection('orders').where(where).orderBy(order[0], order[1]).skip(offset).limit(input.size + 1).get()
  const p = pageOf(res.data as OrderDoc[], offset, input.size)
  return { items: await Promise.all(p.items.map((o) => toCard(o, ctx))), nextCursor: p.nextCursor }
}

type ListMine = typeof orderApi.listMine
export function listMine(input: ParsedOf<ListMine>, ctx: Ctx): Promise<OutputOf<ListMine>> {
  // Mine: what I ordered, and what I said 我也遇到 to.
  const mine = _.or([{ ordererId: ctx.openid }, { alsoAffected: ctx.openid }])
  const status = statusFilter(input.status)
  return page(Object.keys(status).length ? _.and([mine, status]) : mine, ['createdAt', 'desc'], input, ctx)
}

const INBOX_TABS: Record<'todo' | 'doing' | 'done', OrderState[]> = {
  todo: ['submitted', 'escalated', 'reopened', 'done'],
  doing: ['accepted', 'dispatched', 'published', 'claimed', 'in_progress'],
  done: ['confirmed', 'rated', 'closed', 'rejected', 'withdrawn'],
}

type Inbox = typeof orderApi.inbox
/**
 * The worker's inbox. A community admin sees their community; a street admin what was called up to the
 * street (or a chosen community of theirs); a department or unit what was sent to it; a grid worker
 * their grid. The to-do tab is sorted by urgency colour, then people affected, then age.
 */
export async function inbox(input: ParsedOf<Inbox>, ctx: Ctx): Promise<OutputOf<Inbox>> {
  const states = input.tab === 'all' ? undefined : INBOX_TABS[input.tab]
  const byState = states ? { status: _.in(states) } : {}
  const g = ctx.grants
  let where: object | undefined
  const admin = g.find((x) => x.role === 'communityAdmin' && (!input.communityId || x.communityId === input.communityId))
  const street = g.find((x) => x.role === 'streetAdmin')
  if (admin) where = { communityId: admin.communityId, ...byState }
  else if (street && input.communityId) {
    const c = (await db.collection('communities').doc(input.communityId).get()).data as Array<{ streetId: string }>
    if (c[0]?.streetId !== street.streetId) fail('OUT_OF_SCOPE')
    where = { communityId: input.communityId, ...byState }
  } else if (street) where = { streetId: street.streetId, ...(input.tab === 'todo' ? { status: 'escalated', 'escalation.to': 'street' } : byState) }
  else {
    const dept = g.find((x) => x.role === 'department')
    const unit = g.find((x) => x.role === 'unitAdmin')
    const grid = g.find((x) => x.role === 'gridWorker')
    if (dept) where = { 'assignee.type': 'department', 'assignee.id': dept.departmentId, ...byState }
    else if (unit) where = { 'assignee.type': 'unit', 'assignee.id': unit.unitId, ...byState }
    else if (grid) where = { communityId: grid.communityId, gridId: grid.gridId, ...byState }
  }
  if (!where) fail('OUT_OF_SCOPE')
  if (input.tab !== 'todo') return page(where, ['updatedAt', 'desc'], input, ctx)
  // The to-do list is short by nature (what is waiting for a person); rank it whole, then page it.
  const res = await db.collection('orders').where(where).orderBy('createdAt', 'asc').limit(1000).get()
  const ranked = (res.data as OrderDoc[]).sort(compareInbox)
  const offset = decodeCursor(input.cursor)
  const p = pageOf(ranked.slice(offset), offset, input.size)
  return { items: await Promise.all(p.items.map((o) => toCard(o, ctx))), nextCursor: p.nextCursor }
}

type Hall = typeof orderApi.hall
/** 任务大厅: published work with free places in the communities where the caller may claim, own community first. */
export async function hall(input: ParsedOf<Hall>, ctx: Ctx): Promise<OutputOf<Hall>> {
  const memberOf = ctx.grants.filter((g) => g.role === 'member').map((g) => g.communityId!)
  const volunteerOf = ctx.grants.filter((g) => g.role === 'volunteer' && !memberOf.includes(g.communityId!)).map((g) => g.communityId!)
  const base = {
    status: _.in(['published', 'claimed']),
    slotsFree: _.gt(0),
    held: false,
    ...(input.category ? { category: input.category } : {}),
    ...(input.skill ? { skills: input.skill } : {}),
  }
  const scopes: object[] = []
  if (memberOf.length) scopes.push({ ...base, communityId: _.in(memberOf) })
  if (volunteerOf.length) scopes.push({ ...base, communityId: _.in(volunteerOf), membersOnly: false })
  if (!scopes.length) fail('ROLE_REQUIRED')
  const where = scopes.length === 1 ? scopes[0] : _.or(scopes)
  const offset = decodeCursor(input.cursor)
  const res = await db.collection('orders').where(where).orderBy('publishedAt', 'desc').limit(1000).get()
  const home = ctx.user?.communityId
  const docs = (res.data as OrderDoc[]).filter((o) => !o.claimerIds.includes(ctx.openid))
  // Own community first, then the rest, each newest first (a stable sort keeps publishedAt order).
  docs.sort((a, b) => Number(b.communityId === home) - Number(a.communityId === home))
  const p = pageOf(docs.slice(offset), offset, input.size)
  return { items: await Promise.all(p.items.map((o) => toCard(o, ctx))), nextCursor: p.nextCursor }
}

type MyTasks = typeof orderApi.myTasks
/** What the caller has claimed or was dispatched: by claims for people, by assignee for units and departments. */
export async function myTasks(input: ParsedOf<MyTasks>, ctx: Ctx): Promise<OutputOf<MyTasks>> {
  const g = ctx.grants
  const mine: object[] = [{ claimerIds: ctx.openid }]
  for (const x of g) {
    if (x.role === 'department') mine.push({ 'assignee.type': 'department', 'assignee.id': x.departmentId })
    if (x.role === 'unitAdmin') mine.push({ 'assignee.type': 'unit', 'assignee.id': x.unitId })
  }
  const where = { ...statusFilter(input.status) }
  return page(mine.length === 1 ? { ...where, ...mine[0] } : _.and([where, _.or(mine)]), ['updatedAt', 'desc'], input, ctx)
}
