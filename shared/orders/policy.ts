// Who the caller is to an order, and what each kind of caller may see of it: the fields and the timeline
// alike (个人信息保护法, minimum necessary). Pure: the server applies it to every answer, and nothing
// else decides what leaves the server.
import { CLOSURE_LABELS, type OrderCard, type OrderView, type PersonRef } from '../contracts/order'
import { CLAIM_STATE_LABELS } from '../lifecycles/claim'
import { allowedActions, ORDER_ACTION_LABELS, ORDER_STATE_LABELS, type OrderAction, type OrderActor } from '../lifecycles/order'
import { maskName } from '../privacy'
import { canClaim, hasRole, ROLE_LABELS, type Grant, type Role } from '../roles'
import { liveClaims } from './derive'
import type { OrderDoc, TimelineEntry } from './model'

export interface Caller {
  openid: string
  grants: readonly Grant[]
}

/** The caller's relations to this order, derived from the stored order and their grants. */
export function relationsTo(o: OrderDoc, caller: Caller): OrderActor[] {
  const place = { streetId: o.streetId, communityId: o.communityId, gridId: o.gridId }
  const g = caller.grants
  const out: OrderActor[] = []
  if (o.ordererId === caller.openid) out.push('orderer')
  if (hasRole(g, 'gridWorker', place)) out.push('gridWorker')
  if (hasRole(g, 'communityAdmin', place)) out.push('communityAdmin')
  // The street acts on (and sees) only what was called up to it.
  if (hasRole(g, 'streetAdmin', place) && (o.escalation?.to === 'street' || o.parties?.includes(`street:${o.streetId}`))) out.push('streetAdmin')
  if (isAssignee(o, caller)) out.push('assignee')
  if (o.claimerIds.includes(caller.openid)) out.push('claimer')
  else if (canClaim(g, o.communityId, o.membersOnly)) out.push('candidate')
  return out
}

export function isAssignee(o: Pick<OrderDoc, 'assignee'>, caller: Caller): boolean {
  const a = o.assignee
  if (!a) return false
  if (a.type === 'member') return a.id === caller.openid
  if (a.type === 'unit') return caller.grants.some((g) => g.role === 'unitAdmin' && g.unitId === a.id)
  return caller.grants.some((g) => g.role === 'department' && g.departmentId === a.id)
}

/** Who sees full contact details: the orderer, the admins and grid worker in charge, the assignee and live claimers. */
export function isEntitled(rel: readonly OrderActor[]): boolean {
  return rel.some((a) => a !== 'candidate' && a !== 'system')
}

const isWorker = (rel: readonly OrderActor[]) => rel.includes('communityAdmin') || rel.includes('streetAdmin') || rel.includes('assignee')

/**
 * Who may see the order at all: the entitled; candidates while it is in the hall; neighbours who said
 * 我也遇到; people who once worked on it (their own history). All but the entitled see it masked.
 */
export function canSee(o: OrderDoc, rel: readonly OrderActor[], caller: Caller): boolean {
  if (isEntitled(rel)) return true
  if (o.alsoAffected.includes(caller.openid)) return true
  if (o.claims.some((c) => c.openid === caller.openid)) return true
  return rel.includes('candidate') && o.status === 'published' && o.slotsFree > 0 && !o.held
}

/**
 * The timeline as this caller may read it: workers' internal entries only for workers, notes only for the
 * entitled, and a note the content check held only for the workers and its author.
 */
export function timelineFor(o: OrderDoc, rel: readonly OrderActor[], caller: Caller): OrderView['timeline'] {
  const entitled = isEntitled(rel)
  const worker = isWorker(rel)
  return o.timeline
    .filter((t) => !t.internal || worker)
    .map((t) => ({
      at: new Date(t.at).toISOString(),
      action: t.action,
      label: labelOf(t),
      byRole: ACTOR_LABELS[t.role as OrderActor] ?? ROLE_LABELS[t.role as Role] ?? '',
      note: !entitled ? t.publicNote : t.held && !worker && t.by !== caller.openid ? HELD_NOTE : t.note,
      internal: t.internal,
    }))
}

export const HELD_NOTE = '（内容审核中）'

function labelOf(t: TimelineEntry): string {
  if (t.action in ORDER_ACTION_LABELS) return ORDER_ACTION_LABELS[t.action as OrderAction]
  return TIMELINE_LABELS[t.action] ?? t.action
}

const TIMELINE_LABELS: Record<string, string> = { submit: '提交需求', join: '我也遇到', note: '备注', remind: '到期提醒' }

export const ACTOR_LABELS: Record<OrderActor, string> = {
  orderer: '居民',
  gridWorker: '网格员',
  communityAdmin: '社区党组织',
  streetAdmin: '街道党工委',
  assignee: '承办方',
  claimer: '领单人',
  candidate: '志愿者',
  system: '系统',
}

/** What the screen calls the order's state: hall work says how far its places and claims are. */
export function statusLabel(o: OrderDoc): string {
  if (o.status !== 'published') return ORDER_STATE_LABELS[o.status]
  const live = liveClaims(o)
  if (live.some((c) => c.status !== 'claimed')) return '办理中'
  if (live.length && o.slotsFree === 0) return '已领单'
  // Some places taken, some free: say what is still needed, not that it is taken.
  return live.length ? `还差${o.slotsFree}人` : '待领单'
}

const iso = (d?: Date | string) => (d ? new Date(d).toISOString() : undefined)

/** The list card: the same masking as the full view. */
export function cardOf(o: OrderDoc, caller: Caller, rel = relationsTo(o, caller)): OrderCard {
  const entitled = isEntitled(rel)
  const orderer: PersonRef = entitled ? { name: o.ordererName, phone: o.ordererPhone, me: o.ordererId === caller.openid } : { name: maskName(o.ordererName) }
  return {
    id: o._id,
    no: o.no,
    status: o.status,
    statusLabel: statusLabel(o),
    category: o.category,
    text: o.text,
    colour: o.colour,
    orderer,
    ...(o.assignee && o.assignee.type !== 'member' ? { sentTo: o.assignee.type } : {}),
    communityName: '',
    gridName: '',
    buildingName: undefined,
    points: o.points,
    hours: o.hours,
    slots: o.slots,
    taken: o.taken,
    membersOnly: o.membersOnly,
    skills: o.skills,
    deadline: iso(o.deadline),
    acceptDeadline: iso(o.acceptDeadline)!,
    ...(o.escalation?.deadline && isWorker(rel) ? { escalationDeadline: iso(o.escalation.deadline) } : {}),
    alsoAffected: o.alsoAffected.length,
    held: o.held,
    createdAt: iso(o.createdAt)!,
    updatedAt: iso(o.updatedAt)!,
  }
}

/**
 * The full view, with file ids where the screen gets photos (the server turns the ids it is given into
 * temporary links; it is given none that the caller may not see).
 */
export function viewOf(o: OrderDoc, caller: Caller, callable: (a: OrderAction) => boolean = () => true, approved: ReadonlySet<string> = new Set()): OrderView {
  const rel = relationsTo(o, caller)
  const entitled = isEntitled(rel)
  const admin = rel.includes('communityAdmin') || rel.includes('streetAdmin')
  const seesPhones = admin || rel.includes('orderer') || rel.includes('gridWorker')
  const claimers: OrderView['claimers'] = liveClaims(o).map((c) => {
    const label = `${c.as === 'member' ? '党员' : '志愿者'} · ${CLAIM_STATE_LABELS[c.status]}`
    if (c.openid === caller.openid) return { name: c.name, me: true, label }
    return entitled ? { name: c.name, ...(seesPhones && c.phone ? { phone: c.phone } : {}), label } : { name: maskName(c.name), label }
  })
  const completionVisible = !!o.completion && entitled && (!o.completion.held || admin || rel.includes('claimer'))
  // Photos wait for their image check: until it passes, only the admins and the person who took them see them.
  const photosFor = (ids: string[], owner: boolean) => (admin || owner ? ids : ids.filter((id) => approved.has(id)))
  return {
    ...cardOf(o, caller, rel),
    urgencySuggested: o.urgencySuggested,
    onBehalf: !!o.onBehalf,
    communityId: o.communityId,
    room: entitled ? o.room : undefined,
    pointLabel: entitled ? o.point?.label : undefined,
    photos: entitled ? photosFor(o.photos, rel.includes('orderer')) : [],
    preferredTime: o.preferredTime,
    assignee: o.assignee ? { type: o.assignee.type, name: entitled || o.assignee.type !== 'member' ? o.assignee.name : maskName(o.assignee.name) } : undefined,
    claimers,
    myClaim: o.claims.find((c) => c.openid === caller.openid && c.status !== 'released')?.status,
    completion: completionVisible ? { note: o.completion!.note, photos: photosFor(o.completion!.photos, o.completion!.by === caller.openid), at: iso(o.completion!.at)! } : undefined,
    rating: o.rating ? { stars: o.rating.stars, comment: entitled && (!o.rating.held || admin || rel.includes('orderer')) ? o.rating.comment : undefined } : undefined,
    closure: o.closure
      ? entitled
        ? { code: o.closure.code, label: CLOSURE_LABELS[o.closure.code], note: o.closure.note, transferTo: o.closure.transferTo, reviewDate: o.closure.reviewDate }
        : { code: o.closure.code, label: CLOSURE_LABELS[o.closure.code], note: '' }
      : undefined,
    timeline: timelineFor(o, rel, caller),
    allowed: allowedFor(o, rel, caller).filter(callable),
    entitled,
  }
}

/**
 * 代确认办结: a grid worker confirms for a resident only when she cannot do it herself, on an order placed
 * for her (代点单, she has no phone of her own). Anyone else confirms her own order, or the timer does.
 */
export function mayConfirm(o: Pick<OrderDoc, 'onBehalf'>, rel: readonly OrderActor[]): boolean {
  return rel.includes('orderer') || rel.includes('system') || !!o.onBehalf
}

/** The moves this caller can make now: the order's table, narrowed by the caller's own claim. */
export function allowedFor(o: OrderDoc, rel: readonly OrderActor[], caller: Caller): OrderAction[] {
  const mine = o.claims.find((c) => c.openid === caller.openid && (c.status === 'claimed' || c.status === 'started' || c.status === 'submitted'))
  return allowedActions(o.status, rel).filter((a) => {
    if (a === 'claim') return o.slotsFree > 0 && !o.held
    if (a === 'confirm') return mayConfirm(o, rel)
    if (!rel.includes('claimer') || rel.includes('assignee') && o.assignee?.type !== 'member') return true
    // A claimer's own moves follow their claim.
    if (a === 'start') return mine?.status === 'claimed'
    if (a === 'complete') return mine?.status === 'started'
    if (a === 'release') return mine?.status === 'claimed' && !mine.viaDispatch
    return true
  })
}
