// The stored 报到 (registration) and the pure rules around it: who the caller is to it, the grant it
// gives, what each move causes (notices, audit, the grant written through the outbox), and who may see
// which list. No I/O here; cloudfunctions/member/* loads, decides with these, and persists.
import type { AuditEffect, Effect, GrantEffect, NoticeEffect } from '../core/effects'
import { REGISTRATION_STATE_LABELS, type RegistrationAction, type RegistrationRelation, type RegistrationState } from '../lifecycles/registration'
import type { Grant } from '../roles'

export type RegistrationType = 'member' | 'volunteer'

export const REGISTRATION_TYPE_LABELS: Record<RegistrationType, string> = { member: '党员双报到', volunteer: '志愿者申请' }

/** The version of the privacy notice (隐私保护指引) a person must have agreed to before giving personal data. */
export const PRIVACY_VERSION = '2026-11'

/** Skills a community offers members to choose from when it has not set its own (`communities.skills`). */
export const DEFAULT_SKILLS = ['维修', '助老', '陪护', '家政', '法律咨询', '心理疏导', '医疗保健', '理发', '辅导功课', '文艺宣传', '环境卫生', '治安巡逻'] as const

/** Weekly availability: a day and a part of it, e.g. 'sat-am'. */
export const WEEK_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export const DAY_PARTS = ['am', 'pm', 'eve'] as const
export const WEEK_DAY_LABELS: Record<(typeof WEEK_DAYS)[number], string> = { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' }
export const DAY_PART_LABELS: Record<(typeof DAY_PARTS)[number], string> = { am: '上午', pm: '下午', eve: '晚上' }
export const AVAILABILITY_SLOTS = WEEK_DAYS.flatMap((d) => DAY_PARTS.map((p) => `${d}-${p}` as const))
export type AvailabilitySlot = (typeof AVAILABILITY_SLOTS)[number]

export interface RegistrationEntry {
  at: Date
  by: string
  role: RegistrationRelation
  action: RegistrationAction | 'report'
  from?: RegistrationState
  to: RegistrationState
  note?: string
}

export interface RegistrationDoc {
  /** Made from the person and the community: one registration per person per community. */
  _id: string
  openid: string
  type: RegistrationType
  status: RegistrationState
  version: number
  /** The client's request key of the latest submission (a retried submission answers with the record). */
  requestKey: string
  streetId: string
  communityId: string
  gridId: string
  buildingId: string
  realName: string
  phone: string
  /** 共建单位 registered with the street (by id), or the work unit named freely. */
  unitId?: string
  unitName?: string
  /** 所在党组织 (members). */
  branch?: string
  skills: string[]
  availability: AvailabilitySlot[]
  /** 承诺服务事项 (members; optional for volunteers). */
  promise?: string
  /** Text fields the content check held for a person's look: shown to the admins and the author only. */
  held: string[]
  /** The approved registration elsewhere that this one replaces once approved (moving community). */
  replaces?: string
  /** Why it was returned or revoked (shown to the person). */
  reason?: string
  submittedAt: Date
  approvedAt?: Date
  reviewedBy?: string
  timeline: RegistrationEntry[]
  outbox: Effect[]
  createdAt: Date
  updatedAt: Date
}

export interface Caller {
  openid: string
  grants: readonly Grant[]
}

/** Who the caller is to the registration (only movers: street and unit admins read, they do not move it). */
export function relationsTo(r: Pick<RegistrationDoc, 'openid' | 'communityId'>, caller: Caller): RegistrationRelation[] {
  const rel: RegistrationRelation[] = []
  if (r.openid === caller.openid) rel.push('person')
  if (caller.grants.some((g) => g.role === 'communityAdmin' && g.communityId === r.communityId)) rel.push('communityAdmin')
  return rel
}

/** Who may read a registration: the person, the admins of its community and its street, its unit's admins (approved only). */
export function canRead(r: Pick<RegistrationDoc, 'openid' | 'communityId' | 'streetId' | 'unitId' | 'status'>, caller: Caller): boolean {
  if (relationsTo(r, caller).length) return true
  if (caller.grants.some((g) => g.role === 'streetAdmin' && g.streetId === r.streetId)) return true
  return r.status === 'approved' && !!r.unitId && caller.grants.some((g) => g.role === 'unitAdmin' && g.unitId === r.unitId)
}

/** The grant an approved registration gives: the role in the community (and the unit when it is a registered 共建单位). */
export function grantOf(r: Pick<RegistrationDoc, 'type' | 'communityId' | 'streetId' | 'unitId'>): GrantEffect['grant'] {
  return { role: r.type, communityId: r.communityId, streetId: r.streetId, ...(r.unitId ? { unitId: r.unitId } : {}) }
}

/** The state-changing entry this caller made last, when it is the one that left the registration where it is. */
export function alreadyDid(r: Pick<RegistrationDoc, 'timeline' | 'status'>, action: RegistrationAction, openid: string): boolean {
  const t = r.timeline[r.timeline.length - 1]
  return !!t && t.action === action && t.by === openid && t.to === r.status
}

const kindOf = (r: Pick<RegistrationDoc, 'type'>) => (r.type === 'member' ? '双报到' : '志愿者申请')

/** The effects of a move, each with an id made from the record and the version it moved from. */
export function effectsOf(r: RegistrationDoc, action: RegistrationAction | 'report', by: { openid: string; role: RegistrationRelation }, at: Date, note?: string): Effect[] {
  const key = `reg:${r._id}:${action}:v${r.version}`
  const toPerson = (title: string, body: string): NoticeEffect => ({ kind: 'notice', id: key, to: { ids: [r.openid] }, type: 'registration', title, body, link: '/packages/report/status/index', at })
  const audit = (): AuditEffect => ({ kind: 'audit', id: `${key}:audit`, by: by.openid, role: by.role, action: `registration.${action}`, targetType: 'registration', targetId: r._id, communityId: r.communityId, note, at })
  const grant = (op: GrantEffect['op']): GrantEffect => ({ kind: 'grant', id: `${key}:grant`, op, openid: r.openid, grant: grantOf(r), source: r._id, seq: r.version + 1, at })
  const kind = kindOf(r)
  switch (action) {
    case 'report':
    case 'resend':
      return [
        {
          kind: 'notice',
          id: key,
          to: { role: 'communityAdmin', scope: { communityId: r.communityId } },
          type: 'registration',
          title: `新的${kind}待审核`,
          body: `有居民提交了${kind}，请及时审核。`,
          link: `/packages/report/review/index?id=${r._id}`,
          at,
        },
      ]
    case 'approve':
      return [grant('add'), toPerson(`${kind}已通过`, r.type === 'member' ? '您的双报到已通过审核，可以到“任务”中领单了。' : '您已成为社区志愿者，可以到“任务”中领单了。'), audit()]
    case 'return':
      return [toPerson(`${kind}被退回`, `退回原因：${note ?? ''}。请修改后重新提交。`), audit()]
    case 'revoke':
      return [grant('remove'), ...(by.role === 'system' ? [] : [toPerson(`${kind}已被撤销`, `撤销原因：${note ?? ''}`)]), audit()]
    case 'withdraw':
      // Giving up an approved role takes the grant away; withdrawing what waits changes no grant.
      return r.status === 'approved' ? [grant('remove')] : []
  }
}

export const statusLabel = (s: RegistrationState) => REGISTRATION_STATE_LABELS[s]
