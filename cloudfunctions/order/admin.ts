// 党组织接单: accept, reject, call up (吹哨), dispatch, publish to the hall, close honestly, and notes.
// Every move goes through authorize() (the transition table) and writeTransition() (one conditional
// write with its timeline entry), and is kept in the audit trail.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orderApi } from '../../shared/contracts/order'
import { maskName } from '../../shared/privacy'
import { acceptDeadline, COLOUR_LABELS } from '../../shared/rules/sla'
import { db } from '../common/cloud'
import { audit } from '../common/audit'
import { checkText } from '../common/content'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { notify } from '../common/notify'
import { holdersOf } from '../common/org'
import { getDoc, loadUser } from '../common/users'
import { actorsOf, authorize, claimId, loadOrder, writeTransition, type Assignee, type ClaimDoc, type OrderDoc } from './model'
import { toView } from './view'

async function done(o: OrderDoc, ctx: Ctx, action: string, as: string, note?: string) {
  await audit({ by: ctx.openid, role: as, action, targetType: 'order', targetId: o._id, communityId: o.communityId, note, at: ctx.now, requestId: ctx.requestId })
  return toView(await loadOrder(o._id), ctx)
}

const tell = (o: OrderDoc, what: string, ctx: Ctx, body: string, to: string[] = [o.ordererId]) =>
  notify(to, { key: `order:${o._id}:${what}:${o.version}`, type: 'order', title: `服务单${ORDER_STATE_LABELS_SHORT[what] ?? ''}`, body, link: `/pages/order/detail?id=${o._id}`, at: ctx.now })

const ORDER_STATE_LABELS_SHORT: Record<string, string> = {
  accept: '已受理',
  reject: '未受理',
  escalate: '已上报',
  dispatch: '已派单',
  publish: '已发布',
  close: '已办结',
  return: '被退回',
}

type Accept = typeof orderApi.accept
export async function accept(input: ParsedOf<Accept>, ctx: Ctx): Promise<OutputOf<Accept>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'accept', ctx)
  const deadline = new Date(input.deadline)
  if (deadline <= ctx.now) fail('BAD_INPUT', { deadline: '完成期限要晚于现在' })
  await writeTransition(
    o,
    ctx,
    { role: as, action: 'accept', to: 'accepted', note: input.note ?? `${COLOUR_LABELS[input.colour]}，${input.points}积分`, internal: false },
    {
      colour: input.colour,
      points: input.points,
      hours: input.hours,
      slots: input.slots,
      slotsFree: 0,
      membersOnly: input.membersOnly,
      skills: input.skills,
      deadline,
      acceptedAt: ctx.now,
      held: false,
    },
  )
  await tell(o, 'accept', ctx, `您的“${o.category}”需求已受理，我们会尽快安排。`)
  return done(o, ctx, 'accept', as)
}

type Reject = typeof orderApi.reject
export async function reject(input: ParsedOf<Reject>, ctx: Ctx): Promise<OutputOf<Reject>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'reject', ctx)
  await writeTransition(o, ctx, { role: as, action: 'reject', to: 'rejected', note: input.reason, internal: false }, { closedAt: ctx.now })
  await tell(o, 'reject', ctx, `您的“${o.category}”需求未受理：${input.reason}`)
  return done(o, ctx, 'reject', as, input.reason)
}

type Escalate = typeof orderApi.escalate
/** 吹哨: to the street, or straight to a department of the street. */
export async function escalate(input: ParsedOf<Escalate>, ctx: Ctx): Promise<OutputOf<Escalate>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'escalate', ctx)
  let assignee: Assignee | undefined
  if (input.to === 'department') {
    const d = await getDoc<{ _id: string; name: string; streetId: string }>('departments', input.departmentId!)
    if (!d || d.streetId !== o.streetId) fail('ASSIGNEE_NOT_FOUND', { departmentId: '找不到该职能部门' })
    assignee = { type: 'department', id: d._id, name: d.name }
  }
  await writeTransition(
    o,
    ctx,
    { role: as, action: 'escalate', to: 'escalated', note: `${COLOUR_LABELS[input.colour]}：${input.reason}`, internal: true },
    {
      colour: input.colour,
      escalation: { to: input.to, departmentId: input.departmentId, colour: input.colour, reason: input.reason, auto: false, at: ctx.now },
      ...(assignee ? { assignee } : {}),
      acceptDeadline: acceptDeadline(ctx.now, input.colour),
    },
  )
  const to = input.to === 'street' ? await holdersOf('streetAdmin', { streetId: o.streetId }) : await holdersOf('department', { departmentId: input.departmentId })
  await tell(o, 'escalate', ctx, `${COLOUR_LABELS[input.colour]}：${o.category}，${input.reason}`, to)
  return done(o, ctx, 'escalate', as, input.reason)
}

type Dispatch = typeof orderApi.dispatch
/** 派单 to a named member of the community, a work unit, or a department of the street. */
export async function dispatch(input: ParsedOf<Dispatch>, ctx: Ctx): Promise<OutputOf<Dispatch>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'dispatch', ctx)
  const { type, id } = input.assignee
  let assignee: Assignee
  let notifyTo: string[]
  if (type === 'member') {
    const u = await loadUser(id)
    const isMember = u?.grants.some((g) => g.role === 'member' && g.communityId === o.communityId)
    if (!u || !isMember) fail('ASSIGNEE_NOT_FOUND', { 'assignee.id': '只能派给本社区已报到的党员' })
    assignee = { type, id, name: u.realName ?? u.nickname }
    notifyTo = [id]
  } else {
    const coll = type === 'unit' ? 'units' : 'departments'
    const d = await getDoc<{ _id: string; name: string; streetId: string }>(coll, id)
    if (!d || d.streetId !== o.streetId) fail('ASSIGNEE_NOT_FOUND', { 'assignee.id': type === 'unit' ? '找不到该单位' : '找不到该职能部门' })
    assignee = { type, id, name: d.name }
    notifyTo = await holdersOf(type === 'unit' ? 'unitAdmin' : 'department', type === 'unit' ? { unitId: id } : { departmentId: id })
  }
  // A member who is dispatched holds the one place, like a claim, so that points follow the same path.
  const member = type === 'member'
  await writeTransition(
    o,
    ctx,
    { role: as, action: 'dispatch', to: 'dispatched', note: `派给${type === 'member' ? maskName(assignee.name) : assignee.name}${input.note ? `：${input.note}` : ''}`, internal: false },
    { assignee, ...(member ? { claimerIds: [id], taken: 1, slotsFree: 0 } : {}) },
  )
  if (member) {
    // Written after the order, so a refused dispatch leaves no claim behind; the claim id is
    // deterministic, so a retry writes the same document.
    // set() replaces the document; its _id comes from doc(), not the data (the platform refuses _id there).
    const { _id, ...claim }: ClaimDoc = { _id: claimId(o._id, id), orderId: o._id, openid: id, communityId: o.communityId, status: 'active', claimedAt: ctx.now, deadline: o.deadline, viaDispatch: true }
    await db.collection('order_claims').doc(_id).set(claim)
  }
  await tell(o, 'dispatch', ctx, `新派单：${o.category}，${o.text.slice(0, 30)}`, notifyTo)
  return done(o, ctx, 'dispatch', as, input.note)
}

type Publish = typeof orderApi.publish
export async function publish(input: ParsedOf<Publish>, ctx: Ctx): Promise<OutputOf<Publish>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'publish', ctx)
  await writeTransition(
    o,
    ctx,
    { role: as, action: 'publish', to: 'published', note: input.note ?? `需要${o.slots}人`, internal: false },
    { publishedAt: ctx.now, slotsFree: o.slots, taken: 0, claimerIds: [] },
  )
  return done(o, ctx, 'publish', as)
}

type Close = typeof orderApi.close
/** Honest closure: 已解决 / 部分解决 / 不属实 / 非本辖区 (to whom) / 纳入长期计划 (review date). */
export async function close(input: ParsedOf<Close>, ctx: Ctx): Promise<OutputOf<Close>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'close', ctx)
  const closure = { code: input.code, note: input.note, transferTo: input.transferTo, reviewDate: input.reviewDate, by: ctx.openid, at: ctx.now }
  await writeTransition(o, ctx, { role: as, action: 'close', to: 'closed', note: input.note, internal: false }, { closure, closedAt: ctx.now })
  // Claims still live on a closed order end here: no reminder, no release, no points (those come only
  // with a confirmation by the resident or grid worker).
  await db.collection('order_claims').where({ orderId: o._id, status: 'active' }).update({ status: 'ended', endedAt: ctx.now })
  await tell(o, 'close', ctx, `您的“${o.category}”服务单已办结：${input.note}。如没有解决，7天内可以重新提出。`)
  return done(o, ctx, 'close', as, input.note)
}

type Return = typeof orderApi.return
/** The assignee or the street hands the order back to the community. */
export async function returnOrder(input: ParsedOf<Return>, ctx: Ctx): Promise<OutputOf<Return>> {
  const o = await loadOrder(input.orderId)
  const { as } = authorize(o, 'return', ctx)
  const to = o.acceptedAt ? 'accepted' : 'submitted'
  const patch: Record<string, unknown> = { assignee: db.command.remove(), escalation: db.command.remove(), acceptDeadline: acceptDeadline(ctx.now, o.colour) }
  const member = o.assignee?.type === 'member' ? o.assignee.id : undefined
  if (member) {
    patch.claimerIds = []
    patch.taken = 0
  }
  await writeTransition(o, ctx, { role: as, action: 'return', to, note: input.reason, internal: true }, patch)
  if (member) await db.collection('order_claims').doc(claimId(o._id, member)).update({ status: 'released', releasedAt: ctx.now, releaseReason: input.reason })
  await tell(o, 'return', ctx, `${o.category}：${input.reason}`, await holdersOf('communityAdmin', { communityId: o.communityId }))
  return done(o, ctx, 'return', as, input.reason)
}

type Note = typeof orderApi.note
/** Internal notes stay with the workers; public ones show on the resident's timeline. */
export async function note(input: ParsedOf<Note>, ctx: Ctx): Promise<OutputOf<Note>> {
  const o = await loadOrder(input.orderId)
  const actors = authorizeNote(o, ctx)
  if (!input.internal) await checkText(ctx.openid, input.text)
  await writeTransition(o, ctx, { role: actors, action: 'note', note: input.text, internal: input.internal })
  return done(o, ctx, 'note', actors, input.text)
}

function authorizeNote(o: OrderDoc, ctx: Ctx) {
  const a = actorsOf(o, ctx).find((x) => x === 'communityAdmin' || x === 'streetAdmin' || x === 'assignee' || x === 'gridWorker')
  if (!a) fail(ctx.grants.some((g) => g.role === 'communityAdmin' || g.role === 'streetAdmin') ? 'OUT_OF_SCOPE' : 'ROLE_REQUIRED')
  return a
}
