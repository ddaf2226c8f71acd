// order.summary (issue 12): the home page's figures for each role the caller holds, scoped from their
// grants like the lists (queries.ts). Every figure is a count on an index (collections.json) or a short
// read of at most a few documents in index order; nothing reads a collection whole.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orderApi } from '../../shared/contracts/order'
import { ESCALATION_CLOCK_STATES } from '../../shared/orders/derive'
import type { OrderDoc } from '../../shared/orders/model'
import { ACCEPT_CLOCK_STATES } from '../../shared/rules/sla'
import { monthStart, SATISFIED_STARS, type CommunitySummary, type HelperSummary, type OrderSummary, type QueueSummary, type ResidentSummary, type StreetRow } from '../../shared/orders/summary'
import { _, db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getCommunity, type CommunityDoc } from '../common/org'
import { toCard } from './view'

type Summary = typeof orderApi.summary

const orders = () => db.collection('orders')
const count = async (where: object) => ((await orders().where(where).count()) as { total?: number }).total ?? 0
const first = async (where: object, field: string, dir: 'asc' | 'desc', n: number) =>
  ((await orders().where(where).orderBy(field, dir).limit(n).get()) as { data: OrderDoc[] }).data

/** Waiting to be accepted: the acceptance clock runs (shared/rules/sla.ts). */
const WAITING = [...ACCEPT_CLOCK_STATES]
/** Called up (吹哨) and still being worked by whoever has it: its 完成期限 runs (shared/orders/derive.ts). */
const ESCALATED = [...ESCALATION_CLOCK_STATES]

/** 超时 in a community: waiting past the acceptance deadline, or called up and past its 完成期限. */
async function overdueIn(communityId: string, now: Date): Promise<number> {
  const [accept, escalation] = await Promise.all([
    count({ communityId, status: _.in(WAITING), acceptDeadline: _.lt(now) }),
    count({ communityId, status: _.in(ESCALATED), 'escalation.deadline': _.lt(now) }),
  ])
  return accept + escalation
}
const TOP = 3

async function community(communityId: string, ctx: Ctx): Promise<CommunitySummary> {
  const now = ctx.now
  const from = monthStart(now)
  const waiting = { communityId, status: _.in(WAITING) }
  const [c, todo, red, yellow, green, nearest, overdue, received, accepted, closed, rated, satisfied] = await Promise.all([
    getCommunity(communityId),
    count({ communityId, stage: 'todo' }),
    count({ communityId, stage: 'todo', colour: 'red' }),
    count({ communityId, stage: 'todo', colour: 'yellow' }),
    count({ communityId, stage: 'todo', colour: 'green' }),
    first(waiting, 'acceptDeadline', 'asc', 1),
    overdueIn(communityId, now),
    count({ communityId, createdAt: _.gte(from) }),
    count({ communityId, acceptedAt: _.gte(from) }),
    count({ communityId, closedAt: _.gte(from), status: 'closed' }),
    count({ communityId, ratedAt: _.gte(from) }),
    count({ communityId, ratedAt: _.gte(from), 'rating.stars': _.gte(SATISFIED_STARS) }),
  ])
  return {
    communityId,
    communityName: c?.name ?? '',
    todo,
    red,
    yellow,
    green,
    ...(nearest[0] ? { nearestDue: new Date(nearest[0].acceptDeadline).toISOString() } : {}),
    overdue,
    month: { received, accepted, closed, rated, satisfied },
  }
}

async function street(streetId: string, ctx: Ctx): Promise<StreetRow[]> {
  const res = (await db.collection('communities').where({ streetId }).limit(100).get()) as { data: CommunityDoc[] }
  const list = res.data.filter((c) => !c.retired).sort((a, b) => (a._id < b._id ? -1 : 1))
  return Promise.all(
    list.map(async (c) => {
      const [escalated, overdue] = await Promise.all([
        count({ parties: `street:${streetId}`, open: true, communityId: c._id, status: 'escalated' }),
        overdueIn(c._id, ctx.now),
      ])
      return { communityId: c._id, communityName: c.name, escalated, overdue }
    }),
  )
}

async function queue(kind: 'department' | 'unit', id: string): Promise<QueueSummary> {
  const where = { parties: `${kind}:${id}`, open: true }
  // The nearest 完成期限 (derived workDue, shared/orders/derive.ts) is the first of the queue in due order.
  const [open, cameBack, nearest] = await Promise.all([count(where), count({ ...where, unsolvedAt: _.gt(new Date(0)) }), first({ ...where, workDue: _.gt(new Date(0)) }, 'workDue', 'asc', 1)])
  const due = nearest[0]?.workDue
  return { kind, id, open, cameBack, ...(due ? { nearestDue: new Date(due).toISOString() } : {}) }
}

async function resident(ctx: Ctx): Promise<ResidentSummary> {
  const mine = { people: ctx.openid, ordererId: ctx.openid }
  const [toConfirm, toRate, open, recent] = await Promise.all([
    count({ ...mine, status: 'done' }),
    count({ ...mine, status: 'confirmed' }),
    count({ people: ctx.openid, open: true }),
    first({ people: ctx.openid, open: true }, 'createdAt', 'desc', TOP),
  ])
  return { toConfirm, toRate, open, recent: await Promise.all(recent.map((o) => toCard(o, ctx))) }
}

async function helper(ctx: Ctx): Promise<HelperSummary> {
  const memberOf = ctx.grants.filter((g) => g.role === 'member' && g.communityId).map((g) => g.communityId!)
  const volunteerOf = ctx.grants.filter((g) => g.role === 'volunteer' && g.communityId && !memberOf.includes(g.communityId)).map((g) => g.communityId!)
  // The hall's own filter (queries.ts hall): published, a place free, not already mine.
  const inHall = { hallRank: _.gt(''), slotsFree: _.gt(0), claimerIds: _.neq(ctx.openid) }
  const segments = [...memberOf.map((communityId) => ({ communityId, ...inHall })), ...volunteerOf.map((communityId) => ({ communityId, membersOnly: false, ...inHall }))]
  const mine = { parties: `p:${ctx.openid}`, open: true }
  const [hallCounts, openTasks, tasks] = await Promise.all([Promise.all(segments.map(count)), count(mine), first(mine, 'updatedAt', 'desc', TOP)])
  return { hall: hallCounts.reduce((a, b) => a + b, 0), openTasks, tasks: await Promise.all(tasks.map((o) => toCard(o, ctx))) }
}

export async function summary(_input: ParsedOf<Summary>, ctx: Ctx): Promise<OutputOf<Summary>> {
  const g = ctx.grants
  const admin = g.find((x) => x.role === 'communityAdmin' && x.communityId)
  const streetGrant = g.find((x) => x.role === 'streetAdmin' && x.streetId)
  const queues: { kind: 'department' | 'unit'; id: string }[] = []
  for (const x of g) {
    if (x.role === 'department' && x.departmentId) queues.push({ kind: 'department', id: x.departmentId })
    if (x.role === 'unitAdmin' && x.unitId) queues.push({ kind: 'unit', id: x.unitId })
  }
  const helps = g.some((x) => (x.role === 'member' || x.role === 'volunteer') && x.communityId)
  const lives = g.some((x) => x.role === 'resident')
  // Nobody to answer for: no community chosen yet and no work role.
  if (!admin && !streetGrant && !queues.length && !helps && !lives) fail('PROFILE_INCOMPLETE')
  const [c, s, q, r, h] = await Promise.all([
    admin ? community(admin.communityId!, ctx) : undefined,
    streetGrant ? street(streetGrant.streetId!, ctx) : undefined,
    Promise.all(queues.map((x) => queue(x.kind, x.id))),
    lives ? resident(ctx) : undefined,
    helps ? helper(ctx) : undefined,
  ])
  const out: OrderSummary = { at: ctx.now.toISOString(), queues: q }
  if (c) out.community = c
  if (s && streetGrant) out.street = { streetId: streetGrant.streetId!, rows: s }
  if (r) out.resident = r
  if (h) out.helper = h
  return out
}
