// The activity's load → decide → persist plumbing (common/records.ts): loading, the caller's relations,
// the refusal a person would be given, notices and audit entries, and the one way each record is written.
import type { AuditEffect, NoticeEffect, Recipients, SyncEffect } from '../../shared/core/effects'
import { LIVE_PLACES, checkActivity, type ActivityAction, type ActivityPhase, type ActivityRelation, type PlaceState } from '../../shared/lifecycles/activity'
import type { ActivityDoc, SignupDoc } from '../../shared/activities/model'
import { phaseOf } from '../../shared/activities/rules'
import { activityFields } from '../../shared/activities/texts'
import { hasRole, type Grant } from '../../shared/roles'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { move, type Outcome } from '../common/records'
import { db } from '../common/cloud'
import { getDoc } from '../common/users'
import { partnerUnits } from '../org/access'

export const ACTIVITIES = 'activities'
export const SIGNUPS = 'activity_signups'
export const CALENDARS = 'activity_calendars'
export const LINK = '/packages/activity/detail/index'

export async function loadActivity(id: string): Promise<ActivityDoc> {
  return (await getDoc<ActivityDoc>(ACTIVITIES, id)) ?? fail('ACTIVITY_NOT_FOUND')
}

/** The activity without its lists (a sign-up decides on the rest; the lists may be long). */
export async function loadActivityHead(id: string): Promise<ActivityDoc> {
  const res = await db.collection(ACTIVITIES).doc(id).field({ reg: false, wl: false, offers: false, outbox: false, timeline: false }).get()
  const d = (res as { data?: ActivityDoc[] }).data?.[0] ?? fail('ACTIVITY_NOT_FOUND')
  return { ...d, reg: {}, wl: {}, offers: [], outbox: [], timeline: [] }
}

/** Everyone on the activity's lists: registered, offered a place, waiting. */
export const peopleOf = (a: Pick<ActivityDoc, 'reg' | 'wl' | 'offers'>): string[] => [...Object.values(a.reg).flat(), ...a.offers.map((o) => o.openid), ...Object.values(a.wl).flat()]

export interface ActivityCaller {
  openid: string
  grants: readonly Grant[]
  /** The caller's units that are 共建单位 of the activity's community. */
  partnerUnits: string[]
  communityId?: string
}

export async function callerFor(ctx: Pick<Ctx, 'openid' | 'grants' | 'user'>, communityId: string): Promise<ActivityCaller> {
  const units = ctx.grants.some((g) => g.role === 'unitAdmin') ? await partnerUnits(ctx, communityId) : []
  return { openid: ctx.openid, grants: ctx.grants, partnerUnits: units, communityId: ctx.user?.communityId }
}

/** Whether the caller organises the activity: its community's admin, or an admin of the unit that published it (still a partner). */
export function organises(a: Pick<ActivityDoc, 'communityId' | 'unitId'>, c: ActivityCaller): boolean {
  if (hasRole(c.grants, 'communityAdmin', { communityId: a.communityId })) return true
  return !!a.unitId && c.partnerUnits.includes(a.unitId) && c.grants.some((g) => g.role === 'unitAdmin' && g.unitId === a.unitId)
}

/** The role an organiser acts in on an activity: its community's admin, else the admin of the unit that published it. */
export const organiserRole = (a: Pick<ActivityDoc, 'communityId' | 'unitId'>, c: Pick<ActivityCaller, 'grants'>): 'communityAdmin' | 'unitAdmin' =>
  a.unitId && !hasRole(c.grants, 'communityAdmin', { communityId: a.communityId }) ? 'unitAdmin' : 'communityAdmin'

/** Whether the caller belongs to the activity's community (lives there, or serves there). */
export function belongs(a: Pick<ActivityDoc, 'communityId'>, c: ActivityCaller): boolean {
  return c.communityId === a.communityId || c.grants.some((g) => g.communityId === a.communityId)
}

export function relationsTo(a: ActivityDoc, c: ActivityCaller): ActivityRelation[] {
  const rel: ActivityRelation[] = []
  if (organises(a, c)) rel.push('organiser')
  if (c.grants.some((g) => g.role === 'streetAdmin' && g.streetId === a.streetId)) rel.push('overseer')
  if (placeIn(a, c.openid)) rel.push('participant')
  else if (belongs(a, c) || c.partnerUnits.length) rel.push('candidate')
  return rel
}

/** Drafts are the organisers' only; everything else is seen by anyone who belongs or oversees. */
export function canSee(a: ActivityDoc, rel: readonly ActivityRelation[], c: ActivityCaller): boolean {
  if (rel.includes('organiser') || rel.includes('overseer')) return true
  if (a.status === 'draft') return false
  return rel.length > 0 || belongs(a, c)
}

const ADMINISH = new Set(['communityAdmin', 'streetAdmin'])

/** Not ours to see: an admin elsewhere is told so; anyone else learns nothing about it. */
export function hidden(c: { grants: readonly Grant[] }): never {
  if (c.grants.some((g) => ADMINISH.has(g.role) || g.role === 'unitAdmin')) fail('OUT_OF_SCOPE')
  fail('ACTIVITY_NOT_FOUND')
}

/** Refuses what the table does not allow, with the reason a person would give; the relation acted as. */
export function authorize(a: ActivityDoc, action: ActivityAction, c: ActivityCaller, now: Date): { as: ActivityRelation; phase: ActivityPhase } {
  const rel = relationsTo(a, c)
  if (!canSee(a, rel, c)) hidden(c)
  const phase = phaseOf(a, now)
  const d = checkActivity(phase, action, rel)
  if (d.ok) return { as: d.as, phase }
  if (d.why === 'state') fail('ACTIVITY_TRANSITION_NOT_ALLOWED', undefined, activityFields.notNow(phase))
  if (['withdraw', 'confirmPlace', 'checkin', 'checkout'].includes(action)) fail('ACTIVITY_NOT_SIGNED_UP')
  if (action === 'signup') fail('ROLE_REQUIRED')
  fail(c.grants.some((g) => ADMINISH.has(g.role) || g.role === 'unitAdmin') ? 'OUT_OF_SCOPE' : 'ROLE_REQUIRED')
}

export function notice(a: Pick<ActivityDoc, '_id'>, key: string, to: Recipients, text: { title: string; body: string }, at: Date): NoticeEffect {
  return { kind: 'notice', id: `activity:${a._id}:${key}`, to, type: 'activity', ...text, link: `${LINK}?id=${a._id}`, at }
}

export function auditOf(a: Pick<ActivityDoc, '_id' | 'communityId' | 'version'>, ctx: Pick<Ctx, 'openid' | 'now'>, role: string, action: string, note?: string, key = `v${a.version}`): AuditEffect {
  return { kind: 'audit', id: `activity:${a._id}:${action}:${key}`, by: ctx.openid, role, action: `activity.${action}`, targetType: 'activity', targetId: a._id, communityId: a.communityId, ...(note ? { note } : {}), at: ctx.now }
}

/** The sign-up documents follow the activity's places: this person's (or everyone's) place, as of the move. */
export function placeSync(a: Pick<ActivityDoc, '_id' | 'version'>, key: string, match: Record<string, string>, place: PlaceState, at: Date, extra: Record<string, unknown> = {}, unset: string[] = []): SyncEffect {
  return { kind: 'sync', id: `activity:${a._id}:sync:${key}:v${a.version}`, collection: SIGNUPS, match, seq: a.version + 1, set: { place, ...extra }, unset, at }
}

export const liveOf = (s: Pick<SignupDoc, 'place'>) => LIVE_PLACES.includes(s.place)

/** Where a person is on the activity's lists. */
export function placeIn(a: ActivityDoc, openid: string): { place: PlaceState; bucket: string; position?: number } | null {
  for (const [bucket, list] of Object.entries(a.reg)) if (list.includes(openid)) return { place: 'registered', bucket }
  for (const o of a.offers) if (o.openid === openid) return { place: 'offered', bucket: o.bucket }
  for (const [bucket, list] of Object.entries(a.wl)) {
    const i = list.indexOf(openid)
    if (i >= 0) return { place: 'waitlisted', bucket, position: i + 1 }
  }
  return null
}

/** The earliest offer deadline (the timer's due field), or undefined. */
export function offerDueOf(offers: ActivityDoc['offers']): Date | undefined {
  if (!offers.length) return undefined
  return new Date(Math.min(...offers.map((o) => new Date(o.until).getTime())))
}

export function activityMove(a: ActivityDoc, decideOn: (cur: ActivityDoc) => Outcome<ActivityDoc>): Promise<ActivityDoc> {
  return move<ActivityDoc>(
    ACTIVITIES,
    a,
    (cur) => {
      const out = decideOn(cur)
      if ('unchanged' in out) return out
      const offerDue = offerDueOf(out.next.offers)
      const next = { ...out.next }
      if (offerDue) next.offerDue = offerDue
      else delete next.offerDue
      return { next, effects: out.effects }
    },
    { busy: 'ACTIVITY_CONCURRENT_CHANGE', tries: 8 },
  )
}

export function signupMove(s: SignupDoc, decideOn: (cur: SignupDoc) => Outcome<SignupDoc>): Promise<SignupDoc> {
  return move<SignupDoc>(SIGNUPS, s, decideOn, { busy: 'ACTIVITY_CONCURRENT_CHANGE' })
}
