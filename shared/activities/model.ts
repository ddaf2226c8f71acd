// The stored shapes of an activity and of one person's sign-up (issue 10).
import type { Effect } from '../core/effects'
import type { ActivityStatus, AttendanceState, PlaceState } from '../lifecycles/activity'

export const ACTIVITY_CATEGORIES = ['助老助残', '环境整治', '文明宣传', '关爱儿童', '便民服务', '应急救援', '其他'] as const
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number]

/** A role bucket (2 司机 / 6 帮手): its own places, eligibility and points. */
export interface Bucket {
  key: string
  name: string
  /** 0: unlimited. */
  capacity: number
  membersOnly: boolean
  skills: string[]
  minAge: number
  /** Points per confirmed hour, or a fixed amount for taking part. */
  points: { mode: 'hour'; rate: number } | { mode: 'fixed'; amount: number }
}

export interface ActivityPlace {
  name: string
  lat?: number
  lng?: number
  /** Metres around the point where a GPS check-in counts. */
  radius: number
}

export interface ActivityEntry {
  at: Date
  by: string
  role: string
  action: string
  note?: string
}

export interface Offer {
  openid: string
  bucket: string
  until: Date
}

export interface ActivityDoc {
  _id: string
  version: number
  outbox: Effect[]
  status: ActivityStatus
  streetId: string
  communityId: string
  /** Published by a 共建单位 for its community (its admins organise it with the community's). */
  unitId?: string
  unitName?: string
  title: string
  description: string
  category: string
  cover?: string
  place: ActivityPlace
  start: Date
  end: Date
  signupStart: Date
  signupEnd: Date
  /** Hours before the start after which a registered person can no longer cancel. */
  cutoffHours: number
  /** Hours a waiting person has to confirm a freed place. */
  offerHours: number
  buckets: Bucket[]
  /** The places: who holds each, in the order they were taken (the source of truth for capacity). */
  reg: Record<string, string[]>
  /** Places per bucket that are held (registered and offered). */
  taken: Record<string, number>
  /** The waiting list per bucket, in arrival order. */
  wl: Record<string, string[]>
  offers: Offer[]
  /** Earliest offer deadline, for the timer. */
  offerDue?: Date
  /** The next reminder (24 h, then 2 h before the start). */
  remindDue?: Date
  remindStage?: number
  /** Secret of the rotating check-in code (never leaves the server). */
  codeKey: string
  createdBy: string
  publishedAt?: Date
  cancelledAt?: Date
  cancelReason?: string
  finishedAt?: Date
  createdAt: Date
  updatedAt: Date
  timeline: ActivityEntry[]
}

export interface SignupDoc {
  /** `${activityId}:${openid}` */
  _id: string
  version: number
  outbox: Effect[]
  activityId: string
  communityId: string
  openid: string
  name: string
  phone?: string
  /** 代报名: the grid worker who signed the person up. */
  by?: string
  bucket: string
  place: PlaceState
  /** The activity's version when the place was last set (a late update never undoes a newer one). */
  syncSeq: number
  attendance: AttendanceState
  /** The activity's times and title, copied for 我的活动 and for overlaps. */
  title: string
  start: Date
  end: Date
  /** A personal 6-character pass the organiser can type to check the person in. */
  pass: string
  birthYear?: number
  offerUntil?: Date
  /** Its place in the arrival order (the activity's version when it joined), for the roster. */
  joinKey?: string
  /** A pending sign-up to settle from the activity (the repair pass), if its call never finished. */
  settleDue?: Date
  checkInAt?: Date
  checkInBy?: 'qr' | 'code' | 'gps' | 'organiser'
  checkOutAt?: Date
  checkOutBy?: 'qr' | 'code' | 'gps' | 'organiser'
  late?: boolean
  /** Confirmed by the organiser: what reached the ledger. */
  hours?: number
  points?: number
  confirmedAt?: Date
  corrections?: Array<{ at: Date; by: string; hours: number; points: number; reason: string }>
  createdAt: Date
  updatedAt: Date
}

/** A person's calendar: the times of their live sign-ups, so no two of them overlap. */
export interface CalendarDoc {
  _id: string
  version: number
  outbox: Effect[]
  slots: Array<{ activityId: string; title: string; start: Date; end: Date }>
}

export const signupId = (activityId: string, openid: string) => `${activityId}:${openid}`
