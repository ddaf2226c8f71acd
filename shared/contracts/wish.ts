// wish: 微心愿 — post → review → claim → fulfil → confirm (thanks) (issue 9).
import { z } from 'zod'
import { call } from '../contract'
import { wishRolesOf } from '../permissions'
import type { WishAction, WishClaimState, WishState } from '../lifecycles/wish'
import { AGE_BANDS, BENEFICIARY_TYPES, DELIVERIES, MAX_WISH_VALUE, WISH_CATEGORIES } from '../wishes/rules'
import { day, id, optionalText, pageInput, personName, phone, text, type Page } from '../schemas'

const fileId = z.string().min(1).max(300).regex(/^cloud:\/\//, '图片格式不正确')
const wishRef = z.object({ wishId: id })
const requestKey = z.string().trim().min(8, '请求编号不正确').max(64, '请求编号不正确').regex(/^[A-Za-z0-9_-]+$/, '请求编号不正确')
const reason = text({ max: 200, label: '原因' })

/** What the wisher writes (post, and resubmit after a return). */
const wishFields = {
  title: text({ max: 20, label: '心愿标题' }),
  story: text({ max: 300, label: '心愿故事' }),
  category: z.enum(WISH_CATEGORIES, { errorMap: () => ({ message: '请选择心愿类别' }) }),
  beneficiaryType: z.enum(BENEFICIARY_TYPES, { errorMap: () => ({ message: '请选择心愿对象' }) }),
  ageBand: z.enum(AGE_BANDS, { errorMap: () => ({ message: '请选择年龄段' }) }),
  value: z.number({ required_error: '请填写估计价值', invalid_type_error: '估计价值须为数字' }).int('估计价值须为整数').min(0, '估计价值不能小于0元').max(MAX_WISH_VALUE, `估计价值不能超过${MAX_WISH_VALUE}元`),
  photo: fileId.optional(),
  /** The wisher agrees to show the photo (and any face in it) on the board. */
  photoConsent: z.boolean().default(false),
  wishedBy: day('期望实现日期'),
  delivery: z.enum(DELIVERIES).default('direct'),
  deliveryNote: optionalText({ max: 100, label: '送达说明' }),
}

export const postInput = z
  .object({
    ...wishFields,
    /** The recorded consent to publish the wish (masked) on the board. */
    consent: z.literal(true, { errorMap: () => ({ message: '请先同意将心愿（隐去个人信息）公开发布' }) }),
    /** A grid worker or community admin posts for a resident without a phone. */
    onBehalfOf: z.object({ name: personName, phone: phone.optional(), buildingId: id, room: text({ max: 20, label: '门牌号' }) }).strict().optional(),
    requestKey,
  })
  .strict()

export const reviewInput = wishRef
  .extend({
    decision: z.enum(['approve', 'return', 'reject', 'redact']),
    reason: optionalText({ max: 200, label: '原因' }),
    /** Redaction: the text as the admin edited it, and whether the photo is hidden. */
    title: wishFields.title.optional(),
    story: wishFields.story.optional(),
    hidePhoto: z.boolean().optional(),
    /** Force 代转交 (the donor never learns the address). */
    proxy: z.boolean().optional(),
  })
  .strict()
  .refine((v) => !(v.decision === 'return' || v.decision === 'reject') || !!v.reason, { message: '请填写原因', path: ['reason'] })

export type Progress = 'open' | 'claimed' | 'done'

export interface WishCard {
  id: string
  title: string
  story: string
  category: string
  beneficiaryType: string
  ageBand: string
  /** 张* unless the caller is entitled to the name. */
  name: string
  communityName: string
  gridName: string
  value: number
  wishedBy: string
  status: WishState
  statusLabel: string
  progress?: Progress
  progressLabel?: string
  /** A temporary link, only when the caller may see the photo. */
  photo?: string
  /** Who fulfilled it, as the public may read it (党员 李*, or the unit's name). */
  donor?: string
  /** The thank-you, once cleared by the content check. */
  thanks?: string
  delivery: 'direct' | 'proxy'
  createdAt: string
  updatedAt: string
}

export interface WishTimelineView {
  at: string
  action: string
  label: string
  byRole: string
  note?: string
}

export interface WishView extends WishCard {
  communityId: string
  onBehalf: boolean
  /** Whether the caller sees the beneficiary's details (the wisher's side, the admins, the live claimer). */
  entitled: boolean
  /** Real name, phone and address: for the wisher's side, the admins and the live claimer of a direct delivery. */
  contact?: { name: string; phone?: string; address?: string }
  deliveryNote?: string
  /** With 代转交: where the donor brings the gift. */
  proxyNote?: string
  photoHidden?: boolean
  photoConsent?: boolean
  claim?: { as: 'member' | 'volunteer' | 'unit'; name: string; phone?: string; status: WishClaimState; statusLabel: string; deadline: string; me: boolean }
  /** The caller's own latest claim on the wish, if any. */
  myClaim?: WishClaimState
  evidence?: { note: string; photos: string[]; at: string }
  returnReason?: string
  points: number
  hours: number
  timeline: WishTimelineView[]
  allowed: WishAction[]
}

export interface BoardPage extends Page<WishCard> {
  /** 本月圆梦 N 个心愿: wishes of the community confirmed this month (Beijing). */
  monthFulfilled: number
  stripText: string
}

const boardFilter = {
  communityId: id.optional(),
  progress: z.enum(['open', 'claimed', 'done']).optional(),
  category: z.enum(WISH_CATEGORIES).optional(),
  beneficiaryType: z.enum(BENEFICIARY_TYPES).optional(),
}

export const wishApi = {
  post: call<WishView>()('wish', 'post', postInput, wishRolesOf('post')),
  /**
   * The returned wish as the wisher fixed it. The photo stays unless replaced (`photo`, a new upload of
   * the caller's) or removed (`removePhoto`): the client never holds the stored photo's file id.
   */
  resubmit: call<WishView>()(
    'wish',
    'resubmit',
    wishRef
      .extend({ ...wishFields, removePhoto: z.boolean().optional() })
      .strict()
      .refine((v) => !(v.photo && v.removePhoto), { message: '请选择更换照片或删除照片', path: ['photo'] }),
  ),
  review: call<WishView>()('wish', 'review', reviewInput, wishRolesOf('review')),
  withdraw: call<WishView>()('wish', 'withdraw', wishRef.extend({ reason: optionalText({ max: 200, label: '原因' }) }).strict()),
  board: call<BoardPage>()('wish', 'board', pageInput.extend(boardFilter).strict()),
  wall: call<BoardPage>()('wish', 'wall', pageInput.extend({ communityId: id.optional() }).strict()),
  get: call<WishView>()('wish', 'get', wishRef.strict()),
  mine: call<Page<WishCard>>()('wish', 'mine', pageInput.extend({ as: z.enum(['wisher', 'claimer']).default('wisher') }).strict()),
  /** The name for `mine`. */
  listMine: call<Page<WishCard>>()('wish', 'listMine', pageInput.extend({ as: z.enum(['wisher', 'claimer']).default('wisher') }).strict()),
  manage: call<Page<WishCard>>()(
    'wish',
    'manage',
    pageInput.extend({ status: z.enum(['pending_review', 'returned', 'open', 'claimed', 'fulfilled', 'confirmed', 'rejected', 'withdrawn']).default('pending_review'), communityId: id.optional() }).strict(),
    wishRolesOf('manage'),
  ),
  claim: call<WishView>()('wish', 'claim', wishRef.extend({ unitId: id.optional() }).strict(), wishRolesOf('claim')),
  cancelClaim: call<WishView>()('wish', 'cancelClaim', wishRef.extend({ reason }).strict()),
  revoke: call<WishView>()('wish', 'revoke', wishRef.extend({ reason }).strict(), wishRolesOf('revoke')),
  fulfil: call<WishView>()(
    'wish',
    'fulfil',
    wishRef.extend({ note: text({ max: 200, label: '实现说明' }), photos: z.array(fileId).min(1, '请上传至少1张凭证照片').max(6, '最多上传6张图片') }).strict(),
  ),
  confirm: call<WishView>()('wish', 'confirm', wishRef.extend({ thanks: optionalText({ max: 100, label: '感谢留言' }) }).strict()),
  thank: call<WishView>()('wish', 'thank', wishRef.extend({ thanks: text({ max: 100, label: '感谢留言' }) }).strict()),
}
