// 三张清单: the community's 需求清单 (needs), the 共建单位' 资源清单 (resources, from their registrations)
// and the 项目清单 linking a need with a resource and the unit responsible (认领 → 实施 → 完成), with a
// public board for residents. Lists page on indexes (common/pager.ts); moves are load → decide → persist.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orgApi, ResourceView } from '../../shared/contracts/org'
import { decideProject, type ProjectAction } from '../../shared/lifecycles/project'
import { FIELD_MESSAGES } from '../../shared/messages'
import { COLLECTIONS, type NeedDoc, type PlaceDoc, type ProjectDoc, type UnitRegDoc } from '../../shared/org/model'
import { alreadyDid, needView, projectRelations, projectView } from '../../shared/org/policy'
import { orgFields, orgNotes, orgNotices } from '../../shared/org/texts'
import type { OrderDoc } from '../../shared/orders/model'
import { checkContent } from '../common/content'
import { fail, failOn } from '../common/errors'
import type { Ctx } from '../common/handler'
import { pageOver } from '../common/pager'
import { create, idFor, move, unchanged } from '../common/records'
import { getDoc } from '../common/users'
import { allow, partnerUnits } from './access'
import { auditOf, entry, noticeOf } from './store'

const NEWEST = { field: 'createdAt', dir: 'desc', type: 'date' } as const
const RECENT = { field: 'updatedAt', dir: 'desc', type: 'date' } as const
const PROJECT_LINK = '/packages/org/projects/index'

async function communityOf(id: string): Promise<PlaceDoc> {
  return (await getDoc<PlaceDoc>('communities', id)) ?? failOn('COMMUNITY_NOT_FOUND', 'communityId')
}

/** Text an admin writes for a list others read: risky refused by field, review held. */
async function screen(ctx: Ctx, texts: Record<string, string | undefined>): Promise<boolean> {
  return (await checkContent(ctx, { texts, scene: 3 })).verdict === 'review'
}

type Resources = typeof orgApi.resources
/** 资源清单: what each approved 共建单位 offers the community (a page holds whole units). */
export async function resources(input: ParsedOf<Resources>, ctx: Ctx): Promise<OutputOf<Resources>> {
  const c = await communityOf(input.communityId)
  allow('resources', ctx, { streetId: c.streetId, communityId: c._id })
  const page = await pageOver<UnitRegDoc & Record<string, unknown>>(COLLECTIONS.unitRegistrations, [{ communityId: c._id, status: 'approved' }], RECENT, input)
  const items: ResourceView[] = page.items.flatMap((r) =>
    r.resources.filter((x) => !x.retired).map((x) => ({ ...x, registrationId: r._id, unitId: r.unitId, unitName: r.unitName, communityId: r.communityId })),
  )
  return { items, nextCursor: page.nextCursor }
}

type Needs = typeof orgApi.needs
export async function needs(input: ParsedOf<Needs>, ctx: Ctx): Promise<OutputOf<Needs>> {
  const c = await communityOf(input.communityId)
  allow('needs', ctx, { streetId: c.streetId, communityId: c._id, partnerUnitIds: await partnerUnits(ctx, c._id) })
  const where = { communityId: c._id, ...(input.status ? { status: input.status } : {}) }
  const page = await pageOver<NeedDoc & Record<string, unknown>>(COLLECTIONS.needs, [where], NEWEST, input)
  return { items: page.items.map(needView), nextCursor: page.nextCursor }
}

type CreateNeed = typeof orgApi.createNeed
/** A need gathered by the community, or turned from a resident's order (its category and text). */
export async function createNeed(input: ParsedOf<CreateNeed>, ctx: Ctx): Promise<OutputOf<CreateNeed>> {
  let order: OrderDoc | null = null
  if (input.fromOrderId) order = (await getDoc<OrderDoc>('orders', input.fromOrderId)) ?? failOn('ORDER_NOT_FOUND', 'fromOrderId')
  const c = await communityOf(order?.communityId ?? input.communityId!)
  allow('createNeed', ctx, { streetId: c.streetId, communityId: c._id })
  if (order && input.communityId && input.communityId !== order.communityId) fail('BAD_INPUT', { communityId: orgFields.orderOfOtherCommunity })
  // One need per order, whoever turns it into one; else one per request key of its author.
  const id = order ? idFor('nd', 'order', order._id) : idFor('nd', ctx.openid, input.requestKey)
  const existing = await getDoc<NeedDoc>(COLLECTIONS.needs, id)
  if (existing) return needView(existing)
  const title = input.title ?? orgNotes.needFromOrder(order!)
  const detail = input.detail ?? order?.text
  const held = await screen(ctx, { title: input.title, detail: input.detail, category: input.category })
  const doc: NeedDoc = {
    _id: id,
    version: 1,
    outbox: [],
    streetId: c.streetId!,
    communityId: c._id,
    title,
    ...(detail ? { detail } : {}),
    ...(input.category ?? order?.category ? { category: input.category ?? order!.category } : {}),
    source: order ? 'order' : 'admin',
    ...(order ? { orderId: order._id } : {}),
    status: 'open',
    held,
    by: ctx.openid,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  const { doc: saved } = await create(COLLECTIONS.needs, doc)
  return needView(saved)
}

type UpdateNeed = typeof orgApi.updateNeed
export async function updateNeed(input: ParsedOf<UpdateNeed>, ctx: Ctx): Promise<OutputOf<UpdateNeed>> {
  const first = (await getDoc<NeedDoc>(COLLECTIONS.needs, input.needId)) ?? fail('NEED_NOT_FOUND')
  allow('updateNeed', ctx, { streetId: first.streetId, communityId: first.communityId })
  const held = await screen(ctx, { title: input.title, detail: input.detail, category: input.category })
  const saved = await move<NeedDoc>(
    COLLECTIONS.needs,
    first,
    (cur) => {
      const next: NeedDoc = {
        ...cur,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.detail !== undefined ? { detail: input.detail } : {}),
        ...(input.category !== undefined ? { category: input.category } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        held: cur.held || held,
      }
      if (JSON.stringify(next) === JSON.stringify(cur)) return unchanged
      return { next: { ...next, updatedAt: ctx.now }, effects: [] }
    },
    { busy: 'ORG_CONCURRENT_CHANGE' },
  )
  return needView(saved)
}

type Projects = typeof orgApi.projects
/**
 * 项目清单 of a community (the caller's own by default). The community's and street's admins and its
 * partner units see the whole list; residents the public board: projects not held and not cancelled,
 * with no person in them.
 */
export async function projects(input: ParsedOf<Projects>, ctx: Ctx): Promise<OutputOf<Projects>> {
  const communityId = input.communityId ?? ctx.user?.communityId ?? fail('PROFILE_INCOMPLETE')
  const c = await communityOf(communityId)
  const by = allow('projects', ctx, { streetId: c.streetId, communityId: c._id, partnerUnitIds: await partnerUnits(ctx, c._id) })
  const full = by.some((g) => g.role === 'communityAdmin' || g.role === 'streetAdmin' || g.role === 'unitAdmin')
  const where = { communityId: c._id, ...(full ? {} : { public: true }), ...(input.status ? { status: input.status } : {}) }
  const page = await pageOver<ProjectDoc & Record<string, unknown>>(COLLECTIONS.projects, [where], RECENT, input)
  return { items: page.items.map((p) => projectView(p, full, projectRelations(p, ctx.grants))), nextCursor: page.nextCursor }
}

type CreateProject = typeof orgApi.createProject
/** 认领: a need of the community, met with a resource of an approved 共建单位, which is responsible for it. */
export async function createProject(input: ParsedOf<CreateProject>, ctx: Ctx): Promise<OutputOf<CreateProject>> {
  const need = (await getDoc<NeedDoc>(COLLECTIONS.needs, input.needId)) ?? failOn('NEED_NOT_FOUND', 'needId')
  const by = allow('createProject', ctx, { streetId: need.streetId, communityId: need.communityId, partnerUnitIds: await partnerUnits(ctx, need.communityId) })
  const reg = (await getDoc<UnitRegDoc>(COLLECTIONS.unitRegistrations, input.registrationId)) ?? fail('UNIT_REGISTRATION_NOT_FOUND', { registrationId: FIELD_MESSAGES.partnerUnitNotFound })
  const asAdmin = by.some((g) => g.role === 'communityAdmin')
  // A unit claims with its own resources only.
  if (!asAdmin && !by.some((g) => g.unitId === reg.unitId)) fail('OUT_OF_SCOPE')
  const id = idFor('pj', ctx.openid, input.requestKey)
  const existing = await getDoc<ProjectDoc>(COLLECTIONS.projects, id)
  if (existing) return projectView(existing, true, projectRelations(existing, ctx.grants))
  if (reg.communityId !== need.communityId) fail('BAD_INPUT', { registrationId: orgFields.notPartnerHere })
  if (reg.status !== 'approved') fail('UNIT_NOT_PARTNER')
  const resource = reg.resources.find((r) => r.id === input.resourceId && !r.retired) ?? failOn('RESOURCE_NOT_FOUND', 'resourceId')
  if (need.status !== 'open') fail('NEED_CLOSED')
  const held = await screen(ctx, { title: input.title, plan: input.plan })
  const role = asAdmin ? 'communityAdmin' : 'unit'
  const doc: ProjectDoc = {
    _id: id,
    version: 1,
    outbox: [],
    streetId: need.streetId,
    communityId: need.communityId,
    communityName: reg.communityName,
    title: input.title ?? need.title,
    ...(input.plan ? { plan: input.plan } : {}),
    needId: need._id,
    needTitle: need.title,
    registrationId: reg._id,
    resourceId: resource.id,
    resourceTitle: resource.title,
    unitId: reg.unitId,
    unitName: reg.unitName,
    status: 'claimed',
    public: !held && !need.held,
    held,
    by: ctx.openid,
    timeline: [entry(ctx, role, 'create', { to: 'claimed' })],
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  doc.outbox = [
    asAdmin
      ? noticeOf(`project:${id}:create`, { role: 'unitAdmin', scope: { unitId: reg.unitId } }, orgNotices.projectGiven(reg.communityName, doc.title), PROJECT_LINK, ctx.now)
      : noticeOf(`project:${id}:create`, { role: 'communityAdmin', scope: { communityId: need.communityId } }, orgNotices.projectTaken(reg.unitName, need.title), PROJECT_LINK, ctx.now),
    auditOf(ctx, `project:${id}:create`, { role: asAdmin ? 'communityAdmin' : 'unitAdmin', action: 'project.create', targetType: 'project', targetId: id, communityId: need.communityId, note: orgNotes.projectCreated(reg.unitName, resource.title) }),
  ]
  const { doc: saved } = await create(COLLECTIONS.projects, doc)
  return projectView(saved, true, projectRelations(saved, ctx.grants))
}

type MoveProject = typeof orgApi.moveProject
export async function moveProject(input: ParsedOf<MoveProject>, ctx: Ctx): Promise<OutputOf<MoveProject>> {
  const first = (await getDoc<ProjectDoc>(COLLECTIONS.projects, input.projectId)) ?? fail('PROJECT_NOT_FOUND')
  allow('moveProject', ctx, { streetId: first.streetId, communityId: first.communityId, unitId: first.unitId })
  const action: ProjectAction = input.action
  const saved = await move<ProjectDoc>(
    COLLECTIONS.projects,
    first,
    (cur) => {
      const d = decideProject(cur.status, action, projectRelations(cur, ctx.grants))
      if (!d.ok) {
        if (alreadyDid(cur, action, ctx.openid)) return unchanged
        if (d.why === 'actor') fail('ROLE_REQUIRED')
        fail('PROJECT_TRANSITION_NOT_ALLOWED', undefined, orgFields.projectNotNow(cur.status, action))
      }
      const to = d.to === 'derived' ? cur.status : d.to
      const other = d.as === 'unit' ? { role: 'communityAdmin', scope: { communityId: cur.communityId } } : { role: 'unitAdmin', scope: { unitId: cur.unitId } }
      return {
        next: {
          ...cur,
          status: to,
          public: to !== 'cancelled' && !cur.held,
          ...(to === 'done' ? { doneAt: ctx.now } : {}),
          updatedAt: ctx.now,
          timeline: [...cur.timeline, entry(ctx, d.as, action, { from: cur.status, to, note: input.note })],
        },
        effects: [
          noticeOf(`project:${cur._id}:${action}:v${cur.version}`, other, orgNotices.projectMoved(cur.title, to), PROJECT_LINK, ctx.now),
          auditOf(ctx, `project:${cur._id}:${action}:v${cur.version}`, { role: d.as === 'unit' ? 'unitAdmin' : d.as, action: `project.${action}`, targetType: 'project', targetId: cur._id, communityId: cur.communityId, note: input.note }),
        ],
      }
    },
    { busy: 'ORG_CONCURRENT_CHANGE' },
  )
  return projectView(saved, true, projectRelations(saved, ctx.grants))
}
