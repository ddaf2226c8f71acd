// 报名 / 候补 / 递补 / 取消报名. The activity's document holds every place and the waiting list, and is
// the only judge of capacity: a sign-up is one conditional update of it with no read first — a place
// while one is free (`taken.<bucket>` below the capacity), else the end of the waiting list — and both
// refuse a person already on its lists (`people`), so capacity holds and nobody is there twice, whatever
// the concurrency; the update's version is the person's place in the arrival order. A place given back
// goes to the first waiting person as an offer to confirm within a window (else it passes on).
//
// Each person's sign-up document follows: written pending before the update, settled from it after
// (or, if the call never finished, by the timer's repair pass), then kept in step by the moves' sync
// effects. A person's calendar keeps their sign-ups' times, so no two of them overlap.
import { createHash, randomInt } from 'node:crypto'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { activityApi } from '../../shared/contracts/activity'
import type { Effect } from '../../shared/core/effects'
import { decidePlace, type PlaceState } from '../../shared/lifecycles/activity'
import { signupId, type ActivityDoc, type CalendarDoc, type SignupDoc } from '../../shared/activities/model'
import { CODE_ALPHABET, canStillCancel, ineligible, overlaps } from '../../shared/activities/rules'
import { activityFields, activityNotes, activityNotices } from '../../shared/activities/texts'
import { hasRole } from '../../shared/roles'
import { _, db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { deliver } from '../common/outbox'
import { create, move, unchanged } from '../common/records'
import { getDoc } from '../common/users'
import { registrationId } from '../member/registrations'
import { ACTIVITIES, activityMove, auditOf, authorize, CALENDARS, callerFor, liveOf, loadActivity, loadActivityHead, notice, organises, placeIn, placeSync, SIGNUPS, type ActivityCaller } from './model'
import { toView } from './view'

const H = 3600_000
/** A calendar slot younger than this holds even before its sign-up is written (two sign-ups racing). */
const RESERVE_MS = 2 * 60_000
/** A pending sign-up not settled by its call after this is settled by the timer. */
export const SETTLE_AFTER_MS = 2 * 60_000

const newPass = () => Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')
const seqKey = (n: number) => String(n).padStart(10, '0')

/**
 * Gives free places of each bucket to the people waiting for them, in order: each becomes an offer to
 * confirm within the activity's window. Changes `next` (reg / wl / taken / offers) and returns the moves'
 * effects for the people offered.
 */
export function freePlaces(cur: ActivityDoc, next: ActivityDoc, now: Date): Effect[] {
  const effects: Effect[] = []
  next.wl = { ...next.wl }
  next.taken = { ...next.taken }
  next.offers = [...next.offers]
  for (const b of next.buckets) {
    const waiting = [...(next.wl[b.key] ?? [])]
    while (waiting.length && (b.capacity === 0 || (next.taken[b.key] ?? 0) < b.capacity)) {
      const openid = waiting.shift()!
      const until = new Date(now.getTime() + next.offerHours * H)
      next.offers.push({ openid, bucket: b.key, until })
      next.taken[b.key] = (next.taken[b.key] ?? 0) + 1
      effects.push(placeSync(cur, `offer-${openid}`, { _id: signupId(cur._id, openid) }, 'offered', now, { offerUntil: until }))
      effects.push(notice(cur, `offer:${openid}:v${cur.version}`, { ids: [openid] }, activityNotices.offered(cur, next.offerHours), now))
    }
    next.wl[b.key] = waiting
  }
  return effects
}

/** Takes a person off the activity's lists (the caller checked they may go); their place, if any, passes on. */
function letGo(cur: ActivityDoc, openid: string, to: PlaceState, now: Date): { next: ActivityDoc; effects: Effect[] } {
  const at = placeIn(cur, openid)!
  const next: ActivityDoc = { ...cur, reg: { ...cur.reg }, wl: { ...cur.wl }, taken: { ...cur.taken }, offers: cur.offers.filter((o) => o.openid !== openid), updatedAt: now }
  if (at.place === 'registered') next.reg[at.bucket] = (cur.reg[at.bucket] ?? []).filter((p) => p !== openid)
  if (at.place === 'waitlisted') next.wl[at.bucket] = (cur.wl[at.bucket] ?? []).filter((p) => p !== openid)
  if (at.place !== 'waitlisted') next.taken[at.bucket] = Math.max(0, (next.taken[at.bucket] ?? 0) - 1)
  const effects: Effect[] = [placeSync(cur, `${to}-${openid}`, { _id: signupId(cur._id, openid) }, to, now, {}, ['offerUntil'])]
  effects.push(...freePlaces(cur, next, now))
  return { next, effects }
}

/** The person a call is about: the caller, or someone a grid worker / the community signed up (代报名). */
function proxyId(byOpenid: string, name: string, phone?: string): string {
  return `px_${createHash('sha256').update(`${byOpenid}\u0000${name}\u0000${phone ?? ''}`).digest('hex').slice(0, 24)}`
}

/** Checks the calendar and holds this activity's time in it; refuses an overlap, naming the other activity. */
async function reserve(openid: string, a: ActivityDoc, now: Date): Promise<void> {
  const mine = { activityId: a._id, title: a.title, start: a.start, end: a.end, at: now }
  let cal = await getDoc<CalendarDoc>(CALENDARS, openid)
  if (!cal) {
    cal = (await create<CalendarDoc>(CALENDARS, { _id: openid, version: 0, outbox: [], slots: [mine] })).doc
    if (cal.slots.some((s) => s.activityId === a._id)) return
  }
  for (let i = 0; i < 5; i++) {
    const cur = i === 0 ? cal : ((await getDoc<CalendarDoc>(CALENDARS, openid)) ?? cal)
    const keep: CalendarDoc['slots'] = []
    for (const s of cur.slots) {
      if (s.activityId === a._id) continue
      if (!overlaps(s, a)) {
        if (new Date(s.end).getTime() > now.getTime()) keep.push(s)
        continue
      }
      // The other sign-up decides; a slot whose sign-up is not written yet holds while it is young (two racing).
      const other = await getDoc<SignupDoc>(SIGNUPS, signupId(s.activityId, openid))
      const young = now.getTime() - new Date((s as { at?: Date }).at ?? 0).getTime() < RESERVE_MS
      if (other ? liveOf(other) || other.place === 'pending' : young) fail('ACTIVITY_OVERLAP', undefined, activityFields.overlap(s.title))
    }
    const res = (await db
      .collection(CALENDARS)
      .where({ _id: openid, version: cur.version })
      .update({ slots: _.set([...keep, mine]), version: _.inc(1) })) as { updated?: number }
    if (res.updated === 1) return
  }
  fail('ACTIVITY_CONCURRENT_CHANGE')
}

/** Writes the sign-up as pending (new, or again after letting go), unless it is pending already. */
async function pendingSignup(a: ActivityDoc, s0: SignupDoc | null, who: { openid: string; name: string; phone?: string; by?: string }, bucket: string, birthYear: number | undefined, now: Date): Promise<SignupDoc> {
  const fields = {
    bucket,
    name: who.name,
    ...(who.phone ? { phone: who.phone } : {}),
    ...(who.by ? { by: who.by } : {}),
    ...(birthYear ? { birthYear } : {}),
    title: a.title,
    start: a.start,
    end: a.end,
    settleDue: new Date(now.getTime() + SETTLE_AFTER_MS),
    updatedAt: now,
  }
  if (!s0) {
    const doc: SignupDoc = { _id: signupId(a._id, who.openid), version: 0, outbox: [], activityId: a._id, communityId: a.communityId, openid: who.openid, place: 'pending', syncSeq: 0, attendance: 'none', pass: newPass(), createdAt: now, ...fields }
    const { doc: saved, created } = await create(SIGNUPS, doc)
    if (created || saved.place === 'pending') return saved
    return pendingSignup(a, saved, who, bucket, birthYear, now)
  }
  if (s0.place === 'pending') return s0
  return move<SignupDoc>(
    SIGNUPS,
    s0,
    (cur) => {
      if (cur.place === 'pending') return unchanged
      if (liveOf(cur)) return unchanged
      if (!decidePlace(cur.place, 'signup', 'person').ok) fail('ACTIVITY_TRANSITION_NOT_ALLOWED')
      const next: SignupDoc = { ...cur, ...fields, place: 'pending', attendance: 'none' }
      for (const k of ['checkInAt', 'checkInBy', 'checkOutAt', 'checkOutBy', 'late', 'offerUntil', 'joinKey'] as const) delete (next as unknown as Record<string, unknown>)[k]
      return { next, effects: [] }
    },
    { busy: 'ACTIVITY_CONCURRENT_CHANGE' },
  )
}

type Joined = { doc: ActivityDoc; place: 'registered' | 'waitlisted'; bucket: string; position?: number }

/** Conditions that hold while a person is on none of the activity's lists. */
function absent(a: Pick<ActivityDoc, 'buckets'>, openid: string): Record<string, unknown> {
  const w: Record<string, unknown> = { 'offers.openid': _.neq(openid) }
  for (const b of a.buckets) Object.assign(w, { [`reg.${b.key}`]: _.neq(openid), [`wl.${b.key}`]: _.neq(openid) })
  return w
}

/**
 * The one conditional update that takes a place (or a turn at the end of the waiting list, only while
 * every place is held). Null: the activity no longer takes sign-ups.
 */
async function join(a: ActivityDoc, openid: string, bucket: string, now: Date): Promise<Joined | null> {
  const cap = a.buckets.find((b) => b.key === bucket)!.capacity
  const col = db.collection(ACTIVITIES)
  const open = { _id: a._id, status: 'published', ...absent(a, openid) }
  // Full when last seen: the waiting list first (a place freed meanwhile is tried next).
  let full = cap > 0 && (a.taken[bucket] ?? 0) >= cap
  for (let i = 0; i < 4; i++) {
    if (!full) {
      const took = (await col.where({ ...open, ...(cap ? { [`taken.${bucket}`]: _.lt(cap) } : {}) }).updateAndReturn({ [`reg.${bucket}`]: _.push(openid), [`taken.${bucket}`]: _.inc(1), version: _.inc(1), updatedAt: now })) as { updated?: number; doc?: ActivityDoc }
      if (took.updated === 1 && took.doc) return { doc: took.doc, place: 'registered', bucket }
      if (!cap) break
    }
    const queued = (await col.where({ ...open, [`taken.${bucket}`]: _.gte(cap) }).updateAndReturn({ [`wl.${bucket}`]: _.push(openid), version: _.inc(1), updatedAt: now })) as { updated?: number; doc?: ActivityDoc }
    if (queued.updated === 1 && queued.doc) return { doc: queued.doc, place: 'waitlisted', bucket, position: queued.doc.wl[bucket].indexOf(openid) + 1 }
    full = false
    // Neither: on the lists already (a retry after a lost reply), closed, or a place just came free.
    const cur = await loadActivity(a._id)
    const at = placeIn(cur, openid)
    if (at && (at.place === 'registered' || at.place === 'waitlisted')) return { doc: cur, place: at.place, bucket: at.bucket, position: at.position }
    if (at || cur.status !== 'published') return null
  }
  return null
}

/**
 * Brings a sign-up document in step with the activity: its place as of the activity's version, unless
 * a later move already wrote a newer one. Delivers the notice that goes with it.
 */
export async function settle(s: Pick<SignupDoc, '_id' | 'openid' | 'by' | 'name'>, a: ActivityDoc, now: Date): Promise<SignupDoc | null> {
  const at = placeIn(a, s.openid)
  const place: PlaceState = at?.place ?? 'failed'
  const bucketName = a.buckets.find((b) => b.key === at?.bucket)?.name ?? ''
  const to = s.by ?? s.openid
  const effects: Effect[] =
    place === 'registered'
      ? [notice(a, `joined:${s.openid}`, { ids: [to] }, s.by ? activityNotices.registeredFor(a, s.name) : activityNotices.registered(a, bucketName), now)]
      : place === 'waitlisted'
        ? [notice(a, `waiting:${s.openid}`, { ids: [to] }, activityNotices.waitlisted(a, at?.position ?? 1), now)]
        : []
  const set: Record<string, unknown> = { place, syncSeq: a.version, settleDue: _.remove(), version: _.inc(1), updatedAt: now }
  if (at) set.joinKey = seqKey(a.version)
  if (effects.length) set.outbox = _.push(effects)
  const res = (await db
    .collection(SIGNUPS)
    .where({ _id: s._id, place: 'pending', syncSeq: _.lt(a.version) })
    .updateAndReturn(set)) as { updated?: number; doc?: SignupDoc }
  if (res.updated !== 1 || !res.doc) return null
  if (effects.length) await deliver(SIGNUPS, res.doc, effects)
  return { ...res.doc, outbox: [] }
}

type Signup = typeof activityApi.signup
export async function signup(input: ParsedOf<Signup>, ctx: Ctx): Promise<OutputOf<Signup>> {
  const a = await loadActivityHead(input.activityId)
  const caller = await callerFor(ctx, a.communityId)
  let who: { openid: string; name: string; phone?: string; by?: string }
  if (input.forPerson) {
    const byGrid = ctx.grants.some((g) => g.role === 'gridWorker' && g.communityId === a.communityId)
    if (!byGrid && !hasRole(ctx.grants, 'communityAdmin', { communityId: a.communityId })) fail(ctx.grants.some((g) => g.role === 'gridWorker' || g.role === 'communityAdmin') ? 'OUT_OF_SCOPE' : 'ROLE_REQUIRED')
    who = { openid: proxyId(ctx.openid, input.forPerson.name, input.forPerson.phone), name: input.forPerson.name, ...(input.forPerson.phone ? { phone: input.forPerson.phone } : {}), by: ctx.openid }
  } else {
    who = { openid: ctx.openid, name: ctx.user?.realName || ctx.user?.nickname || '', ...(ctx.user?.phone ? { phone: ctx.user.phone } : {}) }
  }
  const sid = signupId(a._id, who.openid)
  const s0 = await getDoc<SignupDoc>(SIGNUPS, sid)
  // A double tap, or a retry after a lost reply: the person is on the lists already.
  if (s0 && liveOf(s0)) return toView(await loadActivity(a._id), caller, ctx.now, s0)
  const as: ActivityCaller = { ...caller, openid: who.openid }
  authorize(a, 'signup', input.forPerson ? caller : as, ctx.now)
  const bucket = input.bucket ?? (a.buckets.length === 1 ? a.buckets[0].key : fail('BAD_INPUT', { bucket: activityFields.bucket }))
  const b = a.buckets.find((x) => x.key === bucket) ?? fail('BAD_INPUT', { bucket: activityFields.bucket })
  const birthYear = input.birthYear ?? s0?.birthYear
  const member = !input.forPerson && hasRole(ctx.grants, 'member', { communityId: a.communityId })
  const skills = b.skills.length && !input.forPerson ? ((await getDoc<{ skills?: string[]; status: string }>('registrations', registrationId(ctx.openid, a.communityId)))?.skills ?? []) : []
  const why = ineligible(b, { member, skills, birthYear }, ctx.now)
  if (why) fail('ACTIVITY_INELIGIBLE', why === 'birthYear' ? { birthYear: activityFields.ineligible(why, b.skills, b.minAge) } : undefined, activityFields.ineligible(why, b.skills, b.minAge))
  await reserve(who.openid, a, ctx.now)
  const pending = await pendingSignup(a, s0, who, bucket, birthYear, ctx.now)
  const joined = await join(a, who.openid, bucket, ctx.now)
  if (!joined) {
    const fresh = await loadActivity(a._id)
    await settle(pending, fresh, ctx.now)
    authorize(fresh, 'signup', as, ctx.now)
    fail('ACTIVITY_TRANSITION_NOT_ALLOWED')
  }
  const settled = (await settle(pending, joined.doc, ctx.now)) ?? (await getDoc<SignupDoc>(SIGNUPS, sid)) ?? undefined
  if (input.forPerson) {
    // 代报名 is kept in the audit trail (who signed whom up, and when).
    await deliver(ACTIVITIES, joined.doc, [auditOf(joined.doc, ctx, 'gridWorker', 'proxySignup', activityNotes.proxySignup(who.name), who.openid)])
  }
  return toView(joined.doc, caller, ctx.now, settled)
}

/** Whom a withdrawal is for: the caller, or a person the caller signed up (or organises). */
async function subject(input: { openid?: string }, a: ActivityDoc, caller: ActivityCaller): Promise<string> {
  if (!input.openid || input.openid === caller.openid) return caller.openid
  const s = await getDoc<SignupDoc>(SIGNUPS, signupId(a._id, input.openid))
  if (s && (s.by === caller.openid || organises(a, caller))) return input.openid
  fail('ACTIVITY_NOT_SIGNED_UP')
}

type Withdraw = typeof activityApi.withdraw
/** 取消报名: before the cut-off for a place (a waiting or offered person any time before the start). */
export async function withdraw(input: ParsedOf<Withdraw>, ctx: Ctx): Promise<OutputOf<Withdraw>> {
  const first = await loadActivity(input.activityId)
  const caller = await callerFor(ctx, first.communityId)
  const openid = await subject(input, first, caller)
  const a = await activityMove(first, (cur) => {
    const at = placeIn(cur, openid)
    // Not on the lists: gone already (letting go twice is letting go once), or never there (below).
    if (!at) return unchanged
    authorize(cur, 'withdraw', { ...caller, openid }, ctx.now)
    if (at.place === 'registered' && !canStillCancel(cur, ctx.now)) fail('ACTIVITY_CUTOFF_PASSED', undefined, activityFields.cutoff(cur.cutoffHours))
    const out = letGo(cur, openid, 'withdrawn', ctx.now)
    if (openid !== ctx.openid) out.effects.push(auditOf(cur, ctx, 'gridWorker', 'withdrawFor', undefined, `${openid}:v${cur.version}`))
    return out
  })
  const s = await getDoc<SignupDoc>(SIGNUPS, signupId(a._id, openid))
  if (!s || s.place === 'pending' || s.place === 'failed') {
    authorize(a, 'withdraw', { ...caller, openid }, ctx.now)
    fail('ACTIVITY_NOT_SIGNED_UP')
  }
  // The activity is the judge: a sign-up still marked live (its update not delivered yet) is gone.
  return toView(a, caller, ctx.now, liveOf(s) && !placeIn(a, openid) ? { ...s, place: 'withdrawn' } : s)
}

type ConfirmPlace = typeof activityApi.confirmPlace
/** 确认递补: the offered person takes the place kept for them. */
export async function confirmPlace(input: ParsedOf<ConfirmPlace>, ctx: Ctx): Promise<OutputOf<ConfirmPlace>> {
  const first = await loadActivity(input.activityId)
  const caller = await callerFor(ctx, first.communityId)
  const a = await activityMove(first, (cur) => {
    const at = placeIn(cur, ctx.openid)
    if (at?.place === 'registered') return unchanged
    authorize(cur, 'confirmPlace', caller, ctx.now)
    if (at?.place !== 'offered') fail('ACTIVITY_TRANSITION_NOT_ALLOWED', undefined, activityFields.offerOnly)
    const next: ActivityDoc = { ...cur, offers: cur.offers.filter((o) => o.openid !== ctx.openid), reg: { ...cur.reg, [at.bucket]: [...(cur.reg[at.bucket] ?? []), ctx.openid] }, updatedAt: ctx.now }
    const bucketName = cur.buckets.find((b) => b.key === at.bucket)?.name ?? ''
    return {
      next,
      effects: [placeSync(cur, `confirm-${ctx.openid}`, { _id: signupId(cur._id, ctx.openid) }, 'registered', ctx.now, {}, ['offerUntil']), notice(cur, `confirmed-place:${ctx.openid}:v${cur.version}`, { ids: [ctx.openid] }, activityNotices.registered(cur, bucketName), ctx.now)],
    }
  })
  return toView(a, caller, ctx.now, (await getDoc<SignupDoc>(SIGNUPS, signupId(a._id, ctx.openid))) ?? undefined)
}

/** The timer: offers not confirmed in time pass on to the next person waiting. */
export async function expireOffers(a0: ActivityDoc, now: Date): Promise<'acted' | 'skipped'> {
  let acted = false
  await activityMove(a0, (cur) => {
    const late = cur.offers.filter((o) => new Date(o.until).getTime() <= now.getTime())
    if (!late.length) return unchanged
    // Cancelled meanwhile: the offers simply go (everyone was told of the cancellation).
    if (cur.status !== 'published') return { next: { ...cur, offers: cur.offers.filter((o) => !late.includes(o)) }, effects: [] }
    let next = cur
    const effects: Effect[] = []
    for (const o of late) {
      const out = letGo(next, o.openid, 'passed', now)
      next = out.next
      effects.push(...out.effects, notice(cur, `passed:${o.openid}:v${cur.version}`, { ids: [o.openid] }, activityNotices.passed(cur), now))
    }
    acted = true
    return { next, effects }
  })
  return acted ? 'acted' : 'skipped'
}
