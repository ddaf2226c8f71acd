// What follows from a wish's own fields: its live claim, and the fields each index serves
// (collections.json). Every write of a wish goes through settleWish, so the board, the lists and the
// timer find exactly the wishes that belong there, by an index, without reading the rest.
import { BOARD_STATES, LIVE_WISH_CLAIM_STATES } from '../lifecycles/wish'
import type { WishClaim, WishDoc } from './model'
import { monthOf, WISH_AUTO_CONFIRM_MS, WISH_REMIND_BEFORE_MS } from './rules'

export const isLiveClaim = (c: Pick<WishClaim, 'status'>) => LIVE_WISH_CLAIM_STATES.includes(c.status)
export const liveClaim = (w: Pick<WishDoc, 'claims'>): WishClaim | undefined => w.claims.find(isLiveClaim)

export type Progress = NonNullable<WishDoc['progress']>

export function progressOf(w: Pick<WishDoc, 'status'>): Progress | undefined {
  if (w.status === 'open') return 'open'
  if (w.status === 'claimed' || w.status === 'fulfilled') return 'claimed'
  if (w.status === 'confirmed') return 'done'
  return undefined
}

/** The board's filter key for a choice of progress, category and beneficiary type (any may be absent). */
export function filterKey(f: { progress?: string; category?: string; beneficiaryType?: string }): string {
  const parts = [f.progress ? `p=${f.progress}` : '', f.category ? `c=${f.category}` : '', f.beneficiaryType ? `b=${f.beneficiaryType}` : ''].filter(Boolean)
  return parts.length ? parts.join('&') : 'all'
}

/** Every filter key a wish answers to: one index (communityId, filters, boardRank) serves every combination. */
export function filtersOf(w: Pick<WishDoc, 'category' | 'beneficiary'>, progress: Progress): string[] {
  const out: string[] = []
  for (const p of [undefined, progress]) for (const c of [undefined, w.category]) for (const b of [undefined, w.beneficiary.type]) out.push(filterKey({ progress: p, category: c, beneficiaryType: b }))
  return out
}

/** When the live claim's timer fires next: the reminder 3 days before its deadline, then the release at it. */
export function claimDue(c: WishClaim | undefined): Date | undefined {
  if (!c || c.status !== 'claimed') return undefined
  const d = new Date(c.deadline).getTime()
  return new Date(c.remindedAt ? d : d - WISH_REMIND_BEFORE_MS)
}

/** When the timer confirms a fulfilled wish nobody confirmed (WISH_AUTO_CONFIRM_DAYS after the delivery). */
export function confirmDue(w: Pick<WishDoc, 'status' | 'fulfilledAt'>): Date | undefined {
  if (w.status !== 'fulfilled' || !w.fulfilledAt) return undefined
  return new Date(new Date(w.fulfilledAt).getTime() + WISH_AUTO_CONFIRM_MS)
}

/**
 * Whose record a delivered wish counts in: the claim that fulfilled it (waiting for the confirmation, or
 * confirmed) — `unit:<id>` for a 共建单位's claim, `p:<openid>` for a member's or volunteer's. Unlike
 * `parties`, a claim that was cancelled, revoked or released earns nothing here.
 */
export function creditOf(w: Pick<WishDoc, 'status' | 'claims'>): string | undefined {
  if (w.status !== 'fulfilled' && w.status !== 'confirmed') return undefined
  const c = w.claims.find((x) => x.status === 'fulfilled' || x.status === 'confirmed')
  if (!c) return undefined
  return c.as === 'unit' && c.unitId ? `unit:${c.unitId}` : `p:${c.openid}`
}

const iso = (d: Date | string) => new Date(d).toISOString()

export type Derived = Pick<WishDoc, 'people' | 'parties'> & Partial<Pick<WishDoc, 'filters' | 'boardRank' | 'progress' | 'doneMonth' | 'nextDue' | 'confirmDue' | 'credit'>>

export function derivedOf(w: WishDoc): Derived {
  const parties = new Set<string>()
  for (const c of w.claims) {
    parties.add(`p:${c.openid}`)
    if (c.unitId) parties.add(`unit:${c.unitId}`)
  }
  const onBoard = BOARD_STATES.includes(w.status) && !!w.approvedAt
  const progress = onBoard ? progressOf(w) : undefined
  return {
    people: [w.ownerId],
    parties: [...parties].sort(),
    filters: progress ? filtersOf(w, progress) : undefined,
    boardRank: progress ? `${iso(w.approvedAt!)}|${w._id}` : undefined,
    progress,
    doneMonth: w.status === 'confirmed' && w.confirmedAt ? monthOf(w.confirmedAt) : undefined,
    nextDue: claimDue(liveClaim(w)),
    confirmDue: confirmDue(w),
    credit: creditOf(w),
  }
}

const OPTIONAL = ['filters', 'boardRank', 'progress', 'doneMonth', 'nextDue', 'confirmDue', 'credit'] as const
const DATES = new Set(['nextDue', 'confirmDue'])

/** The wish after a move: every derived field recomputed, those that no longer apply removed. */
export function settleWish(w: WishDoc): WishDoc {
  const d = derivedOf(w)
  const out = { ...w, ...d } as WishDoc
  for (const k of OPTIONAL) if (d[k] === undefined) delete out[k]
  return out
}

/** The invariants a stored wish must keep: at most one live claim, and the state agreeing with it. */
export function wishProblems(w: WishDoc): string[] {
  const out: string[] = []
  const live = w.claims.filter(isLiveClaim)
  if (live.length > 1) out.push('more than one live claim')
  const holds = w.status === 'claimed' || w.status === 'fulfilled'
  if (holds !== (live.length === 1)) out.push(`state ${w.status} with ${live.length} live claims`)
  if (w.status === 'fulfilled' && live[0]?.status !== 'fulfilled') out.push('fulfilled without evidence')
  const d = derivedOf(w)
  const stored = w as unknown as Record<string, unknown>
  const norm = (k: string, v: unknown) => (v === undefined || v === null ? null : DATES.has(k) ? new Date(v as string).toISOString() : JSON.stringify(v))
  for (const k of Object.keys(d)) if (norm(k, (d as Record<string, unknown>)[k]) !== norm(k, stored[k])) out.push(`derived ${k}`)
  return out
}
