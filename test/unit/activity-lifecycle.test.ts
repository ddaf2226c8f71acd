import { cells } from '../../shared/core/flow'
import {
  ACTIVITY_ACTIONS,
  ACTIVITY_PHASES,
  ACTIVITY_RELATIONS,
  ACTIVITY_TRANSITIONS,
  ATTENDANCE_ACTIONS,
  ATTENDANCE_RELATIONS,
  ATTENDANCE_STATES,
  ATTENDANCE_TRANSITIONS,
  activityActions,
  checkActivity,
  decideAttendance,
  decidePlace,
  PLACE_ACTIONS,
  PLACE_RELATIONS,
  PLACE_STATES,
  PLACE_TRANSITIONS,
  type ActivityPhase,
  type AttendanceState,
  type PlaceState,
} from '../../shared/lifecycles/activity'
import type { Bucket } from '../../shared/activities/model'
import { canStillCancel, distanceM, ineligible, inCheckinWindow, lengthHours, nextReminder, overlaps, parseQr, phaseOf, pointsFor, qrPayload, servedHours } from '../../shared/activities/rules'

// The activity lifecycles as a person reads them: for each state, who may do what. Written out by hand,
// so that a change to a table in shared/ has to be made twice, on purpose.
const ATTEND = ['checkin:participant', 'checkin:organiser', 'checkout:participant', 'checkout:organiser']
const ACTIVITY: Record<ActivityPhase, string[]> = {
  draft: ['publish:organiser', 'update:organiser', 'cancel:organiser'],
  announced: ['update:organiser', 'cancel:organiser', 'notify:organiser'],
  published: ['update:organiser', 'cancel:organiser', 'signup:candidate', 'withdraw:participant', 'confirmPlace:participant', ...ATTEND, 'notify:organiser', 'remind:system', 'expireOffer:system'],
  closed: ['update:organiser', 'cancel:organiser', 'withdraw:participant', 'confirmPlace:participant', ...ATTEND, 'mark:organiser', 'notify:organiser', 'remind:system', 'expireOffer:system'],
  ongoing: ['cancel:organiser', ...ATTEND, 'mark:organiser', 'confirmHours:organiser', 'notify:organiser'],
  ended: [...ATTEND, 'mark:organiser', 'confirmHours:organiser', 'finish:organiser', 'notify:organiser'],
  finished: ['mark:organiser', 'confirmHours:organiser'],
  cancelled: [],
}
const ACTIVITY_TO: Record<string, string> = { publish: 'published', cancel: 'cancelled', finish: 'finished' }

const PLACE: Record<PlaceState, string[]> = {
  pending: ['join:system', 'wait:system', 'fail:system', 'cancel:system'],
  registered: ['withdraw:person', 'cancel:system'],
  waitlisted: ['withdraw:person', 'offer:system', 'cancel:system'],
  offered: ['withdraw:person', 'confirm:person', 'pass:system', 'cancel:system'],
  withdrawn: ['signup:person'],
  passed: ['signup:person'],
  cancelled: [],
  failed: ['signup:person'],
}
const PLACE_TO: Record<string, string> = { signup: 'pending', join: 'registered', wait: 'waitlisted', fail: 'failed', withdraw: 'withdrawn', offer: 'offered', confirm: 'registered', pass: 'passed', cancel: 'cancelled' }

const ATTENDANCE: Record<AttendanceState, string[]> = {
  none: ['checkin:person', 'checkin:organiser', 'markAbsent:organiser', 'markExcused:organiser', 'confirm:organiser'],
  checked_in: ['checkout:person', 'checkout:organiser', 'markAbsent:organiser', 'markLate:organiser', 'confirm:organiser'],
  checked_out: ['markAbsent:organiser', 'markLate:organiser', 'confirm:organiser'],
  absent: ['checkin:organiser', 'markExcused:organiser'],
  excused: ['markAbsent:organiser'],
  confirmed: ['correct:organiser'],
}
const ATTENDANCE_TO: Record<string, string> = { checkin: 'checked_in', checkout: 'checked_out', markAbsent: 'absent', markExcused: 'excused', markLate: 'derived', confirm: 'confirmed', correct: 'confirmed' }

describe('the activity lifecycle: every phase × action × relation', () => {
  it.each(ACTIVITY_PHASES.flatMap((s) => ACTIVITY_ACTIONS.flatMap((a) => ACTIVITY_RELATIONS.map((r) => [s, a, r] as const))))('in %s, %s by %s', (phase, action, rel) => {
    const allowed = ACTIVITY[phase].includes(`${action}:${rel}`)
    const res = checkActivity(phase, action, [rel])
    expect(res.ok).toBe(allowed)
    if (res.ok) expect(res.to).toBe(ACTIVITY_TO[action] ?? 'derived')
    else expect(res.why).toBe(ACTIVITY_PHASES.some((s) => ACTIVITY[s].includes(`${action}:${rel}`)) ? 'state' : 'actor')
  })
  it('the table and the hand-written list agree cell for cell; street admins only read', () => {
    expect(cells(ACTIVITY_TRANSITIONS).map((c) => `${c.from}:${c.action}:${c.relation}`).sort()).toEqual(ACTIVITY_PHASES.flatMap((s) => ACTIVITY[s].map((x) => `${s}:${x}`)).sort())
    for (const p of ACTIVITY_PHASES) expect(activityActions(p, ['overseer'])).toEqual([])
    expect(activityActions('cancelled', [...ACTIVITY_RELATIONS])).toEqual([])
  })
})

describe('a place: every state × action × relation', () => {
  it.each(PLACE_STATES.flatMap((s) => PLACE_ACTIONS.flatMap((a) => PLACE_RELATIONS.map((r) => [s, a, r] as const))))('from %s, %s by %s', (state, action, rel) => {
    const res = decidePlace(state, action, rel)
    expect(res.ok).toBe(PLACE[state].includes(`${action}:${rel}`))
    if (res.ok) expect(res.to).toBe(PLACE_TO[action])
  })
  it('agrees with the table', () => {
    expect(cells(PLACE_TRANSITIONS).map((c) => `${c.from}:${c.action}:${c.relation}`).sort()).toEqual(PLACE_STATES.flatMap((s) => PLACE[s].map((x) => `${s}:${x}`)).sort())
  })
})

describe('attendance: every state × action × relation', () => {
  it.each(ATTENDANCE_STATES.flatMap((s) => ATTENDANCE_ACTIONS.flatMap((a) => ATTENDANCE_RELATIONS.map((r) => [s, a, r] as const))))('from %s, %s by %s', (state, action, rel) => {
    const res = decideAttendance(state, action, rel)
    expect(res.ok).toBe(ATTENDANCE[state].includes(`${action}:${rel}`))
    if (res.ok) expect(res.to).toBe(ATTENDANCE_TO[action])
  })
  it('agrees with the table', () => {
    expect(cells(ATTENDANCE_TRANSITIONS).map((c) => `${c.from}:${c.action}:${c.relation}`).sort()).toEqual(ATTENDANCE_STATES.flatMap((s) => ATTENDANCE[s].map((x) => `${s}:${x}`)).sort())
  })
})

describe('the rules', () => {
  const H = 3600_000
  const start = new Date('2026-12-05T01:00:00Z')
  const a = { status: 'published' as const, signupStart: new Date(start.getTime() - 72 * H), signupEnd: new Date(start.getTime() - H), start, end: new Date(start.getTime() + 3 * H) }
  const at = (ms: number) => new Date(start.getTime() + ms)

  it('phases follow the clock', () => {
    expect(phaseOf(a, at(-80 * H))).toBe('announced')
    expect(phaseOf(a, at(-2 * H))).toBe('published')
    expect(phaseOf(a, at(-H))).toBe('closed')
    expect(phaseOf(a, at(0))).toBe('ongoing')
    expect(phaseOf(a, at(3 * H))).toBe('ended')
    expect(phaseOf({ ...a, status: 'cancelled' }, at(0))).toBe('cancelled')
  })

  it('hours: check-out − check-in inside the activity, in half hours down, capped by its length', () => {
    expect(servedHours(a, at(-30 * 60_000), at(150 * 60_000))).toBe(2.5)
    expect(servedHours(a, at(20 * 60_000), at(5 * H))).toBe(2.5)
    expect(servedHours(a, at(-H), at(10 * H))).toBe(3)
    // No check-out, a check-out before the check-in, or all outside the activity: nothing.
    expect(servedHours(a, at(0), undefined)).toBe(0)
    expect(servedHours(a, at(H), at(30 * 60_000))).toBe(0)
    expect(servedHours(a, at(4 * H), at(5 * H))).toBe(0)
    expect(lengthHours(a)).toBe(3)
  })

  it('the check-in window is 2 h either side; the cut-off is hours before the start', () => {
    expect(inCheckinWindow(a, at(-2 * H - 1))).toBe(false)
    expect(inCheckinWindow(a, at(-2 * H))).toBe(true)
    expect(inCheckinWindow(a, at(5 * H))).toBe(true)
    expect(inCheckinWindow(a, at(5 * H + 1))).toBe(false)
    expect(canStillCancel({ start, cutoffHours: 2 }, at(-2 * H - 1))).toBe(true)
    expect(canStillCancel({ start, cutoffHours: 2 }, at(-2 * H))).toBe(false)
  })

  it('overlaps share a moment; touching ends do not', () => {
    expect(overlaps({ start: at(0), end: at(H) }, { start: at(H), end: at(2 * H) })).toBe(false)
    expect(overlaps({ start: at(0), end: at(H) }, { start: at(H - 1), end: at(2 * H) })).toBe(true)
  })

  it('eligibility: 党员 only, skills, minimum age (a birth year is asked for)', () => {
    const b: Bucket = { key: 'b1', name: '司机', capacity: 2, membersOnly: true, skills: ['驾驶'], minAge: 18, points: { mode: 'hour', rate: 10 } }
    const now = new Date('2026-12-01T00:00:00Z')
    expect(ineligible(b, { member: false, skills: ['驾驶'], birthYear: 1990 }, now)).toBe('membersOnly')
    expect(ineligible(b, { member: true, skills: ['电工'], birthYear: 1990 }, now)).toBe('skills')
    expect(ineligible(b, { member: true, skills: ['驾驶'] }, now)).toBe('birthYear')
    expect(ineligible(b, { member: true, skills: ['驾驶'], birthYear: 2008 }, now)).toBe('minAge')
    expect(ineligible(b, { member: true, skills: ['驾驶'], birthYear: 2007 }, now)).toBeNull()
  })

  it('points per hour or fixed; none for no hours', () => {
    const b = (points: Bucket['points']): Bucket => ({ key: 'b', name: 'x', capacity: 0, membersOnly: false, skills: [], minAge: 0, points })
    expect(pointsFor(b({ mode: 'hour', rate: 12 }), 2.5)).toBe(30)
    expect(pointsFor(b({ mode: 'fixed', amount: 50 }), 1)).toBe(50)
    expect(pointsFor(b({ mode: 'fixed', amount: 50 }), 0)).toBe(0)
  })

  it('reminders: 24 h, then 2 h; a late-published activity skips a moment already passed', () => {
    expect(nextReminder({ start }, 0, at(-72 * H))).toEqual({ at: at(-24 * H), stage: 0 })
    expect(nextReminder({ start }, 1, at(-20 * H))).toEqual({ at: at(-2 * H), stage: 1 })
    expect(nextReminder({ start }, 0, at(-H))?.stage).toBe(1)
    expect(nextReminder({ start }, 2, at(-H))).toBeUndefined()
    expect(nextReminder({ start }, 0, at(H))).toBeUndefined()
  })

  it('the QR text holds the activity and the code; distances in metres', () => {
    expect(parseQr(qrPayload('a123', 'ABC234'))).toEqual({ activityId: 'a123', code: 'ABC234' })
    expect(parseQr('LXACT:a:abc')).toBeNull()
    expect(Math.round(distanceM({ lat: 39.9, lng: 116.4 }, { lat: 39.91, lng: 116.4 }))).toBe(1112)
  })
})
