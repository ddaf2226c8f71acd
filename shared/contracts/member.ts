// member: who am I, my profile, and the organisation tree a profile points into.
import { z } from 'zod'
import { call } from '../contract'
import type { RegistrationAction, RegistrationState } from '../lifecycles/registration'
import { AVAILABILITY_SLOTS, type AvailabilitySlot, type RegistrationType } from '../members/model'
import { memberRolesOf } from '../permissions'
import type { Grant, Role } from '../roles'
import { id, optionalText, pageInput, personName, phone, text, type Page } from '../schemas'

/** 大字模式: on, off, or follow the phone's font size. */
export type LargeTextChoice = boolean | 'system'

export interface ProfileView {
  openid: string
  nickname: string
  realName?: string
  phone?: string
  streetId?: string
  communityId?: string
  communityName?: string
  gridId?: string
  gridName?: string
  buildingId?: string
  buildingName?: string
  room?: string
  grants: Grant[]
  roles: Role[]
  /** The names of the streets, units and departments the person's staff grants name (街道, 单位党组织, 职能部门 accounts). */
  scopeNames?: { streets: Record<string, string>; units: Record<string, string>; departments: Record<string, string> }
  /**
   * 大字模式 as the person chose it: on, off, or 'system' (follow the phone's font size, chosen). Absent
   * until they answer (the app follows the phone meanwhile, and 首页 offers the choice once).
   */
  largeText?: LargeTextChoice
  createdAt: string
  /** True when the person has said which community they live in. */
  complete: boolean
  /** The privacy notice the person agreed to (its version and when); absent before consent. */
  consent?: { version: string; at: string }
  /** True when the person agreed to the current version of the privacy notice (the server always says). */
  consented?: boolean
}

/** One 报到 as the caller may see it: the person and the admins in full, others without the contact. */
export interface RegistrationView {
  id: string
  type: RegistrationType
  status: RegistrationState
  communityId: string
  communityName?: string
  gridId: string
  gridName?: string
  buildingId: string
  buildingName?: string
  realName: string
  phone?: string
  unitId?: string
  unitName?: string
  branch?: string
  skills: string[]
  availability: AvailabilitySlot[]
  promise?: string
  /** Text the content check holds for a person's look (shown to the person and the admins only). */
  held: string[]
  reason?: string
  /** Moving community: the approved registration this one replaces. */
  replaces?: string
  submittedAt: string
  approvedAt?: string
  updatedAt: string
  /** What the caller may do now. */
  actions: RegistrationAction[]
  timeline: Array<{ at: string; action: string; to: RegistrationState; note?: string; byAdmin: boolean }>
}

/** A member or volunteer on the roster (approved registrations). */
export interface RosterItem {
  id: string
  openid: string
  type: RegistrationType
  realName: string
  phone?: string
  /** The phone is masked (138****5678): the caller is not an admin of the member's community. */
  masked?: boolean
  communityId: string
  communityName?: string
  gridId: string
  gridName?: string
  unitId?: string
  unitName?: string
  branch?: string
  skills: string[]
  availability: AvailabilitySlot[]
  approvedAt?: string
}

export interface ReportOptions {
  communityId?: string
  skills: string[]
  /** 共建单位 of the community's street a member may name. */
  units: { id: string; name: string }[]
}

/** Made by the client once per form submission and sent again on retries. */
const requestKey = z.string().trim().min(8, '请求编号不正确').max(64, '请求编号不正确').regex(/^[A-Za-z0-9_-]+$/, '请求编号不正确')
const slot = z.enum(AVAILABILITY_SLOTS as unknown as [AvailabilitySlot, ...AvailabilitySlot[]])

export const reportInput = z
  .object({
    requestKey,
    type: z.enum(['member', 'volunteer']),
    communityId: id,
    gridId: id,
    buildingId: id,
    realName: personName,
    phone,
    /** 共建单位 by id, or the work unit's name. */
    unitId: id.optional(),
    unitName: optionalText({ max: 50, label: '工作单位' }),
    branch: optionalText({ max: 50, label: '所在党组织' }),
    skills: z.array(text({ max: 10, label: '技能' })).min(1, '请至少选择一项技能').max(8, '最多选择8项技能'),
    availability: z.array(slot).min(1, '请至少选择一个可服务时段').max(AVAILABILITY_SLOTS.length),
    promise: optionalText({ max: 200, label: '承诺服务事项' }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.type !== 'member') return
    if (!v.branch) ctx.addIssue({ code: z.ZodIssueCode.custom, message: '请填写所在党组织', path: ['branch'] })
    if (!v.promise) ctx.addIssue({ code: z.ZodIssueCode.custom, message: '请填写承诺服务事项', path: ['promise'] })
  })
  .transform((v) => ({ ...v, skills: [...new Set(v.skills)], availability: [...new Set(v.availability)] }))

const registrationRef = z.object({ registrationId: id })

export const reviewInput = registrationRef
  .extend({
    decision: z.enum(['approve', 'return', 'revoke']),
    reason: optionalText({ max: 200, label: '原因' }),
  })
  .strict()
  .refine((v) => v.decision === 'approve' || !!v.reason, { message: '请填写原因', path: ['reason'] })

export interface OrgTree {
  streets: { id: string; name: string }[]
  communities: { id: string; name: string; streetId: string }[]
  grids: { id: string; name: string; communityId: string }[]
  buildings: { id: string; name: string; gridId: string; communityId: string }[]
}

/** Each call's role gate comes from the permission matrix (MEMBER_PERMISSIONS in shared/permissions.ts). */
export const memberApi = {
  /** First call of a session: creates the person as a plain resident when unknown. */
  login: call<ProfileView>()('member', 'login', z.object({ nickname: optionalText({ max: 20, label: '昵称' }) }).default({})),
  profile: call<ProfileView>()('member', 'profile', z.object({}).default({})),
  updateProfile: call<ProfileView>()(
    'member',
    'updateProfile',
    z
      .object({
        nickname: text({ max: 20, label: '昵称' }).optional(),
        realName: personName.optional(),
        phone: phone.optional(),
        communityId: id.optional(),
        gridId: id.optional(),
        buildingId: id.optional(),
        room: text({ min: 0, max: 20, label: '门牌号' }).optional(),
        largeText: z.union([z.boolean(), z.literal('system')], { errorMap: () => ({ message: '大字模式只能是开、关或跟随手机' }) }).optional(),
      })
      .strict(),
  ),
  orgTree: call<OrgTree>()('member', 'orgTree', z.object({ streetId: id.optional() }).default({})),
  /** Agrees to the privacy notice of this version; personal data is asked only after it. */
  consent: call<ProfileView>()('member', 'consent', z.object({ version: z.string({ required_error: '缺少隐私保护指引版本' }).min(1).max(20) }).strict()),
  /** The skills and 共建单位 a 报到 form offers, for the caller's community (or the one named). */
  reportOptions: call<ReportOptions>()('member', 'reportOptions', z.object({ communityId: id.optional() }).strict().default({})),
  /** 双报到 (type member) or a volunteer application: submits, or sends again after a return or withdrawal. */
  report: call<RegistrationView>()('member', 'report', reportInput, memberRolesOf('report')),
  /** My registrations, the live one first. */
  myReport: call<{ current?: RegistrationView; others: RegistrationView[] }>()('member', 'myReport', z.object({}).strict().default({})),
  withdrawReport: call<RegistrationView>()('member', 'withdrawReport', registrationRef.extend({ reason: optionalText({ max: 200, label: '原因' }) }).strict()),
  /** One registration, for the person or an admin who may see it. */
  getReport: call<RegistrationView>()('member', 'getReport', registrationRef.strict()),
  /** The community admin's decision: 通过, 退回 with a reason, or 撤销 an approved one with a reason. */
  reviewReport: call<RegistrationView>()('member', 'reviewReport', reviewInput, memberRolesOf('reviewReport')),
  /** 报到审核 queue of a community: pending first (oldest first), then the rest, newest first. */
  reports: call<Page<RegistrationView>>()(
    'member',
    'reports',
    pageInput.extend({ status: z.enum(['pending', 'returned', 'approved', 'closed', 'all']).default('pending'), communityId: id.optional() }).strict(),
    memberRolesOf('reports'),
  ),
  /** Approved members and volunteers: of a community (its admins, its street's admins) or of a unit (its admins). */
  roster: call<Page<RosterItem>>()(
    'member',
    'roster',
    pageInput.extend({ communityId: id.optional(), unitId: id.optional(), gridId: id.optional(), skill: text({ max: 10, label: '技能' }).optional() }).strict(),
    memberRolesOf('roster'),
  ),
  /** Deletes the caller's account: personal data erased everywhere, ledger and audit kept without their identity. */
  deleteAccount: call<{ deleted: true }>()('member', 'deleteAccount', z.object({ confirm: z.literal(true, { errorMap: () => ({ message: '请确认注销账号' }) }) }).strict()),
}
