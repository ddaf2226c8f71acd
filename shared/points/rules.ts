// Earning rules (issue 11): what confirmed work pays, and the limits that keep points from being farmed.
// Pure: the function that applies a ledger entry (cloudfunctions/common/balances.ts) reads the person's
// balance document, asks `award` what the entry may pay given what the person earned today and when they
// last served the same resident, and writes the entry and the new counters in one transaction.
import type { Colour } from '../rules/sla'

export const SOURCE_TYPES = ['order', 'wish', 'activity', 'store', 'adjust'] as const
export type SourceType = (typeof SOURCE_TYPES)[number]

/** Sources that are confirmed work: they earn hours toward star levels and count in rankings. */
export const WORK_SOURCES: readonly SourceType[] = ['order', 'wish', 'activity']
export const isWork = (s: string): boolean => (WORK_SOURCES as readonly string[]).includes(s)

export const EARNING = {
  /** An order pays at most this many points per hour of its colour (the admin sets the order's points at acceptance). */
  orderPerHour: { red: 20, yellow: 15, green: 10 } as Record<Colour, number>,
  /** …and never less than this cap for short work. */
  orderFloor: 5,
  /** A fulfilled 微心愿. */
  wishPoints: 10,
  /** An activity pays per hour signed in. */
  activityPerHour: 10,
  /** Points per person per source per day (Beijing day); what is over is not paid. */
  dailyCap: { order: 100, wish: 30, activity: 80 } as Partial<Record<SourceType, number>>,
  /** The same member serving the same resident again within this time earns hours but no points. */
  pairCooldownMs: 24 * 3600_000,
  /** Hours an admin may enter in one adjustment (with a reason and evidence; flagged in the record). */
  adminHoursCap: 8,
  /** Points an admin may add or take in one adjustment. */
  adminPointsCap: 500,
} as const

/**
 * The most points an order of this colour and length may pay: per hour of its colour, never less than the
 * floor for short work. The admin's points at acceptance are refused above it (the accept contract), and
 * the payment is capped by it again (orders accepted before the rule).
 */
export function orderPointsCap(o: { colour: Colour; hours: number }): number {
  return Math.max(EARNING.orderFloor, Math.ceil(o.hours * EARNING.orderPerHour[o.colour]))
}

/** What an order pays each claimer whose work was confirmed: the admin's points, capped by colour and hours. */
export function orderPoints(o: { colour: Colour; hours: number; points: number }): number {
  return Math.max(0, Math.min(o.points, orderPointsCap(o)))
}

/**
 * Who an order's work was for, for the cool-down per pair: the resident who ordered, or, for an order a
 * grid worker made on behalf of someone without a phone (代点单), that person (the grid worker orders
 * for many neighbours, and serving each of them is not farming one of them).
 */
export function orderCounterpart(o: { ordererId: string; ordererName?: string; ordererPhone?: string; onBehalf?: unknown }): string {
  return o.onBehalf ? `${o.ordererId}\u0000${o.ordererPhone || o.ordererName || ''}` : o.ordererId
}

/**
 * Who a 微心愿 was for, for the same cool-down: the resident who posted it, or, for one a grid worker or
 * admin posted for someone (onBehalf), that person, told by their phone or name.
 */
export function wishCounterpart(w: { ownerId: string; onBehalf?: unknown; beneficiary: { name: string; phone?: string } }): string {
  return w.onBehalf ? `${w.ownerId}\u0000${w.beneficiary.phone || w.beneficiary.name}` : w.ownerId
}

/** The unit a member reported through (双报到): where their work counts in the unit ranking; null: none. */
export function reportedUnit(grants: ReadonlyArray<{ role: string; unitId?: string }>): string | null {
  return grants.find((g) => g.role === 'member' && g.unitId)?.unitId ?? null
}

export const wishPoints = (): number => EARNING.wishPoints
export const activityPoints = (hours: number): number => Math.max(0, Math.round(hours * EARNING.activityPerHour))

/** The Beijing calendar day of an instant, YYYY-MM-DD (caps are per day where people live). */
export function dayOf(at: Date | number | string): string {
  const t = new Date(new Date(at).getTime() + 8 * 3600_000)
  return t.toISOString().slice(0, 10)
}
export const monthOf = (at: Date | number | string): string => dayOf(at).slice(0, 7)
export const yearOf = (at: Date | number | string): string => dayOf(at).slice(0, 4)

/** What the balance document remembers for the limits. */
export interface EarnState {
  /** The day the counters are for; counters of an older day count as zero. */
  day?: string
  /** Points earned on `day`, by source. */
  today?: Partial<Record<SourceType, number>>
  /** When the person last earned from work for each resident (pruned after the cool-down). */
  pairs?: Array<{ id: string; at: number }>
}

export interface Grant {
  sourceType: SourceType
  /** Whether the limits apply (the source asked for them: confirmed work that pays by the rules). */
  limited?: boolean
  points: number
  hours: number
  /** The resident the work was for (an order's orderer), for the cool-down. */
  counterpart?: string
  at: Date | number | string
}

export type Capped = 'daily' | 'cooldown'

export interface Award {
  points: number
  hours: number
  /** Set when the limits paid less than asked. */
  capped?: Capped
  state: EarnState
}

/**
 * What a grant may pay given the person's counters, and the counters after it. Only positive points of
 * work sources are limited; spending, refunds and admin corrections pass as they are.
 */
export function award(g: Grant, s: EarnState): Award {
  const at = new Date(g.at).getTime()
  const day = dayOf(at)
  const today = s.day === day ? { ...(s.today ?? {}) } : {}
  const pairs = (s.pairs ?? []).filter((p) => at - p.at < EARNING.pairCooldownMs && p.at <= at)
  if (!g.limited || !isWork(g.sourceType) || g.points <= 0) return { points: g.points, hours: g.hours, state: { day, today, pairs } }
  let points = g.points
  let capped: Capped | undefined
  if (g.counterpart && pairs.some((p) => p.id === g.counterpart)) {
    points = 0
    capped = 'cooldown'
  }
  const cap = EARNING.dailyCap[g.sourceType]
  const earned = today[g.sourceType] ?? 0
  if (cap !== undefined && points > 0 && earned + points > cap) {
    points = Math.max(0, cap - earned)
    capped = 'daily'
  }
  today[g.sourceType] = earned + points
  const nextPairs = g.counterpart ? [...pairs.filter((p) => p.id !== g.counterpart || capped === 'cooldown'), ...(capped === 'cooldown' ? [] : [{ id: g.counterpart, at }])] : pairs
  return { points, hours: g.hours, ...(capped ? { capped } : {}), state: { day, today, pairs: nextPairs.slice(-50) } }
}

/** Whether an admin's adjustment is within what one adjustment may do. */
export function adjustmentProblem(a: { points: number; hours: number; evidence: readonly string[] }): 'empty' | 'hoursCap' | 'pointsCap' | 'evidence' | null {
  if (a.points === 0 && a.hours === 0) return 'empty'
  if (Math.abs(a.hours) > EARNING.adminHoursCap) return 'hoursCap'
  if (Math.abs(a.points) > EARNING.adminPointsCap) return 'pointsCap'
  if (a.hours !== 0 && !a.evidence.length) return 'evidence'
  return null
}
