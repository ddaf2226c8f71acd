// activity: 志愿服务活动 — publish, sign up (capacity, waiting list), check in and out, confirmed hours (issue 10).
import { z } from 'zod'
import { call } from '../contract'
import { activityRolesOf } from '../permissions'
import type { ActivityAction, ActivityPhase, AttendanceState, PlaceState } from '../lifecycles/activity'
import { ACTIVITY_CATEGORIES } from '../activities/model'
import { MAX_BUCKETS, MAX_CAPACITY, MAX_RADIUS } from '../activities/rules'
import { day, hours, id, instant, optionalText, pageInput, personName, phone, steppedNumber, text, type Page } from '../schemas'

const fileId = z.string().min(1).max(300).regex(/^cloud:\/\//, '图片格式不正确')
const ref = z.object({ activityId: id })
const requestKey = z.string().trim().min(8, '请求编号不正确').max(64, '请求编号不正确').regex(/^[A-Za-z0-9_-]+$/, '请求编号不正确')
const openid = z.string().trim().min(1, '缺少报名人').max(80, '报名人编号过长')

export const bucketInput = z
  .object({
    name: text({ max: 10, label: '岗位名称' }),
    capacity: steppedNumber({ min: 0, max: MAX_CAPACITY, step: 1, label: '名额' }),
    membersOnly: z.boolean().default(false),
    skills: z.array(text({ max: 10, label: '技能' })).max(5, '最多选择5项技能').default([]),
    minAge: steppedNumber({ min: 0, max: 80, step: 1, label: '最低年龄' }).default(0),
    points: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('hour'), rate: steppedNumber({ min: 0, max: 100, step: 1, label: '每小时积分' }) }).strict(),
        z.object({ mode: z.literal('fixed'), amount: steppedNumber({ min: 0, max: 500, step: 1, label: '积分' }) }).strict(),
      ])
      .default({ mode: 'hour', rate: 10 }),
  })
  .strict()

const placeInput = z
  .object({
    name: text({ max: 50, label: '活动地点' }),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    radius: steppedNumber({ min: 50, max: MAX_RADIUS, step: 1, label: '签到范围', unit: '米' }).default(300),
  })
  .strict()

const fields = {
  title: text({ max: 30, label: '活动名称' }),
  description: text({ max: 1000, label: '活动介绍' }),
  category: z.enum(ACTIVITY_CATEGORIES, { errorMap: () => ({ message: '请选择活动类别' }) }),
  cover: fileId.optional(),
  place: placeInput,
  start: instant('开始时间'),
  end: instant('结束时间'),
  /** Absent: sign-up opens when it is published. */
  signupStart: instant('报名开始时间').optional(),
  signupEnd: instant('报名截止时间'),
  cutoffHours: steppedNumber({ min: 0, max: 72, step: 1, label: '取消截止', unit: '小时' }).optional(),
  offerHours: steppedNumber({ min: 1, max: 48, step: 1, label: '递补确认时限', unit: '小时' }).optional(),
  /** One bucket for everybody when no buckets are named. */
  capacity: steppedNumber({ min: 0, max: MAX_CAPACITY, step: 1, label: '名额' }).optional(),
  buckets: z.array(bucketInput).min(1, '请至少设置一个岗位').max(MAX_BUCKETS, `最多设置${MAX_BUCKETS}个岗位`).optional(),
}

export const publishInput = z
  .object({
    ...fields,
    /** Published by this 共建单位 (its admin), for a community it is a partner of. */
    unitId: id.optional(),
    communityId: id.optional(),
    /** Save without publishing. */
    draft: z.boolean().default(false),
    requestKey,
  })
  .strict()

export const updateInput = ref
  .extend({
    title: fields.title.optional(),
    description: fields.description.optional(),
    category: fields.category.optional(),
    cover: fileId.nullable().optional(),
    place: placeInput.optional(),
    start: fields.start.optional(),
    end: fields.end.optional(),
    signupStart: fields.signupStart,
    signupEnd: fields.signupEnd.optional(),
    cutoffHours: fields.cutoffHours,
    offerHours: fields.offerHours,
    /** Capacity of buckets by key (never below the places taken). */
    capacities: z.record(z.string().max(20), steppedNumber({ min: 0, max: MAX_CAPACITY, step: 1, label: '名额' })).optional(),
    /** Publish a draft. */
    publish: z.boolean().optional(),
  })
  .strict()

export interface BucketView {
  key: string
  name: string
  capacity: number
  taken: number
  waiting: number
  membersOnly: boolean
  skills: string[]
  minAge: number
  pointsText: string
  /** Why the caller can't take it, in words (absent: they can). */
  blocked?: string
}

export interface ActivityCard {
  id: string
  title: string
  category: string
  cover?: string
  placeName: string
  start: string
  end: string
  phase: ActivityPhase
  phaseLabel: string
  /** 已报名 12/20 (or 已报名 12 人 when unlimited). */
  countText: string
  full: boolean
  organiser: string
  /** The caller's place on it, if any. */
  myPlace?: PlaceState
  myPlaceLabel?: string
}

export interface MySignup {
  bucket: string
  bucketName: string
  place: PlaceState
  placeLabel: string
  attendance: AttendanceState
  attendanceLabel: string
  /** 报名码: the organiser types it to check the person in. */
  pass?: string
  /** In the waiting list: 1 is next. */
  position?: number
  offerUntil?: string
  checkInAt?: string
  checkOutAt?: string
  hours?: number
  points?: number
}

export interface ActivityView extends ActivityCard {
  communityId: string
  description: string
  place: { name: string; lat?: number; lng?: number; radius: number }
  signupStart: string
  signupEnd: string
  cutoffHours: number
  offerHours: number
  buckets: BucketView[]
  my?: MySignup
  /** Whether the caller organises it (roster, codes, hours). */
  organising: boolean
  cancelReason?: string
  allowed: ActivityAction[]
  /** The caller may withdraw now (before the cut-off for a place). */
  canWithdraw: boolean
}

export interface RosterRow {
  openid: string
  name: string
  /** Organisers only. */
  phone?: string
  bucket: string
  bucketName: string
  place: PlaceState
  placeLabel: string
  attendance: AttendanceState
  attendanceLabel: string
  late: boolean
  position?: number
  checkInAt?: string
  checkOutAt?: string
  /** From check-in and check-out, capped by the activity's length. */
  suggestedHours: number
  hours?: number
  points?: number
  proxy: boolean
}

export interface RosterPage extends Page<RosterRow> {
  counts: { registered: number; waitlisted: number; offered: number; checkedIn: number; confirmed: number }
  lengthHours: number
}

export interface CheckinCode {
  code: string
  /** What the QR code holds. */
  qr: string
  expiresAt: string
  /** The next code comes after this many ms. */
  refreshInMs: number
}

export interface AttendanceResult {
  name: string
  attendance: AttendanceState
  attendanceLabel: string
  at: string
  late: boolean
}

export const LIST_WHEN = ['upcoming', 'past'] as const

const checkInput = ref
  .extend({
    /** The organiser's rotating code (typed) or the QR code's text (scanned). */
    code: z.string().trim().min(1, '请输入签到码').max(120, '签到码不正确').optional(),
    /** GPS, within the radius. */
    location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict().optional(),
    /** The organiser checks a person in by their 6-character 报名码. */
    pass: z.string().trim().min(1, '请输入报名码').max(12, '报名码不正确').optional(),
  })
  .strict()
  .refine((v) => [v.code, v.location, v.pass].filter((x) => x !== undefined).length === 1, { message: '请扫码、输入签到码或定位签到', path: ['code'] })

export const activityApi = {
  publish: call<ActivityView>()('activity', 'publish', publishInput, activityRolesOf('organise')),
  update: call<ActivityView>()('activity', 'update', updateInput, activityRolesOf('organise')),
  cancel: call<ActivityView>()('activity', 'cancel', ref.extend({ reason: text({ max: 100, label: '取消原因' }) }).strict(), activityRolesOf('organise')),
  finish: call<ActivityView>()('activity', 'finish', ref.strict(), activityRolesOf('organise')),
  list: call<Page<ActivityCard>>()(
    'activity',
    'list',
    pageInput
      .extend({
        communityId: id.optional(),
        when: z.enum(LIST_WHEN).default('upcoming'),
        category: z.enum(ACTIVITY_CATEGORIES).optional(),
        /** Activities on this day (Beijing). */
        day: day('日期').optional(),
        /** Only what the caller can sign up for now. */
        canJoin: z.boolean().default(false),
      })
      .strict(),
  ),
  /** What the organiser manages: drafts and published, soonest first. */
  manage: call<Page<ActivityCard>>()('activity', 'manage', pageInput.extend({ communityId: id.optional(), status: z.enum(['draft', 'published', 'finished', 'cancelled']).default('published') }).strict(), activityRolesOf('organise')),
  get: call<ActivityView>()('activity', 'get', ref.strict()),
  signup: call<ActivityView>()(
    'activity',
    'signup',
    ref
      .extend({
        bucket: z.string().trim().min(1).max(20).optional(),
        birthYear: steppedNumber({ min: 1900, max: 2100, step: 1, label: '出生年份' }).optional(),
        /** 代报名 by a grid worker (or the community) for a resident without a phone. */
        forPerson: z.object({ name: personName, phone: phone.optional(), note: optionalText({ max: 50, label: '备注' }) }).strict().optional(),
      })
      .strict(),
  ),
  withdraw: call<ActivityView>()('activity', 'withdraw', ref.extend({ openid: openid.optional() }).strict()),
  confirmPlace: call<ActivityView>()('activity', 'confirmPlace', ref.strict()),
  mine: call<Page<ActivityCard>>()('activity', 'mine', pageInput.extend({ when: z.enum(LIST_WHEN).default('upcoming') }).strict()),
  checkin: call<AttendanceResult>()('activity', 'checkin', checkInput),
  checkout: call<AttendanceResult>()('activity', 'checkout', checkInput),
  checkinCode: call<CheckinCode>()('activity', 'checkinCode', ref.strict(), activityRolesOf('organise')),
  roster: call<RosterPage>()(
    'activity',
    'roster',
    pageInput.extend({ activityId: id, place: z.enum(['registered', 'waitlisted', 'offered', 'withdrawn']).default('registered') }).strict(),
    activityRolesOf('organise'),
  ),
  mark: call<RosterRow>()('activity', 'mark', ref.extend({ openid, mark: z.enum(['late', 'absent', 'excused']) }).strict(), activityRolesOf('organise')),
  confirmHours: call<{ confirmed: number; corrected: number; rows: RosterRow[] }>()(
    'activity',
    'confirmHours',
    ref
      .extend({
        items: z
          .array(z.object({ openid, hours, reason: optionalText({ max: 100, label: '更正原因' }) }).strict())
          .min(1, '请选择要确认的人')
          .max(100, '一次最多确认100人'),
      })
      .strict(),
    activityRolesOf('organise'),
  ),
  export: call<{ url: string; fileName: string; rows: number }>()('activity', 'export', ref.strict(), activityRolesOf('organise')),
  notify: call<{ sent: number }>()('activity', 'notify', ref.extend({ message: text({ max: 200, label: '通知内容' }) }).strict(), activityRolesOf('organise')),
}
