// order: 群众点单 → 党组织接单 → 党员领单 → 办结 → 评单 (issue 2).
import { z } from 'zod'
import { call } from '../contract'
import type { ClaimState } from '../lifecycles/claim'
import type { OrderAction, OrderState } from '../lifecycles/order'
import { orderFields } from '../orders/notices'
import { orderPointsCap } from '../points/rules'
import type { OrderSummary } from '../orders/summary'
import { COLOURS, type Colour } from '../rules/sla'
import { hours, id, instant, optionalText, pageInput, parseInstant, personName, phone, text as strictText, type Page } from '../schemas'

export const DEFAULT_CATEGORIES = ['维修', '助老', '家政', '环境卫生', '邻里纠纷', '法律咨询', '政策咨询', '其他'] as const

export const CLOSURE_CODES = ['solved', 'partly', 'unfounded', 'not_ours', 'long_term'] as const
export type ClosureCode = (typeof CLOSURE_CODES)[number]
export const CLOSURE_LABELS: Record<ClosureCode, string> = {
  solved: '已解决',
  partly: '部分解决',
  unfounded: '不属实',
  not_ours: '非本辖区',
  long_term: '纳入长期计划',
}

const fileId = z.string().min(1).max(300).regex(/^cloud:\/\//, '图片格式不正确')
const photos = z.array(fileId).max(6, '最多上传6张图片').default([])
const text = (max: number, label: string) => strictText({ max, label })
const isoDate = instant('时间')
const orderRef = z.object({ orderId: id })
const requestKey = z.string().trim().min(8, '请求编号不正确').max(64, '请求编号不正确').regex(/^[A-Za-z0-9_-]+$/, '请求编号不正确')

const place = z.union([
  z.object({ kind: z.literal('room'), buildingId: id, room: strictText({ max: 20, label: '门牌号' }) }),
  z.object({
    kind: z.literal('point'),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    label: strictText({ max: 50, label: '地点' }),
  }),
])

export const submitInput = z
  .object({
    category: strictText({ max: 20, label: '服务类别' }),
    text: text(500, '需求描述'),
    photos,
    place,
    preferredTime: z.object({ from: isoDate, to: isoDate }).refine((t) => parseInstant(t.from)! <= parseInstant(t.to)!, '结束时间不能早于开始时间').optional(),
    urgency: z.enum(COLOURS).default('green'),
    /** 代点单: a grid worker orders for a resident without a phone; the resident is named here. */
    onBehalfOf: z.object({ name: personName, phone: phone.optional() }).strict().optional(),
    /** Made by the client once per form submission and sent again on retries: the retry gets the first order. */
    requestKey: requestKey,
  })
  .strict()

export const acceptInput = orderRef
  .extend({
    colour: z.enum(COLOURS),
    points: z.number().int().min(0).max(100).default(10),
    hours: hours.default(1),
    slots: z.number().int().min(1, '至少需要1人').max(20, '最多20人').default(1),
    deadline: isoDate,
    membersOnly: z.boolean().default(false),
    skills: z.array(strictText({ max: 10, label: '技能' })).max(5).default([]),
    note: optionalText({ max: 200, label: '说明' }),
  })
  .strict()
  // The earning rules' cap for the colour and hours, checked the same in the form and in the function.
  .superRefine((v, ctx) => {
    const max = orderPointsCap(v)
    if (v.points > max) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['points'], message: orderFields.pointsCap(max, v.colour, v.hours) })
  })

export const escalateInput = orderRef
  .extend({
    to: z.enum(['street', 'department']),
    departmentId: id.optional(),
    colour: z.enum(COLOURS),
    reason: text(200, '上报原因'),
    /** 完成期限 for whoever it is sent to; the colour's default (shared/rules/sla.ts) when not chosen. */
    deadline: isoDate.optional(),
  })
  .strict()
  .refine((v) => v.to !== 'department' || !!v.departmentId, { message: '请选择职能部门', path: ['departmentId'] })

export const dispatchInput = orderRef
  .extend({
    assignee: z.object({ type: z.enum(['member', 'unit', 'department']), id }),
    note: optionalText({ max: 200, label: '说明' }),
  })
  .strict()

export const closeInput = orderRef
  .extend({
    code: z.enum(CLOSURE_CODES),
    note: text(200, '办结说明'),
    transferTo: optionalText({ max: 50, label: '说明' }),
    reviewDate: isoDate.optional(),
  })
  .strict()
  .refine((v) => v.code !== 'not_ours' || !!v.transferTo, { message: '请写明转给哪个单位', path: ['transferTo'] })
  .refine((v) => v.code !== 'long_term' || !!v.reviewDate, { message: '请选择复查日期', path: ['reviewDate'] })

export interface PersonRef {
  /** Masked (张*) unless the caller is entitled to the full contact. */
  name: string
  phone?: string
  me?: boolean
  /** For claimers: 党员 or 志愿者 (亮身份) and how far their claim is. */
  label?: string
}

export interface TimelineView {
  at: string
  action: string
  label: string
  byRole: string
  byName?: string
  note?: string
  internal: boolean
}

export interface OrderView {
  id: string
  no: string
  status: OrderState
  statusLabel: string
  category: string
  text: string
  colour: Colour
  urgencySuggested: Colour
  orderer: PersonRef
  onBehalf: boolean
  communityId: string
  communityName: string
  gridName: string
  buildingName?: string
  /** Work sent to a unit or department (dispatched, or 吹哨 straight to a department): theirs to handle, not hall work with points and places. */
  sentTo?: 'unit' | 'department'
  /** Only for the entitled: room or map point label. */
  room?: string
  pointLabel?: string
  /** Temporary URLs; only for the entitled. */
  photos: string[]
  preferredTime?: { from: string; to: string }
  points: number
  hours: number
  slots: number
  taken: number
  membersOnly: boolean
  skills: string[]
  deadline?: string
  acceptDeadline: string
  /** The 完成期限 of the escalation (吹哨) while it stands: for the community and whoever it was sent to. */
  escalationDeadline?: string
  assignee?: { type: 'member' | 'unit' | 'department'; name: string }
  claimers: PersonRef[]
  /** The caller's own claim on the order, if any (its state). */
  myClaim?: ClaimState
  alsoAffected: number
  completion?: { note: string; photos: string[]; at: string }
  rating?: { stars: number; comment?: string }
  closure?: { code: ClosureCode; label: string; note: string; transferTo?: string; reviewDate?: string }
  /** Held by the content check for an admin's look before anyone else sees it. */
  held: boolean
  timeline: TimelineView[]
  allowed: OrderAction[]
  /** Whether this caller sees full contact details. */
  entitled: boolean
  createdAt: string
  updatedAt: string
}

export type OrderCard = Pick<
  OrderView,
  'id' | 'no' | 'status' | 'statusLabel' | 'category' | 'text' | 'colour' | 'orderer' | 'sentTo' | 'communityName' | 'gridName' | 'buildingName' | 'points' | 'hours' | 'slots' | 'taken' | 'membersOnly' | 'skills' | 'deadline' | 'acceptDeadline' | 'escalationDeadline' | 'alsoAffected' | 'held' | 'createdAt' | 'updatedAt'
>

export interface AssigneeOptions {
  /** Registered party members of the order's community, best match for the order's skills first. */
  members: { id: string; name: string; gridName: string; skills: string[]; match: number }[]
  units: { id: string; name: string }[]
  departments: { id: string; name: string }[]
}

export const orderApi = {
  submit: call<OrderView>()('order', 'submit', submitInput, ['resident', 'gridWorker']),
  /** The service categories the caller's community offers (the defaults unless it set its own). */
  categories: call<string[]>()('order', 'categories', z.object({}).strict().default({})),
  similar: call<OrderCard[]>()('order', 'similar', z.object({ category: z.string().trim().min(1).max(20) }).strict(), ['resident', 'gridWorker']),
  join: call<OrderView>()('order', 'join', orderRef.strict(), ['resident']),
  withdraw: call<OrderView>()('order', 'withdraw', orderRef.extend({ reason: optionalText({ max: 200, label: '说明' }) }).strict()),
  get: call<OrderView>()('order', 'get', orderRef.strict()),
  listMine: call<Page<OrderCard>>()('order', 'listMine', pageInput.extend({ status: z.enum(['open', 'closed', 'all']).default('all') }).strict()),
  inbox: call<Page<OrderCard>>()(
    'order',
    'inbox',
    pageInput.extend({ tab: z.enum(['todo', 'doing', 'done', 'all']).default('todo'), communityId: id.optional() }).strict(),
    // Units and departments work what is sent to them from one queue, 我的任务 (myTasks).
    ['communityAdmin', 'streetAdmin', 'gridWorker'],
  ),
  accept: call<OrderView>()('order', 'accept', acceptInput, ['communityAdmin']),
  reject: call<OrderView>()('order', 'reject', orderRef.extend({ reason: text(200, '不予受理的原因') }).strict(), ['communityAdmin']),
  escalate: call<OrderView>()('order', 'escalate', escalateInput, ['communityAdmin']),
  dispatch: call<OrderView>()('order', 'dispatch', dispatchInput, ['communityAdmin', 'streetAdmin']),
  assignees: call<AssigneeOptions>()('order', 'assignees', orderRef.strict(), ['communityAdmin', 'streetAdmin']),
  publish: call<OrderView>()('order', 'publish', orderRef.extend({ note: optionalText({ max: 200, label: '说明' }) }).strict(), ['communityAdmin']),
  hall: call<Page<OrderCard>>()(
    'order',
    'hall',
    pageInput.extend({ category: z.string().max(20).optional(), skill: z.string().max(10).optional() }).strict(),
    ['member', 'volunteer'],
  ),
  myTasks: call<Page<OrderCard>>()('order', 'myTasks', pageInput.extend({ status: z.enum(['open', 'closed', 'all']).default('open') }).strict(), ['member', 'volunteer', 'unitAdmin', 'department']),
  claim: call<OrderView>()('order', 'claim', orderRef.strict(), ['member', 'volunteer']),
  release: call<OrderView>()('order', 'release', orderRef.extend({ reason: optionalText({ max: 200, label: '说明' }) }).strict()),
  start: call<OrderView>()('order', 'start', orderRef.strict()),
  complete: call<OrderView>()('order', 'complete', orderRef.extend({ note: text(500, '办理情况'), photos }).strict()),
  return: call<OrderView>()('order', 'return', orderRef.extend({ reason: text(200, '退回原因') }).strict(), ['department', 'unitAdmin', 'member', 'streetAdmin']),
  confirm: call<OrderView>()('order', 'confirm', orderRef.extend({ note: optionalText({ max: 200, label: '说明' }) }).strict()),
  dispute: call<OrderView>()('order', 'dispute', orderRef.extend({ reason: text(200, '没解决的原因') }).strict()),
  rate: call<OrderView>()(
    'order',
    'rate',
    orderRef.extend({ stars: z.number().int().min(1, '请打1到5星').max(5, '请打1到5星'), comment: optionalText({ max: 200, label: '评价' }) }).strict(),
  ),
  close: call<OrderView>()('order', 'close', closeInput, ['communityAdmin', 'streetAdmin', 'department', 'unitAdmin']),
  reopen: call<OrderView>()('order', 'reopen', orderRef.extend({ reason: text(200, '没解决的原因') }).strict()),
  note: call<OrderView>()(
    'order',
    'note',
    orderRef.extend({ text: text(300, '备注'), internal: z.boolean().default(true) }).strict(),
    ['communityAdmin', 'streetAdmin', 'department', 'unitAdmin', 'gridWorker'],
  ),
  /** 首页: the figures for each role the caller holds (a section per role), scoped from their grants. */
  summary: call<OrderSummary>()('order', 'summary', z.object({}).strict().default({})),
}
