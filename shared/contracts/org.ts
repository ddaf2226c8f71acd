// org: the organisation around 双报到 (issue 8) — the street's communities, grids and buildings; who holds
// which staff role; work units registering with communities as 共建单位 and their members' ledger; and
// 三张清单 (needs, resources, projects). Each call's role gate comes from the permission matrix.
import { z } from 'zod'
import { call } from '../contract'
import type { ProjectAction, ProjectState } from '../lifecycles/project'
import type { UnitRegAction, UnitRegState } from '../lifecycles/unitRegistration'
import { PROJECT_STATES } from '../lifecycles/project'
import { UNIT_REG_STATES } from '../lifecycles/unitRegistration'
import { rolesOf, type OrgCall } from '../permissions'
import type { Grant, Role } from '../roles'
import { id, optionalText, pageInput, personName, phone, text, type Page } from '../schemas'

export const PLACE_KINDS = ['community', 'grid', 'building'] as const
export type PlaceKind = (typeof PLACE_KINDS)[number]
export const PLACE_KIND_LABELS: Record<PlaceKind, string> = { community: '社区', grid: '网格', building: '楼栋' }

/** What a 共建单位 may offer (资源清单). */
export const RESOURCE_KINDS = ['场地', '人员', '资金', '物资', '技术', '其他'] as const

/** Staff roles a person is given by org.assign; members and volunteers come from 双报到 (member function). */
export const STAFF_ROLES = ['gridWorker', 'communityAdmin', 'department', 'unitAdmin', 'storeVerifier'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

const requestKey = z.string().trim().min(8, '请求编号不正确').max(64, '请求编号不正确').regex(/^[A-Za-z0-9_-]+$/, '请求编号不正确')
const name = (label: string) => text({ max: 30, label })
const reason = (label = '原因') => text({ max: 200, label })

export const resourceInput = z
  .object({
    /** Absent for a new resource; a resource's id stays while the unit edits it. */
    id: id.optional(),
    title: text({ max: 30, label: '资源名称' }),
    kind: z.enum(RESOURCE_KINDS),
    detail: optionalText({ max: 200, label: '资源说明' }),
  })
  .strict()

const resources = z.array(resourceInput).min(1, '请至少填写一项资源').max(10, '最多10项资源')

const gate =
  <O>() =>
  <I extends z.ZodTypeAny>(action: OrgCall, input: I) =>
    call<O>()('org', action, input, rolesOf(action))

// ------------------------------------------------------------------------------------------- views

export interface PlaceView {
  id: string
  kind: PlaceKind
  name: string
  /** The street of a community, the community of a grid, the grid of a building. */
  parentId: string
  retired: boolean
  retiredAt?: string
}

export interface StreetTree {
  street: { id: string; name: string }
  communities: PlaceView[]
  grids: PlaceView[]
  buildings: PlaceView[]
  units: { id: string; name: string }[]
  departments: { id: string; name: string }[]
}

export interface GrantView extends Grant {
  label: string
  /** 和平社区 · 第一网格, 区税务局机关党支部… */
  scopeName: string
}

export interface PersonView {
  id: string
  name: string
  /** 138****5678 */
  phone?: string
  communityName?: string
  grants: GrantView[]
}

export interface ResourceItem {
  id: string
  title: string
  kind: (typeof RESOURCE_KINDS)[number]
  detail?: string
  /** Taken off the list by the unit; kept for the projects that name it. */
  retired?: boolean
}

export interface RegEntryView {
  at: string
  action: string
  label: string
  byRole: string
  note?: string
}

export interface UnitRegView {
  id: string
  unitId: string
  unitName: string
  communityId: string
  communityName: string
  status: UnitRegState
  statusLabel: string
  contactName: string
  contactPhone: string
  intro?: string
  resources: ResourceItem[]
  returnReason?: string
  /** What the caller may do next. */
  actions: UnitRegAction[]
  timeline: RegEntryView[]
  createdAt: string
  updatedAt: string
}

export interface ResourceView extends ResourceItem {
  registrationId: string
  unitId: string
  unitName: string
  communityId: string
}

export interface UnitMemberView {
  id: string
  name: string
  communityId: string
  communityName: string
  /** Orders this member did that were confirmed (confirmed, rated or closed). */
  ordersDone: number
  /** 微心愿 this member claimed in their own name and fulfilled, confirmed by the wisher (or the timer). */
  wishesDone: number
  hours: number
  points: number
}

/** What a line of the 台账 is, as a person reads it: a 服务单 is not a 心愿. */
export const WORK_SOURCE_LABELS: Record<string, string> = { order: '服务单', wish: '心愿', activity: '志愿活动', store: '爱心超市', adjust: '调整' }

export interface WorkEntryView {
  id: string
  at: string
  sourceType: string
  /** 服务单, 心愿…: WORK_SOURCE_LABELS. */
  sourceLabel: string
  points: number
  hours: number
  note: string
}

/** A 微心愿 the unit claimed as a unit and delivered: in the unit's 台账, with no person's details in it. */
export interface UnitWishView {
  id: string
  kind: 'wish'
  /** 心愿 (WORK_SOURCE_LABELS.wish), to tell it from a 服务单. */
  kindLabel: string
  title: string
  category: string
  communityId: string
  communityName: string
  status: 'fulfilled' | 'confirmed'
  /** 待确认 (delivered, waiting for the wisher) or 已实现. */
  statusLabel: string
  fulfilledAt: string
  confirmedAt?: string
  /** The wisher's thank-you, once it passed the content check. */
  thanks?: string
}

export interface UnitWishPage extends Page<UnitWishView> {
  /** How many of the unit's wishes are confirmed (已实现), across every page. */
  done: number
}

export const NEED_STATES = ['open', 'closed'] as const
export type NeedState = (typeof NEED_STATES)[number]
export const NEED_STATE_LABELS: Record<NeedState, string> = { open: '待对接', closed: '已关闭' }

export interface NeedView {
  id: string
  communityId: string
  title: string
  detail?: string
  category?: string
  source: 'admin' | 'order'
  orderId?: string
  status: NeedState
  statusLabel: string
  createdAt: string
  updatedAt: string
}

export interface ProjectView {
  id: string
  communityId: string
  communityName: string
  title: string
  needTitle: string
  resourceTitle: string
  unitName: string
  status: ProjectState
  statusLabel: string
  createdAt: string
  updatedAt: string
  doneAt?: string
  /** Only in the full view (admins of the community, the responsible unit). */
  needId?: string
  unitId?: string
  plan?: string
  actions?: ProjectAction[]
  timeline?: RegEntryView[]
}

// --------------------------------------------------------------------------------------- contracts

export const orgApi = {
  tree: gate<StreetTree>()('tree', z.object({ streetId: id.optional() }).strict().default({})),
  createPlace: gate<PlaceView>()('createPlace', z.object({ requestKey, kind: z.enum(PLACE_KINDS), parentId: id, name: name('名称') }).strict()),
  renamePlace: gate<PlaceView>()('renamePlace', z.object({ kind: z.enum(PLACE_KINDS), id, name: name('名称') }).strict()),
  retirePlace: gate<PlaceView>()('retirePlace', z.object({ kind: z.enum(PLACE_KINDS), id, reason: reason('撤销原因') }).strict()),

  findPerson: gate<PersonView>()('findPerson', z.object({ phone }).strict()),
  assign: gate<PersonView>()('assign', z.object({ userId: id, role: z.enum(STAFF_ROLES), scopeId: id, reason: reason('任命理由') }).strict()),
  revoke: gate<PersonView>()('revoke', z.object({ userId: id, role: z.enum(STAFF_ROLES), scopeId: id, reason: reason('撤销原因') }).strict()),

  unitReport: gate<UnitRegView>()(
    'unitReport',
    z
      .object({
        communityId: id,
        /** The unit, when the caller runs several; else their one unit. */
        unitId: id.optional(),
        contactName: personName,
        contactPhone: phone,
        intro: optionalText({ max: 200, label: '单位简介' }),
        resources,
      })
      .strict(),
  ),
  myUnit: gate<{ unit: { id: string; name: string }; registrations: UnitRegView[] }>()('myUnit', z.object({ unitId: id.optional() }).strict().default({})),
  withdrawUnit: gate<UnitRegView>()('withdrawUnit', z.object({ registrationId: id, reason: optionalText({ max: 200, label: '撤回原因' }) }).strict()),
  updateResources: gate<UnitRegView>()(
    'updateResources',
    z.object({ registrationId: id, resources, contactName: personName.optional(), contactPhone: phone.optional() }).strict(),
  ),
  units: gate<Page<UnitRegView>>()('units', pageInput.extend({ communityId: id, status: z.enum(UNIT_REG_STATES).optional() }).strict()),
  reviewUnit: gate<UnitRegView>()(
    'reviewUnit',
    z
      .object({ registrationId: id, decision: z.enum(['approve', 'return', 'revoke']), reason: optionalText({ max: 200, label: '原因' }) })
      .strict()
      .refine((v) => v.decision === 'approve' || !!v.reason, { message: '请填写原因', path: ['reason'] }),
  ),
  unitMembers: gate<Page<UnitMemberView>>()('unitMembers', pageInput.extend({ unitId: id.optional() }).strict()),
  memberWork: gate<Page<WorkEntryView>>()('memberWork', pageInput.extend({ memberId: id, unitId: id.optional() }).strict()),
  unitWishes: gate<UnitWishPage>()('unitWishes', pageInput.extend({ unitId: id.optional() }).strict()),

  resources: gate<Page<ResourceView>>()('resources', pageInput.extend({ communityId: id }).strict()),
  needs: gate<Page<NeedView>>()('needs', pageInput.extend({ communityId: id, status: z.enum(NEED_STATES).optional() }).strict()),
  createNeed: gate<NeedView>()(
    'createNeed',
    z
      .object({
        requestKey,
        /** Where the need is; taken from the order when it comes from one. */
        communityId: id.optional(),
        /** 从服务单转为需求: the order's category and text become the need. */
        fromOrderId: id.optional(),
        title: optionalText({ max: 40, label: '需求名称' }),
        detail: optionalText({ max: 500, label: '需求说明' }),
        category: optionalText({ max: 20, label: '类别' }),
      })
      .strict()
      .refine((v) => !!v.fromOrderId || !!v.communityId, { message: '请选择社区', path: ['communityId'] })
      .refine((v) => !!v.fromOrderId || !!v.title, { message: '请填写需求名称', path: ['title'] }),
  ),
  updateNeed: gate<NeedView>()(
    'updateNeed',
    z
      .object({
        needId: id,
        title: text({ max: 40, label: '需求名称' }).optional(),
        detail: optionalText({ max: 500, label: '需求说明' }),
        category: optionalText({ max: 20, label: '类别' }),
        status: z.enum(NEED_STATES).optional(),
      })
      .strict(),
  ),
  projects: gate<Page<ProjectView>>()(
    'projects',
    pageInput.extend({ communityId: id.optional(), status: z.enum(PROJECT_STATES).optional(), unitId: id.optional() }).strict(),
  ),
  createProject: gate<ProjectView>()(
    'createProject',
    z
      .object({
        requestKey,
        needId: id,
        registrationId: id,
        resourceId: id,
        title: optionalText({ max: 40, label: '项目名称' }),
        plan: optionalText({ max: 500, label: '实施计划' }),
      })
      .strict(),
  ),
  moveProject: gate<ProjectView>()('moveProject', z.object({ projectId: id, action: z.enum(['start', 'finish', 'cancel']), note: optionalText({ max: 200, label: '说明' }) }).strict()),
}

export type OrgApi = typeof orgApi
export type { Role }
