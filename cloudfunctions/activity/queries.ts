// Reads: the community's activities (upcoming or past; by category, by day, "I can join"), what an
// organiser manages, one activity, 我的活动, the roster and its export. Every list pages on the database
// with an index that serves its filter and its sort (collections.json, common/pager.ts).
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { activityApi, RosterRow } from '../../shared/contracts/activity'
import { signupId, type ActivityDoc, type SignupDoc } from '../../shared/activities/model'
import { lengthHours } from '../../shared/activities/rules'
import { activityNotes } from '../../shared/activities/texts'
import { ATTENDANCE_LABELS, PLACE_LABELS } from '../../shared/lifecycles/activity'
import { parseDay } from '../../shared/schemas'
import { _, app, db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getCommunity } from '../common/org'
import { pageOver, type Sort } from '../common/pager'
import { getDoc } from '../common/users'
import { FIELD_MESSAGES } from '../../shared/messages'
import { xlsx } from '../common/xlsx'
import { registrationId } from '../member/registrations'
import { partnerUnits } from '../org/access'
import { ACTIVITIES, authorize, callerFor, canSee, hidden, loadActivity, relationsTo, SIGNUPS } from './model'
import { toCards, toRow, toView } from './view'

const BY_END_ASC: Sort = { field: 'end', dir: 'asc', type: 'date' }
const BY_END_DESC: Sort = { field: 'end', dir: 'desc', type: 'date' }
const BY_START_DESC: Sort = { field: 'start', dir: 'desc', type: 'date' }
const BY_JOIN: Sort = { field: 'joinKey', dir: 'asc', type: 'string' }

type Row = ActivityDoc & Record<string, unknown>

/** The community whose activities the caller reads: the one named, if they belong, oversee or partner there; else their own. */
async function communityOf(ctx: Ctx, named?: string): Promise<string> {
  const own = ctx.user?.communityId
  if (!named) return own ?? ctx.grants.find((g) => g.communityId)?.communityId ?? fail('PROFILE_INCOMPLETE')
  if (named === own || ctx.grants.some((g) => g.communityId === named)) return named
  const streets = ctx.grants.filter((g) => g.role === 'streetAdmin').map((g) => g.streetId)
  if (streets.length) {
    const c = await getCommunity(named)
    if (c && streets.includes(c.streetId)) return named
  }
  if ((await partnerUnits(ctx, named)).length) return named
  fail('OUT_OF_SCOPE')
}

const DAY = 24 * 3600_000

type List = typeof activityApi.list
export async function list(input: ParsedOf<List>, ctx: Ctx): Promise<OutputOf<List>> {
  const communityId = await communityOf(ctx, input.communityId)
  const base: Record<string, unknown> = { communityId, ...(input.category ? { category: input.category } : {}) }
  let from: Date | undefined
  const extra: Record<string, unknown> = {}
  if (input.day) {
    // That day in Beijing: ending after it begins and starting before it ends.
    const dayStart = new Date(parseDay(input.day)! - 8 * 3600_000)
    from = dayStart
    extra.start = _.lt(new Date(dayStart.getTime() + DAY))
  }
  if (input.canJoin) Object.assign(extra, { signupStart: _.lte(ctx.now), signupEnd: _.gt(ctx.now) })
  const page =
    input.when === 'upcoming'
      ? await pageOver<Row>(ACTIVITIES, [{ ...base, status: 'published', ...extra }], BY_END_ASC, input, from && from > ctx.now ? from : ctx.now)
      : await pageOver<Row>(ACTIVITIES, [{ ...base, status: 'published', ...extra }, { ...base, status: 'finished', ...extra }], BY_END_DESC, input, ctx.now)
  const caller = await callerFor(ctx, communityId)
  const mine = await mySignups(ctx.openid, page.items)
  return { items: await toCards(page.items, caller, ctx.now, mine), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }
}

async function mySignups(openid: string, docs: ActivityDoc[]): Promise<Map<string, SignupDoc>> {
  if (!docs.length) return new Map()
  const res = await db
    .collection(SIGNUPS)
    .where({ _id: _.in(docs.map((a) => signupId(a._id, openid))) })
    .limit(docs.length)
    .get()
  return new Map((res.data as SignupDoc[]).map((s) => [s.activityId, s]))
}

type Manage = typeof activityApi.manage
/** What an organiser runs: their community's activities (or their unit's), by status, latest first. */
export async function manage(input: ParsedOf<Manage>, ctx: Ctx): Promise<OutputOf<Manage>> {
  const admin = ctx.grants.filter((g) => g.role === 'communityAdmin' && g.communityId && (!input.communityId || g.communityId === input.communityId))
  const units = ctx.grants.filter((g) => g.role === 'unitAdmin' && g.unitId).map((g) => g.unitId!)
  if (!admin.length && !units.length) fail('OUT_OF_SCOPE')
  const segments = [...admin.map((g) => ({ communityId: g.communityId, status: input.status })), ...units.map((unitId) => ({ unitId, status: input.status }))]
  const page = await pageOver<Row>(ACTIVITIES, segments, BY_START_DESC, input)
  const items = await Promise.all(page.items.map(async (a) => (await toCards([a], await callerFor(ctx, a.communityId), ctx.now))[0]))
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }
}

type Get = typeof activityApi.get
export async function get(input: ParsedOf<Get>, ctx: Ctx): Promise<OutputOf<Get>> {
  const a = await loadActivity(input.activityId)
  const caller = await callerFor(ctx, a.communityId)
  if (!canSee(a, relationsTo(a, caller), caller)) hidden(caller)
  const [s, reg] = await Promise.all([
    getDoc<SignupDoc>(SIGNUPS, signupId(a._id, ctx.openid)),
    a.buckets.some((b) => b.skills.length) ? getDoc<{ skills?: string[] }>('registrations', registrationId(ctx.openid, a.communityId)) : Promise.resolve(undefined),
  ])
  return toView(a, caller, ctx.now, s ?? undefined, reg === undefined ? undefined : (reg?.skills ?? []))
}

type Mine = typeof activityApi.mine
/** 我的活动: upcoming (soonest first) or past (latest first), every sign-up that got an answer. */
export async function mine(input: ParsedOf<Mine>, ctx: Ctx): Promise<OutputOf<Mine>> {
  const where = { openid: ctx.openid, place: _.nin(['pending', 'failed']) }
  const page = await pageOver<SignupDoc & Record<string, unknown>>(SIGNUPS, [where], input.when === 'upcoming' ? BY_END_ASC : BY_END_DESC, input, ctx.now)
  if (!page.items.length) return { items: [] }
  const res = await db
    .collection(ACTIVITIES)
    .where({ _id: _.in(page.items.map((s) => s.activityId)) })
    .limit(page.items.length)
    .get()
  const byId = new Map((res.data as ActivityDoc[]).map((a) => [a._id, a]))
  const docs = page.items.map((s) => byId.get(s.activityId)).filter((a): a is ActivityDoc => !!a)
  const items = await Promise.all(docs.map(async (a) => (await toCards([a], await callerFor(ctx, a.communityId), ctx.now, new Map(page.items.map((s) => [s.activityId, s as SignupDoc]))))[0]))
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }
}

async function organisedBy(activityId: string, ctx: Ctx): Promise<ActivityDoc> {
  const a = await loadActivity(activityId)
  const caller = await callerFor(ctx, a.communityId)
  const rel = relationsTo(a, caller)
  if (!rel.includes('organiser')) {
    if (!canSee(a, rel, caller)) hidden(caller)
    authorize(a, 'mark', caller, ctx.now)
    fail('OUT_OF_SCOPE')
  }
  return a
}

async function count(where: object): Promise<number> {
  return ((await db.collection(SIGNUPS).where(where).count()) as { total?: number }).total ?? 0
}

/** The people of one list of the activity, in its order: registered and offered as they took their places, waiting in line. */
function listOf(a: ActivityDoc, place: 'registered' | 'waitlisted' | 'offered'): string[] {
  if (place === 'offered') return a.offers.map((o) => o.openid)
  return a.buckets.flatMap((b) => (place === 'registered' ? a.reg[b.key] : a.wl[b.key]) ?? [])
}

const indexCursor = (raw?: string): number => {
  if (!raw) return 0
  const n = Number(raw)
  return Number.isInteger(n) && n > 0 && n < 1e6 ? n : fail('BAD_INPUT', { cursor: FIELD_MESSAGES.cursor })
}

/** One page of a list held by the activity: the ids from its order, the sign-ups read by id. */
async function pageOfList(a: ActivityDoc, place: 'registered' | 'waitlisted' | 'offered', input: { cursor?: string; size: number }): Promise<{ items: SignupDoc[]; nextCursor?: string }> {
  const ids = listOf(a, place)
  const from = indexCursor(input.cursor)
  const slice = ids.slice(from, from + input.size)
  if (!slice.length) return { items: [] }
  const res = await db
    .collection(SIGNUPS)
    .where({ _id: _.in(slice.map((o) => signupId(a._id, o))) })
    .limit(slice.length)
    .get()
  const byOpenid = new Map((res.data as SignupDoc[]).map((s) => [s.openid, s]))
  // A person whose sign-up is not written yet (its call still running) shows from the activity's list.
  const items = slice.map((o) => byOpenid.get(o) ?? ({ _id: signupId(a._id, o), openid: o, name: '', bucket: '', place, attendance: 'none' } as unknown as SignupDoc))
  return { items, ...(from + slice.length < ids.length ? { nextCursor: String(from + slice.length) } : {}) }
}

type Roster = typeof activityApi.roster
/** 报名名单 with statuses, in the activity's own order (as places were taken; the waiting list in line); phones for the organisers. */
export async function roster(input: ParsedOf<Roster>, ctx: Ctx): Promise<OutputOf<Roster>> {
  const a = await organisedBy(input.activityId, ctx)
  const page = input.place === 'withdrawn' ? await pageOver<SignupDoc & Record<string, unknown>>(SIGNUPS, [{ activityId: a._id, place: 'withdrawn' }], BY_JOIN, input) : await pageOfList(a, input.place, input)
  const [checkedIn, confirmed] = await Promise.all([
    count({ activityId: a._id, place: 'registered', attendance: _.in(['checked_in', 'checked_out']) }),
    count({ activityId: a._id, place: 'registered', attendance: 'confirmed' }),
  ])
  return {
    items: page.items.map((s) => toRow(s, a, true)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    counts: {
      registered: listOf(a, 'registered').length,
      waitlisted: listOf(a, 'waitlisted').length,
      offered: a.offers.length,
      checkedIn,
      confirmed,
    },
    lengthHours: lengthHours(a),
  }
}

const dt = (d?: string) => (d ? new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '')

type Export = typeof activityApi.export
/** 导出名单与时长: the whole roster (registered, then waiting) as an .xlsx, stored and linked for an hour. */
export async function exportRoster(input: ParsedOf<Export>, ctx: Ctx): Promise<OutputOf<Export>> {
  const a = await organisedBy(input.activityId, ctx)
  const rows: RosterRow[] = []
  for (const place of ['registered', 'offered', 'waitlisted'] as const) {
    let cursor: string | undefined
    do {
      const page = await pageOfList(a, place, { cursor, size: 200 })
      rows.push(...page.items.map((s) => toRow(s, a, true)))
      cursor = page.nextCursor
    } while (cursor)
  }
  const sheet = [
    activityNotes.exportHeader,
    ...rows.map((r, i) => [
      i + 1,
      r.name,
      r.phone ?? '',
      r.bucketName,
      PLACE_LABELS[r.place],
      ATTENDANCE_LABELS[r.attendance],
      r.late ? activityNotes.yes : activityNotes.no,
      dt(r.checkInAt),
      dt(r.checkOutAt),
      r.suggestedHours,
      r.hours ?? '',
      r.points ?? '',
      r.proxy ? activityNotes.yes : activityNotes.no,
    ]),
  ]
  const fileName = activityNotes.exportFile(a.title)
  const cloudPath = `exports/activity/${a._id}/${ctx.now.getTime()}.xlsx`
  const up = await app.uploadFile({ cloudPath, fileContent: xlsx(activityNotes.sheetName, sheet) })
  const fileID = (up as { fileID?: string }).fileID ?? fail('SERVICE_BUSY')
  const link = await app.getTempFileURL({ fileList: [{ fileID, maxAge: 3600 }] })
  const url = (link.fileList?.[0] as { tempFileURL?: string } | undefined)?.tempFileURL ?? fail('SERVICE_BUSY')
  return { url, fileName, rows: rows.length }
}
