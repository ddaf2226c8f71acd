// points (issue 11): balances and the append-only ledger, 星级, 志愿服务记录 with a public verification,
// rankings, and the 爱心超市 (goods, redemptions, pickup). Role gates of community calls come from the
// permission matrix (../permissions.ts POINTS_PERMISSIONS); the use cases check the scope.
import { z } from 'zod'
import { call } from '../contract'
import type { RedemptionAction, RedemptionState } from '../lifecycles/redemption'
import { REDEMPTION_STATES } from '../lifecycles/redemption'
import { pointsRolesOf, type PointsCall } from '../permissions'
import type { Capped, SourceType } from '../points/rules'
import type { StarLevel } from '../points/stars'
import { id, optionalText, pageInput, steppedNumber, text, type Page } from '../schemas'

const requestKey = z.string().trim().min(8, '请求编号不正确').max(64, '请求编号不正确').regex(/^[A-Za-z0-9_-]+$/, '请求编号不正确')
const fileId = z.string().min(1).max(300).regex(/^cloud:\/\//, '图片格式不正确')

const gate =
  <O>() =>
  <I extends z.ZodTypeAny>(action: PointsCall, input: I) =>
    call<O>()('points', action, input, pointsRolesOf(action))
const open =
  <O>() =>
  <I extends z.ZodTypeAny>(action: string, input: I) =>
    call<O>()('points', action, input)

// ------------------------------------------------------------------------------------------- views

export interface BalanceView {
  points: number
  hours: number
  /** Hours of confirmed work (orders, wishes, activities): the star level's measure. */
  confirmedHours: number
  star: StarLevel
  /** Left out of public rankings. */
  optOut: boolean
}

export interface EntryView {
  id: string
  sourceType: SourceType
  sourceId: string
  points: number
  hours: number
  note: string
  at: string
  /** Entered by an admin (hours especially): shown as such in the record. */
  flagged?: boolean
  capped?: Capped
  cappedLabel?: string
  reason?: string
}

export interface GoodsView {
  id: string
  communityId: string
  name: string
  /** Shown once the image passed its check. */
  image?: string
  price: number
  stock: number
  limit: number
  on: boolean
  updatedAt: string
}

export interface RedemptionView {
  id: string
  goodsId: string
  goodsName: string
  price: number
  status: RedemptionState
  statusLabel: string
  /** The pickup code, for the person while it is ready (and for the store once checked off). */
  code?: string
  /** The person's masked name, for the store's side. */
  personName?: string
  rejectReason?: string
  actions: RedemptionAction[]
  createdAt: string
  updatedAt: string
}

export interface RankRow {
  rank: number
  name: string
  points: number
  hours: number
  me?: boolean
}

export interface RankingView extends Page<RankRow> {
  period: string
  scopeName: string
  /** The caller's own row, when they are ranked here. */
  mine?: { points: number; hours: number; optOut: boolean }
}

export interface ServiceRecordView {
  code: string
  name: string
  communityName: string
  confirmedHours: number
  star: StarLevel
  issuedAt: string
  /** Confirmed service, newest first (at most 200 in a record). */
  items: Array<{ date: string; hours: number; points: number; note: string; org: string; flagged?: boolean }>
}

/** The record's PDF: a download link (valid for an hour) and the file's name. */
export interface RecordPdfView {
  url: string
  fileName: string
  code: string
  pages: number
}

/**
 * What anyone may learn from a verification code (a public call, no login): whether the record is one we
 * issued, and enough to compare with the paper in front of them: the masked name, the organisation, the
 * hours and the dates of the service. Never a phone, an address, an openid, or what the work was.
 */
export interface RecordCheckView {
  valid: boolean
  code: string
  /** Masked: 王*兰. */
  name?: string
  communityName?: string
  confirmedHours?: number
  starLabel?: string
  count?: number
  issuedAt?: string
  /** The first and the last day of service in the record. */
  from?: string
  to?: string
  /** Each service: its day, hours and the confirming organisation (admin-entered hours flagged). */
  items?: Array<{ date: string; hours: number; org: string; flagged?: boolean }>
}

// ------------------------------------------------------------------------------------------- inputs

const points = z.number({ invalid_type_error: '积分须为数字' }).int('积分须为整数')
const adjustHours = steppedNumber({ min: -24, max: 24, step: 0.5, label: '时长', unit: '小时', stepLabel: '半小时' })

export const goodsInput = z
  .object({
    /** Absent for new goods (then a requestKey makes the create safe to retry). */
    id: id.optional(),
    requestKey: requestKey.optional(),
    communityId: id.optional(),
    name: text({ max: 30, label: '商品名称' }),
    image: fileId.optional(),
    price: points.min(1, '兑换积分至少为1').max(100000, '兑换积分过大'),
    stock: z.number().int('库存须为整数').min(0, '库存不能为负').max(100000, '库存过大'),
    limit: z.number().int('限兑数量须为整数').min(1, '每人至少可兑1件').max(100, '每人限兑过大'),
    on: z.boolean().default(true),
  })
  .strict()
  .refine((g) => !!g.id || !!g.requestKey, { message: '请求编号不正确', path: ['requestKey'] })

export const pointsApi = {
  balance: open<BalanceView>()('balance', z.object({}).strict().default({})),
  history: open<Page<EntryView>>()('history', pageInput.strict()),
  /** 隐私: leave public rankings (or come back). */
  optOut: open<{ optOut: boolean }>()('optOut', z.object({ optOut: z.boolean() }).strict()),
  /** 志愿服务记录 of the caller, with its verification code. */
  record: open<ServiceRecordView>()('record', z.object({}).strict().default({})),
  /** The caller's 志愿服务记录 as a PDF (a link for an hour), with the same verification code. */
  recordPdf: open<RecordPdfView>()('recordPdf', z.object({}).strict().default({})),
  /** Anyone, without a login: is this code a real record, and of whom (masked)? */
  verifyRecord: { ...open<RecordCheckView>()('verifyRecord', z.object({ code: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{6,16}$/, '验证码格式不正确') }).strict()), public: true },
  ranking: gate<RankingView>()(
    'ranking',
    pageInput
      .extend({
        period: z.enum(['month', 'year']).default('month'),
        scope: z.enum(['community', 'unit']).default('community'),
        /** The community or unit; the caller's own by default. */
        id: id.optional(),
        /** 2026-11 or 2026; the current one by default. */
        at: z.string().regex(/^\d{4}(-\d{2})?$/, '期间格式不正确').optional(),
      })
      .strict(),
  ),
  adjust: gate<EntryView>()(
    'adjust',
    z
      .object({
        requestKey,
        openid: id,
        points: points.min(-100000).max(100000).default(0),
        hours: adjustHours.default(0),
        reason: text({ max: 200, label: '调整原因' }),
        evidence: z.array(fileId).max(6, '最多上传6张图片').default([]),
      })
      .strict(),
  ),
  reconcile: gate<{ checked: number; fixed: number; complete: boolean }>()('reconcile', z.object({ communityId: id.optional(), openid: id.optional() }).strict().default({})),
  goods: gate<Page<GoodsView>>()('goods', pageInput.extend({ communityId: id.optional(), all: z.boolean().default(false) }).strict()),
  saveGoods: gate<GoodsView>()('saveGoods', goodsInput),
  redeem: gate<RedemptionView>()('redeem', z.object({ requestKey, goodsId: id }).strict()),
  cancelRedemption: gate<RedemptionView>()('cancelRedemption', z.object({ redemptionId: id, reason: optionalText({ max: 100, label: '原因' }) }).strict()),
  verifyPickup: gate<RedemptionView>()('verifyPickup', z.object({ code: z.string().trim().regex(/^\d{8}$/, '请输入8位取货码'), communityId: id.optional() }).strict()),
  /** The caller's own redemptions. */
  redemptions: open<Page<RedemptionView>>()('redemptions', pageInput.extend({ status: z.enum(REDEMPTION_STATES).optional() }).strict()),
  /** The store's side: the community's redemptions. */
  storeRedemptions: gate<Page<RedemptionView>>()('storeRedemptions', pageInput.extend({ communityId: id.optional(), status: z.enum(REDEMPTION_STATES).optional() }).strict()),
}
