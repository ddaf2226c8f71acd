// What a caller receives of an activity: everyone who may see it gets its card and buckets (counts,
// never names); a participant their own place, position and 报名码; organisers the roster rows with
// phones. The secret of the check-in code never leaves the server.
import type { ActivityCard, ActivityView, BucketView, RosterRow } from '../../shared/contracts/activity'
import { ACTIVITY_PHASE_LABELS, ATTENDANCE_LABELS, PLACE_LABELS, activityActions } from '../../shared/lifecycles/activity'
import type { ActivityDoc, SignupDoc } from '../../shared/activities/model'
import { canStillCancel, ineligible, phaseOf, servedHours } from '../../shared/activities/rules'
import { activityFields, activityTexts } from '../../shared/activities/texts'
import { hasRole } from '../../shared/roles'
import { app } from '../common/cloud'
import { shownImages } from '../common/content'
import { organises, placeIn, relationsTo, type ActivityCaller } from './model'

const iso = (d?: Date | string) => (d ? new Date(d).toISOString() : undefined)

async function coverUrls(docs: ActivityDoc[]): Promise<Map<string, string>> {
  const ids = docs.map((a) => a.cover).filter((x): x is string => !!x)
  if (!ids.length) return new Map()
  const shown = await shownImages(ids)
  if (!shown.length) return new Map()
  const res = await app.getTempFileURL({ fileList: shown.map((fileID) => ({ fileID, maxAge: 3600 })) })
  return new Map((res.fileList ?? []).filter((f: { tempFileURL?: string }) => f.tempFileURL).map((f: { fileID: string; tempFileURL: string }) => [f.fileID, f.tempFileURL]))
}

function cardOf(a: ActivityDoc, c: ActivityCaller, now: Date, covers: Map<string, string>, s?: SignupDoc): ActivityCard {
  const phase = phaseOf(a, now)
  const capacity = a.buckets.reduce((n, b) => (b.capacity === 0 || n < 0 ? -1 : n + b.capacity), 0)
  const taken = a.buckets.reduce((n, b) => n + (a.taken[b.key] ?? 0), 0)
  const at = placeIn(a, c.openid)
  const myPlace = at?.place ?? (s && s.place !== 'pending' && s.place !== 'failed' ? s.place : undefined)
  return {
    id: a._id,
    title: a.title,
    category: a.category,
    ...(a.cover && covers.get(a.cover) ? { cover: covers.get(a.cover) } : {}),
    placeName: a.place.name,
    start: iso(a.start)!,
    end: iso(a.end)!,
    phase,
    phaseLabel: ACTIVITY_PHASE_LABELS[phase],
    countText: activityTexts.count(taken, capacity),
    full: capacity >= 0 && taken >= capacity,
    organiser: a.unitName || '',
    ...(myPlace ? { myPlace, myPlaceLabel: PLACE_LABELS[myPlace] } : {}),
  }
}

export async function toCards(docs: ActivityDoc[], c: ActivityCaller, now: Date, mine?: Map<string, SignupDoc>): Promise<ActivityCard[]> {
  const covers = await coverUrls(docs)
  return docs.map((a) => cardOf(a, c, now, covers, mine?.get(a._id)))
}

/** What the caller's eligibility is judged on: 党员 from the grants; skills (from their 报到) when the caller read them. */
export async function toView(a: ActivityDoc, c: ActivityCaller, now: Date, s?: SignupDoc, skills?: readonly string[]): Promise<ActivityView> {
  const covers = await coverUrls([a])
  const card = cardOf(a, c, now, covers, s)
  const rel = relationsTo(a, c)
  const member = hasRole(c.grants, 'member', { communityId: a.communityId })
  const buckets: BucketView[] = a.buckets.map((b) => {
    // Skills only when known; the age only once a birth year was given (the form asks for it otherwise).
    const why = ineligible(b, { member, skills: skills ?? b.skills, birthYear: s?.birthYear ?? 1900 }, now)
    return {
      key: b.key,
      name: b.name,
      capacity: b.capacity,
      taken: a.taken[b.key] ?? 0,
      waiting: a.wl[b.key]?.length ?? 0,
      membersOnly: b.membersOnly,
      skills: b.skills,
      minAge: b.minAge,
      pointsText: activityTexts.pointsText(b),
      ...(why ? { blocked: activityFields.ineligible(why, b.skills, b.minAge) } : {}),
    }
  })
  const at = placeIn(a, c.openid)
  const mine = s && s.openid === c.openid ? s : undefined
  const place = at?.place ?? (mine && mine.place !== 'pending' ? mine.place : undefined)
  const bucketKey = at?.bucket ?? mine?.bucket
  const organising = organises(a, c)
  return {
    ...card,
    communityId: a.communityId,
    description: a.description,
    place: { name: a.place.name, ...(a.place.lat !== undefined ? { lat: a.place.lat, lng: a.place.lng } : {}), radius: a.place.radius },
    signupStart: iso(a.signupStart)!,
    signupEnd: iso(a.signupEnd)!,
    cutoffHours: a.cutoffHours,
    offerHours: a.offerHours,
    buckets,
    ...(place && bucketKey
      ? {
          my: {
            bucket: bucketKey,
            bucketName: a.buckets.find((b) => b.key === bucketKey)?.name ?? '',
            place,
            placeLabel: PLACE_LABELS[place],
            attendance: mine?.attendance ?? 'none',
            attendanceLabel: ATTENDANCE_LABELS[mine?.attendance ?? 'none'],
            ...(place === 'registered' && mine ? { pass: mine.pass } : {}),
            ...(at?.position ? { position: at.position } : {}),
            ...(place === 'offered' ? { offerUntil: iso(a.offers.find((o) => o.openid === c.openid)?.until) } : {}),
            ...(mine?.checkInAt ? { checkInAt: iso(mine.checkInAt) } : {}),
            ...(mine?.checkOutAt ? { checkOutAt: iso(mine.checkOutAt) } : {}),
            ...(mine?.hours !== undefined ? { hours: mine.hours, points: mine.points } : {}),
          },
        }
      : {}),
    organising,
    ...(a.cancelReason ? { cancelReason: a.cancelReason } : {}),
    allowed: activityActions(card.phase, rel).filter((x) => x !== 'remind' && x !== 'expireOffer'),
    canWithdraw: !!at && (at.place !== 'registered' || canStillCancel(a, now)) && ['published', 'closed'].includes(card.phase),
  }
}

/** One roster row; the phone only for an organiser. */
export function toRow(s: SignupDoc, a: ActivityDoc, organiser: boolean): RosterRow {
  const at = placeIn(a, s.openid)
  const place = at?.place ?? s.place
  return {
    openid: s.openid,
    name: s.name,
    ...(organiser && s.phone ? { phone: s.phone } : {}),
    bucket: s.bucket,
    bucketName: a.buckets.find((b) => b.key === s.bucket)?.name ?? '',
    place,
    placeLabel: PLACE_LABELS[place],
    attendance: s.attendance,
    attendanceLabel: ATTENDANCE_LABELS[s.attendance],
    late: !!s.late,
    ...(at?.position ? { position: at.position } : {}),
    ...(s.checkInAt ? { checkInAt: iso(s.checkInAt) } : {}),
    ...(s.checkOutAt ? { checkOutAt: iso(s.checkOutAt) } : {}),
    suggestedHours: servedHours(a, s.checkInAt, s.checkOutAt),
    ...(s.hours !== undefined ? { hours: s.hours, points: s.points } : {}),
    proxy: !!s.by,
  }
}
