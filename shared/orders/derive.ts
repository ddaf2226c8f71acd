// What follows from an order's own fields: its state while its claims move, and the fields each index
// serves (collections.json). Every write of an order goes through deriveOrder, so a list or a timer
// finds exactly the orders that belong in it, by an index, without reading the rest.
import { LIVE_CLAIM_STATES, type ClaimState } from '../lifecycles/claim'
import { CLOSED_STATES, type OrderState } from '../lifecycles/order'
import { acceptTimerDue, CLAIM_GRACE_MS, COLOURS } from '../rules/sla'
import type { Claim, OrderDoc } from './model'

export const TODO_STATES: readonly OrderState[] = ['submitted', 'escalated', 'reopened', 'done']
export const DOING_STATES: readonly OrderState[] = ['accepted', 'dispatched', 'published', 'in_progress']

export const isLive = (c: Pick<Claim, 'status'>) => LIVE_CLAIM_STATES.includes(c.status)
export const liveClaims = (o: Pick<OrderDoc, 'claims'>) => o.claims.filter(isLive)

/**
 * The state an order is in given its claims. Hall work stays `published` until every live claim has
 * reported and no place is free; dispatched work to a member is `dispatched` until started.
 */
export function stateFromClaims(o: Pick<OrderDoc, 'status' | 'claims' | 'slotsFree' | 'assignee'>): OrderState {
  const live = liveClaims(o)
  const allIn = live.length > 0 && live.every((c) => c.status === 'submitted')
  const begun = live.some((c) => c.status === 'started' || c.status === 'submitted')
  if (o.assignee?.type === 'member' && (o.status === 'dispatched' || o.status === 'in_progress' || o.status === 'done')) {
    return allIn ? 'done' : begun ? 'in_progress' : 'dispatched'
  }
  if (o.status === 'published' || (o.status === 'done' && !o.assignee)) return allIn && o.slotsFree === 0 ? 'done' : 'published'
  return o.status
}

const pad = (n: number, w: number) => String(Math.max(0, Math.floor(n))).padStart(w, '0')
const iso = (d: Date | string) => new Date(d).toISOString()

/** 待处理 order: the most urgent colour first, then more people affected, then the one waiting longest. */
export function todoRank(o: Pick<OrderDoc, 'colour' | 'priority' | 'alsoAffected' | 'createdAt' | '_id'>): string {
  const affected = Math.min(o.priority + o.alsoAffected.length, 999_999)
  return `${COLOURS.indexOf(o.colour)}${pad(999_999 - affected, 6)}${iso(o.createdAt)}${o._id}`
}

/** A claim made after the order's deadline had passed (before the timer moved it) still gets a day. */
export const MIN_CLAIM_WINDOW_MS = 24 * 3600_000

/** The claim's own deadline if it has one (dispatched, or frozen when the order's moved), else the order's. */
export function claimDeadline(c: Claim, o: Pick<OrderDoc, 'deadline'>): Date | undefined {
  if (c.deadline) return new Date(c.deadline)
  if (!o.deadline) return undefined
  const d = new Date(o.deadline).getTime()
  const at = new Date(c.claimedAt).getTime()
  return new Date(d > at ? d : at + MIN_CLAIM_WINDOW_MS)
}

/** When a claim's timer next fires: a reminder at its deadline, then (hall claims) a release after the grace period. */
export function claimDue(c: Claim, o: Pick<OrderDoc, 'deadline'>): Date | undefined {
  if (c.status !== 'claimed' && c.status !== 'started') return undefined
  const d = claimDeadline(c, o)
  if (!d) return undefined
  if (!c.remindedAt) return d
  return c.viaDispatch ? undefined : new Date(d.getTime() + CLAIM_GRACE_MS)
}

/** Hall work with free places is looked at again at the order's deadline (nobody came, or the rest did their part). */
export function hallDue(o: Pick<OrderDoc, 'status' | 'slotsFree' | 'deadline' | 'held'>): Date | undefined {
  return o.status === 'published' && o.slotsFree > 0 && o.deadline && !o.held ? new Date(o.deadline) : undefined
}

/** States in which an escalated order is still being worked by whoever it was called up to. */
export const ESCALATION_CLOCK_STATES: readonly OrderState[] = ['escalated', 'dispatched', 'in_progress']

/** An escalation past its 完成期限 is looked at once by the timer (whoever has it and the community are told). */
export function escalationDue(o: Pick<OrderDoc, 'status' | 'escalation'>): Date | undefined {
  const e = o.escalation
  return e?.deadline && !e.remindedAt && ESCALATION_CLOCK_STATES.includes(o.status) ? new Date(e.deadline) : undefined
}

/** The 完成期限 of a piece of work: the escalation's while it stands, else the order's own deadline. */
export function workDeadline(o: Pick<OrderDoc, 'deadline' | 'escalation'>): Date | undefined {
  const d = o.escalation?.deadline ?? o.deadline
  return d ? new Date(d) : undefined
}

/** The derived fields of an order (see OrderDoc): the whole set, recomputed from the rest. */
export function derivedFields(o: OrderDoc, opts: { autoConfirmMs: number }): Pick<OrderDoc, 'people' | 'parties' | 'open' | 'stage'> & Partial<Pick<OrderDoc, 'todoRank' | 'hallRank' | 'acceptDue' | 'nextDue' | 'workDue' | 'confirmDue' | 'archiveDue'>> {
  const parties = new Set<string>()
  // A claim let go is not the person's task any more (我的任务); work done or cut short by a closure stays theirs.
  for (const c of o.claims) if (c.status !== 'released' || o.claims.some((x) => x.openid === c.openid && x.status !== 'released')) parties.add(`p:${c.openid}`)
  if (o.assignee) parties.add(o.assignee.type === 'member' ? `p:${o.assignee.id}` : `${o.assignee.type}:${o.assignee.id}`)
  if (o.escalation?.to === 'street' || o.parties?.includes(`street:${o.streetId}`)) parties.add(`street:${o.streetId}`)
  const stage = TODO_STATES.includes(o.status) ? 'todo' : DOING_STATES.includes(o.status) ? 'doing' : 'done'
  // A claim taken from the hall needs no write here: the hall's own due (the order's deadline) comes no
  // later than the claim's, so the timer looks at the order in time.
  const dues = [...o.claims.map((c) => claimDue(c, o)), hallDue(o), escalationDue(o)].filter((d): d is Date => !!d)
  const nextDue = dues.length ? new Date(Math.min(...dues.map((d) => d.getTime()))) : undefined
  const open = !CLOSED_STATES.includes(o.status)
  return {
    people: [o.ordererId, ...o.alsoAffected.filter((x) => x !== o.ordererId)],
    parties: [...parties].sort(),
    open,
    stage,
    todoRank: stage === 'todo' ? todoRank(o) : undefined,
    hallRank: o.status === 'published' && !o.held && o.publishedAt ? `${iso(o.publishedAt)}|${o._id}` : undefined,
    acceptDue: acceptTimerDue(o),
    nextDue,
    workDue: open ? workDeadline(o) : undefined,
    confirmDue: o.status === 'done' && o.doneAt ? new Date(new Date(o.doneAt).getTime() + opts.autoConfirmMs) : undefined,
    archiveDue: o.status === 'rated' && o.ratedAt ? new Date(o.ratedAt) : undefined,
  }
}

/** Claim counters as they must stand: taken = live claims, taken + free = places (hall work). */
export function claimCounters(o: Pick<OrderDoc, 'claims' | 'slots' | 'status' | 'assignee'>): { taken: number; claimerIds: string[] } {
  const live = liveClaims(o)
  return { taken: live.length, claimerIds: live.map((c) => c.openid) }
}

export function claimOf(o: Pick<OrderDoc, 'claims'>, openid: string, states: readonly ClaimState[] = LIVE_CLAIM_STATES): Claim | undefined {
  return o.claims.find((c) => c.openid === openid && states.includes(c.status))
}
