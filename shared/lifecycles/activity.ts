// 志愿服务活动 (domain.md "Lifecycles"): draft → published (sign-up open) → closed (sign-up) → ongoing →
// finished (hours confirmed); cancelled. The stored status is draft | published | finished | cancelled;
// the phases in between follow from the clock (phaseOf in shared/activities/rules.ts), so no timer has to
// move an activity from one to the next and the table below is decided on the phase.
//
// A person's 报名 has two sides with a table each: the place (PLACE_TRANSITIONS: registered, waitlisted,
// offered a freed place, withdrawn...) decided on the activity's document, which holds every place and
// the waiting list, so capacity holds whatever the concurrency; and the attendance (ATTENDANCE_TRANSITIONS:
// checked in, checked out, marked, hours confirmed) decided on the person's sign-up document.
import { allowedIn, decide, type Decision, type Table } from '../core/flow'

export const ACTIVITY_PHASES = ['draft', 'announced', 'published', 'closed', 'ongoing', 'ended', 'finished', 'cancelled'] as const
export type ActivityPhase = (typeof ACTIVITY_PHASES)[number]
export const ACTIVITY_STATUSES = ['draft', 'published', 'finished', 'cancelled'] as const
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number]

export const ACTIVITY_RELATIONS = [
  'organiser', // admin of the activity's community, or of the 共建单位 that published it
  'overseer', // street admin of the community's street: reads, never organises
  'participant', // holds a live place (registered, waitlisted or offered)
  'candidate', // a person of the community who may sign up
  'system', // the timer
] as const
export type ActivityRelation = (typeof ACTIVITY_RELATIONS)[number]

export const ACTIVITY_ACTIONS = ['publish', 'update', 'cancel', 'signup', 'withdraw', 'confirmPlace', 'checkin', 'checkout', 'mark', 'confirmHours', 'finish', 'notify', 'remind', 'expireOffer'] as const
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number]

const BEFORE_START = ['announced', 'published', 'closed'] as const
// Sign-up may still be open in the hours before the start; the check-in window (rules.ts) is the judge.
const ATTENDING = ['published', 'closed', 'ongoing', 'ended'] as const

export const ACTIVITY_TRANSITIONS: Table<ActivityPhase, ActivityAction, ActivityRelation> = {
  publish: { to: 'published', by: { organiser: ['draft'] } },
  // Text, place, cover and sign-up settings; the time only while nobody is signed up (rules.ts).
  update: { to: 'derived', by: { organiser: ['draft', ...BEFORE_START] } },
  cancel: { to: 'cancelled', by: { organiser: ['draft', ...BEFORE_START, 'ongoing'] } },
  signup: { to: 'derived', by: { candidate: ['published'] } },
  // Until the cancellation cut-off for a place (rules.ts); a waiting or offered person any time before the start.
  withdraw: { to: 'derived', by: { participant: ['published', 'closed'] } },
  confirmPlace: { to: 'derived', by: { participant: ['published', 'closed'] } },
  // From 2 h before the start to 2 h after the end (rules.ts CHECKIN_WINDOW); the phase only says roughly when.
  checkin: { to: 'derived', by: { participant: ATTENDING, organiser: ATTENDING } },
  checkout: { to: 'derived', by: { participant: ATTENDING, organiser: ATTENDING } },
  mark: { to: 'derived', by: { organiser: ['closed', 'ongoing', 'ended', 'finished'] } },
  // Hours are confirmed once people have served; a confirmed figure can be corrected after the finish.
  confirmHours: { to: 'derived', by: { organiser: ['ongoing', 'ended', 'finished'] } },
  finish: { to: 'finished', by: { organiser: ['ended'] } },
  notify: { to: 'derived', by: { organiser: [...BEFORE_START, 'ongoing', 'ended'] } },
  remind: { to: 'derived', by: { system: ['published', 'closed'] } },
  expireOffer: { to: 'derived', by: { system: ['published', 'closed'] } },
}

export function checkActivity(phase: ActivityPhase, action: ActivityAction, rel: readonly ActivityRelation[]): Decision<ActivityPhase, ActivityRelation> {
  return decide(ACTIVITY_TRANSITIONS, phase, action, rel)
}

export function activityActions(phase: ActivityPhase, rel: readonly ActivityRelation[]): ActivityAction[] {
  return allowedIn(ACTIVITY_TRANSITIONS, ACTIVITY_ACTIONS, phase, rel)
}

export const ACTIVITY_PHASE_LABELS: Record<ActivityPhase, string> = {
  draft: '草稿',
  announced: '即将开放报名',
  published: '报名中',
  closed: '报名截止',
  ongoing: '进行中',
  ended: '待确认时长',
  finished: '已结束',
  cancelled: '已取消',
}

// ---- a place

export const PLACE_STATES = ['pending', 'registered', 'waitlisted', 'offered', 'withdrawn', 'passed', 'cancelled', 'failed'] as const
export type PlaceState = (typeof PLACE_STATES)[number]
/** Holding a place or a turn for one: the person is on the activity's list. */
export const LIVE_PLACES: readonly PlaceState[] = ['registered', 'waitlisted', 'offered']

export const PLACE_ACTIONS = ['signup', 'join', 'wait', 'withdraw', 'offer', 'confirm', 'pass', 'cancel', 'fail'] as const
export type PlaceAction = (typeof PLACE_ACTIONS)[number]
export const PLACE_RELATIONS = ['person', 'system'] as const
export type PlaceRelation = (typeof PLACE_RELATIONS)[number]

export const PLACE_TRANSITIONS: Table<PlaceState, PlaceAction, PlaceRelation> = {
  // Signing up (again, after letting go or missing a turn) starts as pending until the activity answers.
  signup: { to: 'pending', by: { person: ['withdrawn', 'passed', 'failed'] } },
  join: { to: 'registered', by: { system: ['pending'] } },
  wait: { to: 'waitlisted', by: { system: ['pending'] } },
  // Never answered (the sign-up was refused, or lost before it reached the activity).
  fail: { to: 'failed', by: { system: ['pending'] } },
  withdraw: { to: 'withdrawn', by: { person: ['registered', 'waitlisted', 'offered'] } },
  // A freed place goes to the first waiting person, who confirms within the window or lets it pass on.
  offer: { to: 'offered', by: { system: ['waitlisted'] } },
  confirm: { to: 'registered', by: { person: ['offered'] } },
  pass: { to: 'passed', by: { system: ['offered'] } },
  // The activity was cancelled.
  cancel: { to: 'cancelled', by: { system: ['pending', 'registered', 'waitlisted', 'offered'] } },
}

export const decidePlace = (state: PlaceState, action: PlaceAction, as: PlaceRelation) => decide(PLACE_TRANSITIONS, state, action, [as])

export const PLACE_LABELS: Record<PlaceState, string> = {
  pending: '报名中',
  registered: '已报名',
  waitlisted: '候补中',
  offered: '候补递补待确认',
  withdrawn: '已取消报名',
  passed: '递补已过期',
  cancelled: '活动已取消',
  failed: '报名未成功',
}

// ---- attendance (a registered place)

export const ATTENDANCE_STATES = ['none', 'checked_in', 'checked_out', 'absent', 'excused', 'confirmed'] as const
export type AttendanceState = (typeof ATTENDANCE_STATES)[number]
export const ATTENDANCE_ACTIONS = ['checkin', 'checkout', 'markAbsent', 'markExcused', 'markLate', 'confirm', 'correct'] as const
export type AttendanceAction = (typeof ATTENDANCE_ACTIONS)[number]
export const ATTENDANCE_RELATIONS = ['person', 'organiser'] as const
export type AttendanceRelation = (typeof ATTENDANCE_RELATIONS)[number]

export const ATTENDANCE_TRANSITIONS: Table<AttendanceState, AttendanceAction, AttendanceRelation> = {
  checkin: { to: 'checked_in', by: { person: ['none'], organiser: ['none', 'absent'] } },
  checkout: { to: 'checked_out', by: { person: ['checked_in'], organiser: ['checked_in'] } },
  // 缺席 / 请假: the organiser's word on someone who did not come (or came in error).
  markAbsent: { to: 'absent', by: { organiser: ['none', 'checked_in', 'checked_out', 'excused'] } },
  markExcused: { to: 'excused', by: { organiser: ['none', 'absent'] } },
  // 迟到: a flag on someone who came.
  markLate: { to: 'derived', by: { organiser: ['checked_in', 'checked_out'] } },
  // Hours confirmed by the organiser: from the check-in and check-out, or the figure they enter.
  confirm: { to: 'confirmed', by: { organiser: ['none', 'checked_in', 'checked_out'] } },
  // A confirmed figure changed, with a reason: a correcting ledger entry.
  correct: { to: 'confirmed', by: { organiser: ['confirmed'] } },
}

export const decideAttendance = (state: AttendanceState, action: AttendanceAction, as: AttendanceRelation) => decide(ATTENDANCE_TRANSITIONS, state, action, [as])

export const ATTENDANCE_LABELS: Record<AttendanceState, string> = {
  none: '未签到',
  checked_in: '已签到',
  checked_out: '已签退',
  absent: '缺席',
  excused: '请假',
  confirmed: '时长已确认',
}
