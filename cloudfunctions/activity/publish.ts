// 发布活动: a community admin, or the admin of a 共建单位 for a community it serves, publishes (or saves
// as a draft) an activity with its role buckets; edits it (its time only while nobody is signed up);
// cancels it (everyone on its lists is told, with the reason); finishes it after the hours; sends a
// notice to everyone signed up. The activity's id comes from the caller and the client's request key,
// so a retried publish finds the first one.
import { randomBytes } from 'node:crypto'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { activityApi } from '../../shared/contracts/activity'
import type { Effect } from '../../shared/core/effects'
import type { ActivityDoc, Bucket } from '../../shared/activities/model'
import { DEFAULT_CUTOFF_HOURS, DEFAULT_OFFER_HOURS, nextReminder } from '../../shared/activities/rules'
import { activityFields, activityNotes, activityNotices } from '../../shared/activities/texts'
import { parseInstant } from '../../shared/schemas'
import { checkContent } from '../common/content'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getCommunity } from '../common/org'
import { create, idFor, unchanged } from '../common/records'
import { getDoc } from '../common/users'
import { ACTIVITIES, activityMove, auditOf, authorize, callerFor, loadActivity, notice, organiserRole, organises, peopleOf, placeSync } from './model'
import { freePlaces } from './places'
import { toView } from './view'

const at = (s: string) => new Date(parseInstant(s)!)

function bucketsOf(input: ParsedOf<typeof activityApi.publish>): Bucket[] {
  const list = input.buckets ?? [{ name: activityNotes.defaultBucket, capacity: input.capacity ?? 0, membersOnly: false, skills: [], minAge: 0, points: { mode: 'hour' as const, rate: 10 } }]
  const names = new Set<string>()
  return list.map((b, i) => {
    if (names.has(b.name)) fail('BAD_INPUT', { [`buckets.${i}.name`]: activityFields.bucketKey })
    names.add(b.name)
    return { key: `b${i + 1}`, name: b.name, capacity: b.capacity, membersOnly: b.membersOnly, skills: b.skills, minAge: b.minAge, points: b.points }
  })
}

/** The schedule's own rules: a real order of times, and not in the past. */
function checkTimes(t: { start: Date; end: Date; signupStart: Date; signupEnd: Date }, now: Date): void {
  if (t.end.getTime() <= t.start.getTime()) fail('BAD_INPUT', { end: activityFields.times })
  if (t.start.getTime() <= now.getTime()) fail('BAD_INPUT', { start: activityFields.past })
  if (t.signupEnd.getTime() <= t.signupStart.getTime() || t.signupEnd.getTime() > t.end.getTime()) fail('BAD_INPUT', { signupEnd: activityFields.signupWindow })
}

function reminderOf(a: Pick<ActivityDoc, 'start' | 'status'>, stage: number, now: Date): Pick<ActivityDoc, 'remindDue' | 'remindStage'> {
  const r = a.status === 'published' ? nextReminder(a, stage, now) : undefined
  return r ? { remindDue: r.at, remindStage: r.stage } : {}
}

type Publish = typeof activityApi.publish
export async function publish(input: ParsedOf<Publish>, ctx: Ctx): Promise<OutputOf<Publish>> {
  const id = idFor('a', ctx.openid, input.requestKey)
  const existing = await getDoc<ActivityDoc>(ACTIVITIES, id)
  if (existing) return toView(existing, await callerFor(ctx, existing.communityId), ctx.now)
  const communityId = input.communityId ?? ctx.grants.find((g) => g.role === 'communityAdmin')?.communityId ?? fail('BAD_INPUT', { communityId: activityFields.unit })
  const community = await getCommunity(communityId)
  if (!community || community.retired) fail('OUT_OF_SCOPE')
  const caller = await callerFor(ctx, communityId)
  let unit: { id: string; name: string } | undefined
  if (input.unitId) {
    if (!caller.partnerUnits.includes(input.unitId) || !ctx.grants.some((g) => g.role === 'unitAdmin' && g.unitId === input.unitId)) fail('OUT_OF_SCOPE', { unitId: activityFields.unit })
    unit = { id: input.unitId, name: (await getDoc<{ name: string }>('units', input.unitId))?.name ?? '' }
  } else if (!organises({ communityId }, caller)) {
    if (caller.partnerUnits.length) fail('BAD_INPUT', { unitId: activityFields.unit })
    fail('OUT_OF_SCOPE')
  }
  const times = {
    start: at(input.start),
    end: at(input.end),
    signupStart: input.signupStart ? at(input.signupStart) : ctx.now,
    signupEnd: at(input.signupEnd),
  }
  checkTimes(times, ctx.now)
  const buckets = bucketsOf(input)
  await checkContent(ctx, { texts: { title: input.title, description: input.description, 'place.name': input.place.name }, images: input.cover ? { cover: [input.cover] } : undefined, scene: 1 })
  const status = input.draft ? 'draft' : 'published'
  const doc: ActivityDoc = {
    _id: id,
    version: 0,
    outbox: [],
    status,
    streetId: community.streetId,
    communityId,
    ...(unit ? { unitId: unit.id, unitName: unit.name } : {}),
    title: input.title,
    description: input.description,
    category: input.category,
    ...(input.cover ? { cover: input.cover } : {}),
    place: { name: input.place.name, radius: input.place.radius, ...(input.place.lat !== undefined && input.place.lng !== undefined ? { lat: input.place.lat, lng: input.place.lng } : {}) },
    ...times,
    cutoffHours: input.cutoffHours ?? DEFAULT_CUTOFF_HOURS,
    offerHours: input.offerHours ?? DEFAULT_OFFER_HOURS,
    buckets,
    reg: Object.fromEntries(buckets.map((b) => [b.key, []])),
    taken: Object.fromEntries(buckets.map((b) => [b.key, 0])),
    wl: Object.fromEntries(buckets.map((b) => [b.key, []])),
    offers: [],
    codeKey: randomBytes(16).toString('hex'),
    createdBy: ctx.openid,
    ...(status === 'published' ? { publishedAt: ctx.now } : {}),
    createdAt: ctx.now,
    updatedAt: ctx.now,
    timeline: [{ at: ctx.now, by: ctx.openid, role: unit ? 'unitAdmin' : 'communityAdmin', action: status === 'draft' ? 'draft' : 'publish' }],
  }
  Object.assign(doc, reminderOf(doc, 0, ctx.now))
  doc.outbox = [auditOf(doc, ctx, unit ? 'unitAdmin' : 'communityAdmin', status === 'draft' ? 'draft' : 'publish', input.title)]
  const { doc: saved } = await create(ACTIVITIES, doc)
  return toView(saved, caller, ctx.now)
}

type Update = typeof activityApi.update
export async function update(input: ParsedOf<Update>, ctx: Ctx): Promise<OutputOf<Update>> {
  const first = await loadActivity(input.activityId)
  const caller = await callerFor(ctx, first.communityId)
  const texts = { title: input.title, description: input.description, 'place.name': input.place?.name }
  if (Object.values(texts).some(Boolean) || input.cover) await checkContent(ctx, { texts, images: input.cover ? { cover: [input.cover] } : undefined, scene: 1 })
  const a = await activityMove(first, (cur) => {
    authorize(cur, input.publish && cur.status === 'draft' ? 'publish' : 'update', caller, ctx.now)
    const next: ActivityDoc = { ...cur, updatedAt: ctx.now }
    if (input.title) next.title = input.title
    if (input.description) next.description = input.description
    if (input.category) next.category = input.category
    if (input.cover === null) delete next.cover
    else if (input.cover) next.cover = input.cover
    if (input.place) next.place = { name: input.place.name, radius: input.place.radius, ...(input.place.lat !== undefined && input.place.lng !== undefined ? { lat: input.place.lat, lng: input.place.lng } : {}) }
    if (input.start) next.start = at(input.start)
    if (input.end) next.end = at(input.end)
    if (input.signupStart) next.signupStart = at(input.signupStart)
    if (input.signupEnd) next.signupEnd = at(input.signupEnd)
    if (input.cutoffHours !== undefined) next.cutoffHours = input.cutoffHours
    if (input.offerHours !== undefined) next.offerHours = input.offerHours
    const timeChanged = next.start.getTime() !== new Date(cur.start).getTime() || next.end.getTime() !== new Date(cur.end).getTime()
    if (timeChanged && peopleOf(cur).length) fail('ACTIVITY_TRANSITION_NOT_ALLOWED', { start: activityFields.timeLocked }, activityFields.timeLocked)
    if (timeChanged || input.signupStart || input.signupEnd) checkTimes({ start: new Date(next.start), end: new Date(next.end), signupStart: new Date(next.signupStart), signupEnd: new Date(next.signupEnd) }, ctx.now)
    const effects: Effect[] = []
    if (input.capacities) {
      next.buckets = cur.buckets.map((b) => {
        const cap = input.capacities![b.key]
        if (cap === undefined) return b
        if (cap !== 0 && cap < (cur.taken[b.key] ?? 0)) fail('BAD_INPUT', { [`capacities.${b.key}`]: activityFields.capacityBelow(cur.taken[b.key] ?? 0) })
        return { ...b, capacity: cap }
      })
      // Places added where people wait go to them, first come first served.
      effects.push(...freePlaces(cur, next, ctx.now))
    }
    if (input.publish && cur.status === 'draft') {
      next.status = 'published'
      next.publishedAt = ctx.now
      if (!input.signupStart) next.signupStart = ctx.now
    }
    Object.assign(next, reminderOf(next, next.remindStage ?? 0, ctx.now))
    if (!next.remindDue) delete next.remindDue
    const role = organiserRole(cur, caller)
    next.timeline = [...cur.timeline, { at: ctx.now, by: ctx.openid, role, action: next.status !== cur.status ? 'publish' : 'update' }]
    effects.push(auditOf(cur, ctx, role, next.status !== cur.status ? 'publish' : 'update'))
    if (peopleOf(cur).length && (timeChanged || input.place || input.signupEnd)) effects.push(notice(cur, `changed:v${cur.version}`, { ids: peopleOf(cur) }, activityNotices.changed(next), ctx.now))
    return { next, effects }
  })
  return toView(a, caller, ctx.now)
}

type Cancel = typeof activityApi.cancel
export async function cancel(input: ParsedOf<Cancel>, ctx: Ctx): Promise<OutputOf<Cancel>> {
  const first = await loadActivity(input.activityId)
  const caller = await callerFor(ctx, first.communityId)
  const a = await activityMove(first, (cur) => {
    if (cur.status === 'cancelled') return unchanged
    authorize(cur, 'cancel', caller, ctx.now)
    const role = organiserRole(cur, caller)
    const effects: Effect[] = [auditOf(cur, ctx, role, 'cancel', input.reason)]
    if (peopleOf(cur).length) effects.push(notice(cur, 'cancelled', { ids: peopleOf(cur) }, activityNotices.cancelled(cur, input.reason), ctx.now))
    for (const place of ['pending', 'registered', 'waitlisted', 'offered'] as const) effects.push(placeSync(cur, `cancel-${place}`, { activityId: cur._id, place }, 'cancelled', ctx.now, {}, ['offerUntil']))
    const next: ActivityDoc = { ...cur, status: 'cancelled', cancelledAt: ctx.now, cancelReason: input.reason, offers: [], updatedAt: ctx.now, timeline: [...cur.timeline, { at: ctx.now, by: ctx.openid, role, action: 'cancel', note: input.reason }] }
    delete next.remindDue
    return { next, effects }
  })
  return toView(a, caller, ctx.now)
}

type Finish = typeof activityApi.finish
export async function finish(input: ParsedOf<Finish>, ctx: Ctx): Promise<OutputOf<Finish>> {
  const first = await loadActivity(input.activityId)
  const caller = await callerFor(ctx, first.communityId)
  const a = await activityMove(first, (cur) => {
    if (cur.status === 'finished') return unchanged
    authorize(cur, 'finish', caller, ctx.now)
    return {
      next: { ...cur, status: 'finished', finishedAt: ctx.now, updatedAt: ctx.now, timeline: [...cur.timeline, { at: ctx.now, by: ctx.openid, role: 'organiser', action: 'finish' }] },
      effects: [auditOf(cur, ctx, 'organiser', 'finish')],
    }
  })
  return toView(a, caller, ctx.now)
}

type Notify = typeof activityApi.notify
/** 通知全部报名者: one notice to everyone on the activity's lists, kept in its timeline. */
export async function notifyAll(input: ParsedOf<Notify>, ctx: Ctx): Promise<OutputOf<Notify>> {
  const first = await loadActivity(input.activityId)
  const caller = await callerFor(ctx, first.communityId)
  await checkContent(ctx, { texts: { message: input.message }, scene: 1 })
  let sent = 0
  await activityMove(first, (cur) => {
    authorize(cur, 'notify', caller, ctx.now)
    sent = peopleOf(cur).length
    return {
      next: { ...cur, updatedAt: ctx.now, timeline: [...cur.timeline, { at: ctx.now, by: ctx.openid, role: 'organiser', action: 'notify', note: input.message }] },
      effects: [notice(cur, `message:v${cur.version}`, { ids: peopleOf(cur) }, activityNotices.message(cur, input.message), ctx.now), auditOf(cur, ctx, 'organiser', 'notify', input.message)],
    }
  })
  return { sent }
}
