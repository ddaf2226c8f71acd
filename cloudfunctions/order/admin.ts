// 党组织接单: accept, reject, call up (吹哨), dispatch, publish to the hall, close honestly, and notes.
// Each is load → decide (the transition table via authorize) → persist (the order, its timeline, and its
// notices and audit entry in one write), and a repeat of a move that already happened answers ok.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orderApi } from '../../shared/contracts/order'
import type { Effect } from '../../shared/core/effects'
import { isLive, workDeadline } from '../../shared/orders/derive'
import { messageFor } from '../../shared/messages'
import { orderFields, orderNotes, orderNotices } from '../../shared/orders/notices'
import { relationsTo } from '../../shared/orders/policy'
import { reportedUnit } from '../../shared/points/rules'
import { escalationDeadline } from '../../shared/rules/sla'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { unchanged } from '../common/records'
import { getDoc, loadUser } from '../common/users'
import { adminsOf, auditOf, authorize, entry, loadOrder, notice, orderMove, screen, type Assignee, type OrderDoc } from './model'
import { toView } from './view'

const orderer = (o: OrderDoc) => ({ ids: [o.ordererId] })

type Accept = typeof orderApi.accept
export async function accept(input: ParsedOf<Accept>, ctx: Ctx): Promise<OutputOf<Accept>> {
  const deadline = new Date(input.deadline)
  if (deadline <= ctx.now) fail('BAD_INPUT', { deadline: orderFields.deadlineInPast })
  const { held } = await screen(ctx, { note: input.note, ...Object.fromEntries(input.skills.map((k, i) => [`skills.${i}`, k])) })
  const o = await orderMove(await loadOrder(input.orderId), (cur) => {
    const a = authorize(cur, 'accept', ctx)
    if (a === 'done') return unchanged
    const t = entry(ctx, a.as, 'accept', cur, { to: 'accepted', note: input.note ?? orderNotes.accepted(input.colour, input.points), held })
    const next: OrderDoc = {
      ...cur,
      status: 'accepted',
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
      updatedAt: ctx.now,
      timeline: [...cur.timeline, t],
    }
    return { next, effects: [notice(cur, `accept:v${cur.version}`, orderer(cur), orderNotices.accepted(cur), ctx.now), auditOf(cur, ctx, a.as, 'accept')] }
  })
  return toView(o, ctx)
}

type Reject = typeof orderApi.reject
export async function reject(input: ParsedOf<Reject>, ctx: Ctx): Promise<OutputOf<Reject>> {
  const { held } = await screen(ctx, { reason: input.reason })
  const o = await orderMove(await loadOrder(input.orderId), (cur) => {
    const a = authorize(cur, 'reject', ctx)
    if (a === 'done') return unchanged
    const t = entry(ctx, a.as, 'reject', cur, { to: 'rejected', note: input.reason, held })
    return {
      next: { ...cur, status: 'rejected', closedAt: ctx.now, updatedAt: ctx.now, timeline: [...cur.timeline, t] },
      effects: [notice(cur, `reject:v${cur.version}`, orderer(cur), orderNotices.rejected(cur, input.reason), ctx.now), auditOf(cur, ctx, a.as, 'reject', input.reason)],
    }
  })
  return toView(o, ctx)
}

type Escalate = typeof orderApi.escalate
/** 吹哨: to the street, or straight to a department of the street. */
export async function escalate(input: ParsedOf<Escalate>, ctx: Ctx): Promise<OutputOf<Escalate>> {
  const chosen = input.deadline ? new Date(input.deadline) : undefined
  if (chosen && chosen <= ctx.now) fail('BAD_INPUT', { deadline: orderFields.deadlineInPast })
  const first = await loadOrder(input.orderId)
  const { held } = await screen(ctx, { reason: input.reason })
  let assignee: Assignee | undefined
  if (input.to === 'department') {
    const d = await getDoc<{ _id: string; name: string; streetId: string }>('departments', input.departmentId!)
    if (!d || d.streetId !== first.streetId) fail('ASSIGNEE_NOT_FOUND', { departmentId: orderFields.departmentNotFound })
    assignee = { type: 'department', id: d._id, name: d.name }
  }
  const o = await orderMove(first, (cur) => {
    const a = authorize(cur, 'escalate', ctx)
    if (a === 'done') return unchanged
    // The escalation carries its own 完成期限; the acceptance clock keeps running from the submission.
    const due = escalationDeadline(ctx.now, input.colour, chosen)
    const t = entry(ctx, a.as, 'escalate', cur, { to: 'escalated', note: orderNotes.escalated(input.colour, input.reason, due), internal: true, held })
    const next: OrderDoc = {
      ...cur,
      status: 'escalated',
      colour: input.colour,
      escalation: { to: input.to, departmentId: input.departmentId, colour: input.colour, reason: input.reason, auto: false, at: ctx.now, deadline: due },
      ...(assignee ? { assignee } : {}),
      updatedAt: ctx.now,
      timeline: [...cur.timeline, t],
    }
    const to = input.to === 'street' ? { role: 'streetAdmin', scope: { streetId: cur.streetId } } : { role: 'department', scope: { departmentId: input.departmentId! } }
    return { next, effects: [notice(cur, `escalate:v${cur.version}`, to, orderNotices.escalated(cur, input.colour, input.reason, due), ctx.now, true), auditOf(cur, ctx, a.as, 'escalate', input.reason)] }
  })
  return toView(o, ctx)
}

type Dispatch = typeof orderApi.dispatch
/** 派单 to a named member of the community, a work unit, or a department of the street. */
export async function dispatch(input: ParsedOf<Dispatch>, ctx: Ctx): Promise<OutputOf<Dispatch>> {
  const first = await loadOrder(input.orderId)
  const { held } = await screen(ctx, { note: input.note })
  const { type, id } = input.assignee
  let assignee: Assignee
  let member: { name: string; phone?: string; unitId: string | null } | undefined
  if (type === 'member') {
    const u = await loadUser(id)
    const isMember = u?.grants.some((g) => g.role === 'member' && g.communityId === first.communityId)
    if (!u || !isMember) fail('ASSIGNEE_NOT_FOUND', { 'assignee.id': orderFields.reportedMembersOnly })
    assignee = { type, id, name: u.realName ?? u.nickname }
    member = { name: assignee.name, phone: u.phone, unitId: reportedUnit(u.grants) }
  } else {
    const coll = type === 'unit' ? 'units' : 'departments'
    const d = await getDoc<{ _id: string; name: string; streetId: string }>(coll, id)
    if (!d || d.streetId !== first.streetId) fail('ASSIGNEE_NOT_FOUND', { 'assignee.id': type === 'unit' ? messageFor('UNIT_NOT_FOUND') : orderFields.departmentNotFound })
    assignee = { type, id, name: d.name }
  }
  const o = await orderMove(first, (cur) => {
    const a = authorize(cur, 'dispatch', ctx)
    if (a === 'done') return unchanged
    const t = entry(ctx, a.as, 'dispatch', cur, { to: 'dispatched', note: orderNotes.dispatchedTo(assignee.name, input.note), publicNote: orderNotes.dispatchedToPublic(type, assignee.name), held })
    // A member who is dispatched holds the one place through a claim, so that the work and the points
    // follow the same path as work from the hall.
    const claims = member
      ? [...cur.claims, { openid: id, name: member.name, phone: member.phone, as: 'member' as const, status: 'claimed' as const, claimedAt: ctx.now, deadline: workDeadline(cur), viaDispatch: true, unitId: member.unitId }]
      : cur.claims
    const next: OrderDoc = { ...cur, status: 'dispatched', assignee, claims, slots: member ? 1 : cur.slots, updatedAt: ctx.now, timeline: [...cur.timeline, t] }
    const to = type === 'member' ? { ids: [id] } : { role: type === 'unit' ? 'unitAdmin' : 'department', scope: type === 'unit' ? { unitId: id } : { departmentId: id } }
    return { next, effects: [notice(cur, `dispatch:v${cur.version}`, to, orderNotices.dispatched(cur), ctx.now, type !== 'member'), auditOf(cur, ctx, a.as, 'dispatch', input.note)] }
  })
  return toView(o, ctx)
}

type Publish = typeof orderApi.publish
export async function publish(input: ParsedOf<Publish>, ctx: Ctx): Promise<OutputOf<Publish>> {
  const { held } = await screen(ctx, { note: input.note })
  const o = await orderMove(await loadOrder(input.orderId), (cur) => {
    const a = authorize(cur, 'publish', ctx)
    if (a === 'done') return unchanged
    const t = entry(ctx, a.as, 'publish', cur, { to: 'published', note: input.note ?? orderNotes.needPeople(cur.slots), held })
    return { next: { ...cur, status: 'published', publishedAt: ctx.now, updatedAt: ctx.now, timeline: [...cur.timeline, t] }, effects: [auditOf(cur, ctx, a.as, 'publish')] }
  })
  return toView(o, ctx)
}

/** Claims still live when an order leaves its workers end: no reminder, no release, no points. */
export const endClaims = (o: OrderDoc, at: Date, reason: string) => o.claims.map((c) => (isLive(c) ? { ...c, status: 'ended' as const, endedAt: at, reason } : c))

type Close = typeof orderApi.close
/** Honest closure: 已解决 / 部分解决 / 不属实 / 非本辖区 (to whom) / 纳入长期计划 (review date). */
export async function close(input: ParsedOf<Close>, ctx: Ctx): Promise<OutputOf<Close>> {
  const { held } = await screen(ctx, { note: input.note, transferTo: input.transferTo })
  const o = await orderMove(await loadOrder(input.orderId), (cur) => {
    const a = authorize(cur, 'close', ctx)
    if (a === 'done') return unchanged
    const closure = { code: input.code, note: input.note, transferTo: input.transferTo, reviewDate: input.reviewDate, by: ctx.openid, at: ctx.now }
    const t = entry(ctx, a.as, 'close', cur, { to: 'closed', note: input.note, held })
    return {
      next: { ...cur, status: 'closed', closure, closedAt: ctx.now, claims: endClaims(cur, ctx.now, orderNotes.closedClaims), updatedAt: ctx.now, timeline: [...cur.timeline, t] },
      effects: [notice(cur, `close:v${cur.version}`, orderer(cur), orderNotices.closed(cur, input.note), ctx.now), auditOf(cur, ctx, a.as, 'close', input.note)],
    }
  })
  return toView(o, ctx)
}

type Return = typeof orderApi.return
/** The assignee or the street hands the order back to the community. */
export async function returnOrder(input: ParsedOf<Return>, ctx: Ctx): Promise<OutputOf<Return>> {
  const { held } = await screen(ctx, { reason: input.reason })
  const o = await orderMove(await loadOrder(input.orderId), (cur) => {
    const a = authorize(cur, 'return', ctx)
    if (a === 'done') return unchanged
    // Back to where the community left it, on the acceptance clock it had (not a fresh one): an order
    // past its deadline stays overdue (shared/rules/sla.ts acceptTimerDue).
    const to = cur.acceptedAt ? 'accepted' : 'submitted'
    const t = entry(ctx, a.as, 'return', cur, { to, note: input.reason, internal: true, held })
    const next: OrderDoc = {
      ...cur,
      status: to,
      assignee: undefined,
      escalation: undefined,
      claims: cur.claims.map((c) => (isLive(c) ? { ...c, status: 'released' as const, endedAt: ctx.now, reason: input.reason } : c)),
      updatedAt: ctx.now,
      timeline: [...cur.timeline, t],
    }
    return { next, effects: [notice(cur, `return:v${cur.version}`, adminsOf(cur), orderNotices.returned(cur, input.reason), ctx.now, true), auditOf(cur, ctx, a.as, 'return', input.reason)] }
  })
  return toView(o, ctx)
}

type Note = typeof orderApi.note
/** Internal notes stay with the workers; public ones show on the resident's timeline. */
export async function note(input: ParsedOf<Note>, ctx: Ctx): Promise<OutputOf<Note>> {
  const first = await loadOrder(input.orderId)
  const as = relationsTo(first, ctx).find((x) => x === 'communityAdmin' || x === 'streetAdmin' || x === 'assignee' || x === 'gridWorker')
  if (!as) fail(ctx.grants.some((g) => g.role === 'communityAdmin' || g.role === 'streetAdmin') ? 'OUT_OF_SCOPE' : 'ROLE_REQUIRED')
  const { held } = await screen(ctx, { text: input.text })
  const o = await orderMove(first, (cur) => {
    // The same note from the same person within the same minute is a double tap.
    const last = cur.timeline[cur.timeline.length - 1]
    if (last?.action === 'note' && last.by === ctx.openid && last.note === input.text && ctx.now.getTime() - new Date(last.at).getTime() < 60_000) return unchanged
    const t = entry(ctx, as, 'note', cur, { from: undefined, note: input.text, internal: input.internal, held })
    const effects: Effect[] = [auditOf(cur, ctx, as, 'note', input.text)]
    return { next: { ...cur, updatedAt: ctx.now, timeline: [...cur.timeline, t] }, effects }
  })
  return toView(o, ctx)
}
