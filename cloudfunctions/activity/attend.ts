// 签到 / 签退 / 标记 / 确认时长. Three ways in: the organiser's rotating code (a QR code on their screen,
// signed with the activity's secret and valid 60 s; scanned, or its 6 characters typed), GPS within the
// activity's radius, or the person's own 报名码 typed by the organiser. All only from 2 h before the start
// to 2 h after the end. The organiser marks 迟到 / 请假 / 缺席 and confirms hours; only confirmed hours
// reach the ledger (once: the entry's key is the activity and the person), and a confirmed figure changed
// later writes a correcting entry with its reason.
import { createHmac } from 'node:crypto'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { activityApi, RosterRow } from '../../shared/contracts/activity'
import { ledgerKey, type Effect } from '../../shared/core/effects'
import { ATTENDANCE_LABELS, decideAttendance, type AttendanceAction } from '../../shared/lifecycles/activity'
import { signupId, type ActivityDoc, type SignupDoc } from '../../shared/activities/model'
import { CODE_ALPHABET, CODE_STEP_MS, CODE_VALID_STEPS, distanceM, inCheckinWindow, isLate, lengthHours, normaliseCode, parseQr, pointsFor, qrPayload } from '../../shared/activities/rules'
import { activityFields, activityNotes, activityNotices, activityTexts } from '../../shared/activities/texts'
import { db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { unchanged } from '../common/records'
import { getDoc } from '../common/users'
import { auditOf, authorize, callerFor, loadActivity, notice, SIGNUPS, signupMove, type ActivityCaller } from './model'
import { toRow } from './view'

/** The organiser's code for one 30-second step: 6 characters from an HMAC of the activity and the step. */
export function codeFor(a: Pick<ActivityDoc, '_id' | 'codeKey'>, step: number): string {
  const mac = createHmac('sha256', a.codeKey).update(`${a._id}:${step}`).digest()
  return Array.from({ length: 6 }, (_x, i) => CODE_ALPHABET[mac[i] % CODE_ALPHABET.length]).join('')
}

/** A code shown within the last 60 s (this step or the one before). */
export function codeValid(a: Pick<ActivityDoc, '_id' | 'codeKey'>, code: string, now: Date): boolean {
  const step = Math.floor(now.getTime() / CODE_STEP_MS)
  for (let i = 0; i < CODE_VALID_STEPS; i++) if (codeFor(a, step - i) === code) return true
  return false
}

type Code = typeof activityApi.checkinCode
export async function checkinCode(input: ParsedOf<Code>, ctx: Ctx): Promise<OutputOf<Code>> {
  const a = await loadActivity(input.activityId)
  const caller = await callerFor(ctx, a.communityId)
  const { as } = authorize(a, 'notify', caller, ctx.now)
  if (as !== 'organiser') fail('OUT_OF_SCOPE')
  const step = Math.floor(ctx.now.getTime() / CODE_STEP_MS)
  const code = codeFor(a, step)
  return { code, qr: qrPayload(a._id, code), expiresAt: new Date((step + CODE_VALID_STEPS) * CODE_STEP_MS).toISOString(), refreshInMs: (step + 1) * CODE_STEP_MS - ctx.now.getTime() }
}

type Check = typeof activityApi.checkin
type How = NonNullable<SignupDoc['checkInBy']>

/** Whose attendance a check-in or check-out is, and how it was proven; refuses what does not prove it. */
async function proven(a: ActivityDoc, input: ParsedOf<Check>, caller: ActivityCaller, action: 'checkin' | 'checkout', now: Date): Promise<{ s: SignupDoc; how: How; as: 'person' | 'organiser' }> {
  const { as } = authorize(a, action, caller, now)
  if (!inCheckinWindow(a, now)) fail('ACTIVITY_CHECKIN_CLOSED', undefined, activityFields.window)
  if (input.pass !== undefined) {
    if (as !== 'organiser') fail('OUT_OF_SCOPE')
    const res = await db.collection(SIGNUPS).where({ activityId: a._id, pass: normaliseCode(input.pass) }).limit(1).get()
    const s = (res.data as SignupDoc[])[0]
    if (!s || s.place !== 'registered') fail('ACTIVITY_NOT_SIGNED_UP', { pass: activityFields.pass }, activityFields.pass)
    return { s, how: 'organiser', as: 'organiser' }
  }
  const s = await getDoc<SignupDoc>(SIGNUPS, signupId(a._id, caller.openid))
  if (!s || s.place !== 'registered') fail('ACTIVITY_NOT_SIGNED_UP')
  if (input.code !== undefined) {
    const qr = parseQr(input.code)
    if (qr && qr.activityId !== a._id) fail('ACTIVITY_CODE_INVALID', { code: activityFields.qrOther }, activityFields.qrOther)
    if (!codeValid(a, qr ? qr.code : normaliseCode(input.code), now)) fail('ACTIVITY_CODE_INVALID', { code: activityFields.code }, activityFields.code)
    return { s, how: qr ? 'qr' : 'code', as: 'person' }
  }
  const p = a.place
  if (p.lat === undefined || p.lng === undefined) fail('ACTIVITY_TOO_FAR', { location: activityFields.noPoint }, activityFields.noPoint)
  const m = Math.round(distanceM({ lat: p.lat, lng: p.lng }, input.location!))
  if (m > p.radius) fail('ACTIVITY_TOO_FAR', { location: activityFields.far(m, p.radius) }, activityFields.far(m, p.radius))
  return { s, how: 'gps', as: 'person' }
}

async function attend(input: ParsedOf<Check>, ctx: Ctx, action: 'checkin' | 'checkout'): Promise<OutputOf<Check>> {
  const a = await loadActivity(input.activityId)
  const caller = await callerFor(ctx, a.communityId)
  const { s, how, as } = await proven(a, input, caller, action, ctx.now)
  const done = action === 'checkin' ? 'checked_in' : 'checked_out'
  const saved = await signupMove(s, (cur) => {
    // Checked in (or out) already: a second scan changes nothing.
    if (cur.attendance === done || (action === 'checkin' && cur.attendance === 'checked_out')) return unchanged
    const d = decideAttendance(cur.attendance, action, as)
    if (!d.ok) fail('ACTIVITY_TRANSITION_NOT_ALLOWED', undefined, `${ATTENDANCE_LABELS[cur.attendance]}`)
    const next: SignupDoc = { ...cur, attendance: done, updatedAt: ctx.now }
    if (action === 'checkin') Object.assign(next, { checkInAt: ctx.now, checkInBy: how, late: isLate(a, ctx.now) })
    else Object.assign(next, { checkOutAt: ctx.now, checkOutBy: how })
    return { next, effects: as === 'organiser' ? [auditOf(a, ctx, 'organiser', action, cur.name, `${cur.openid}:${cur.version}`)] : [] }
  })
  const t = action === 'checkin' ? saved.checkInAt : saved.checkOutAt
  return { name: saved.name, attendance: saved.attendance, attendanceLabel: ATTENDANCE_LABELS[saved.attendance], at: new Date(t ?? ctx.now).toISOString(), late: !!saved.late }
}

export const checkin = (input: ParsedOf<Check>, ctx: Ctx) => attend(input, ctx, 'checkin')
export const checkout = (input: ParsedOf<Check>, ctx: Ctx) => attend(input, ctx, 'checkout')

async function organised(activityId: string, ctx: Ctx, action: 'mark' | 'confirmHours'): Promise<{ a: ActivityDoc; caller: ActivityCaller }> {
  const a = await loadActivity(activityId)
  const caller = await callerFor(ctx, a.communityId)
  const { as } = authorize(a, action, caller, ctx.now)
  if (as !== 'organiser') fail('OUT_OF_SCOPE')
  return { a, caller }
}

async function signupOf(a: ActivityDoc, openid: string): Promise<SignupDoc> {
  const s = await getDoc<SignupDoc>(SIGNUPS, signupId(a._id, openid))
  if (!s || s.place !== 'registered') fail('ACTIVITY_NOT_SIGNED_UP', { openid: activityFields.notRegistered }, activityFields.notRegistered)
  return s
}

type Mark = typeof activityApi.mark
/** 迟到 (someone who came), 缺席 or 请假 (someone who did not). */
export async function mark(input: ParsedOf<Mark>, ctx: Ctx): Promise<OutputOf<Mark>> {
  const { a } = await organised(input.activityId, ctx, 'mark')
  const s = await signupOf(a, input.openid)
  const action: AttendanceAction = input.mark === 'late' ? 'markLate' : input.mark === 'absent' ? 'markAbsent' : 'markExcused'
  const saved = await signupMove(s, (cur) => {
    if (input.mark === 'late' ? cur.late : cur.attendance === (input.mark === 'absent' ? 'absent' : 'excused')) return unchanged
    const d = decideAttendance(cur.attendance, action, 'organiser')
    if (!d.ok) fail('ACTIVITY_TRANSITION_NOT_ALLOWED', undefined, ATTENDANCE_LABELS[cur.attendance])
    const next: SignupDoc = input.mark === 'late' ? { ...cur, late: true, updatedAt: ctx.now } : { ...cur, attendance: d.to as SignupDoc['attendance'], updatedAt: ctx.now }
    return { next, effects: [auditOf(a, ctx, 'organiser', `mark.${input.mark}`, cur.name, `${cur.openid}:${cur.version}`)] }
  })
  return toRow(saved, a, true)
}

type Confirm = typeof activityApi.confirmHours
/**
 * 确认时长, for several people at once: each confirmed figure (at most the activity's length) pays its
 * hours and points through the ledger once; a figure changed after it was confirmed needs a reason and
 * writes a correcting entry for the difference.
 */
export async function confirmHours(input: ParsedOf<Confirm>, ctx: Ctx): Promise<OutputOf<Confirm>> {
  const { a } = await organised(input.activityId, ctx, 'confirmHours')
  const max = lengthHours(a)
  input.items.forEach((it, i) => {
    if (it.hours > max) fail('BAD_INPUT', { [`items.${i}.hours`]: activityFields.hoursOver(max) })
  })
  const docs = await Promise.all(input.items.map((it) => signupOf(a, it.openid)))
  docs.forEach((s, i) => {
    if (s.attendance === 'confirmed' && s.hours !== input.items[i].hours && !input.items[i].reason) fail('BAD_INPUT', { [`items.${i}.reason`]: activityFields.reasonRequired })
  })
  let confirmed = 0
  let corrected = 0
  const rows: RosterRow[] = []
  for (const [i, s0] of docs.entries()) {
    const it = input.items[i]
    const saved = await signupMove(s0, (cur) => {
      const b = a.buckets.find((x) => x.key === cur.bucket)
      const points = pointsFor(b, it.hours)
      if (cur.attendance === 'confirmed' && cur.hours === it.hours) return unchanged
      const proxy = cur.openid.startsWith('px_')
      const effects: Effect[] = []
      if (cur.attendance === 'confirmed') {
        const d = decideAttendance(cur.attendance, 'correct', 'organiser')
        if (!d.ok) fail('ACTIVITY_TRANSITION_NOT_ALLOWED')
        const n = (cur.corrections?.length ?? 0) + 1
        const dh = it.hours - (cur.hours ?? 0)
        const dp = points - (cur.points ?? 0)
        if (!proxy && (dh || dp)) {
          effects.push({ kind: 'ledger', id: `${ledgerKey('activity', a._id, cur.openid)}:fix${n}`, openid: cur.openid, communityId: a.communityId, sourceType: 'activity', sourceId: a._id, points: dp, hours: dh, note: activityNotes.correction(a, it.reason ?? ''), at: ctx.now })
          effects.push(notice(a, `corrected:${cur.openid}:${n}`, { ids: [cur.openid] }, activityNotices.corrected(a, it.hours, points, it.reason ?? ''), ctx.now))
        }
        effects.push(auditOf(a, ctx, 'organiser', 'correctHours', it.reason, `${cur.openid}:fix${n}`))
        corrected++
        return { next: { ...cur, hours: it.hours, points, corrections: [...(cur.corrections ?? []), { at: ctx.now, by: ctx.openid, hours: it.hours, points, reason: it.reason ?? '' }], updatedAt: ctx.now }, effects }
      }
      const d = decideAttendance(cur.attendance, 'confirm', 'organiser')
      if (!d.ok) fail('ACTIVITY_TRANSITION_NOT_ALLOWED', { [`items.${i}.openid`]: ATTENDANCE_LABELS[cur.attendance] }, activityTexts.personState(cur.name, ATTENDANCE_LABELS[cur.attendance]))
      if (!proxy && (it.hours > 0 || points > 0)) {
        effects.push({ kind: 'ledger', id: ledgerKey('activity', a._id, cur.openid), openid: cur.openid, communityId: a.communityId, sourceType: 'activity', sourceId: a._id, points, hours: it.hours, note: activityNotes.ledger(a), at: ctx.now, limited: true })
        effects.push(notice(a, `confirmed:${cur.openid}`, { ids: [cur.openid] }, activityNotices.confirmed(a, it.hours, points), ctx.now))
      }
      effects.push(auditOf(a, ctx, 'organiser', 'confirmHours', `${cur.name} ${it.hours}`, `${cur.openid}`))
      confirmed++
      return { next: { ...cur, attendance: 'confirmed', hours: it.hours, points, confirmedAt: ctx.now, updatedAt: ctx.now }, effects }
    })
    rows.push(toRow(saved, a, true))
  }
  return { confirmed, corrected, rows }
}
