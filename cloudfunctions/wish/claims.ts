// 认领 → 实现 → 确认: a member, a volunteer or a 共建单位 (through its admin) claims a wish; at most one
// live claim per wish, whatever the concurrency: the claim is a move conditioned on the wish's version,
// so of any number of racing claims one is written and every other one, deciding again on the wish as
// it now is, is told the wish is taken. The claimer cancels with a reason or fulfils with evidence; the
// wisher (or the grid worker for them) confirms receipt with thanks, and the donor is paid through the
// ledger (an effect with its idempotency key, written with the move).
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { wishApi } from '../../shared/contracts/wish'
import { ledgerKey, type Effect } from '../../shared/core/effects'
import { decideWishClaim } from '../../shared/lifecycles/wish'
import { wishCounterpart } from '../../shared/points/rules'
import { hasRole } from '../../shared/roles'
import { liveClaim } from '../../shared/wishes/derive'
import type { WishClaim } from '../../shared/wishes/model'
import { holds } from '../../shared/wishes/policy'
import { claimDeadline } from '../../shared/wishes/rules'
import { wishFields, wishNotes, wishNotices } from '../../shared/wishes/texts'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { ownedFiles } from '../common/files'
import { unchanged } from '../common/records'
import { getDoc } from '../common/users'
import { adminsOf, authorize, callerFor, entry, gridWorkersOf, loadWish, notice, screen, wishMove, type WishDoc, type WishEntry } from './model'
import { toView } from './view'

type Claim = typeof wishApi.claim
export async function claim(input: ParsedOf<Claim>, ctx: Ctx): Promise<OutputOf<Claim>> {
  const first = await loadWish(input.wishId)
  const caller = await callerFor(ctx, first.communityId)
  const place = { communityId: first.communityId }
  // Who the claim is made as: a unit when one is named (or the caller can claim only as a unit), else 党员 before 志愿者.
  let as: WishClaim['as']
  let unit: { id: string; name: string } | undefined
  if (input.unitId || (!hasRole(ctx.grants, 'member', place) && !hasRole(ctx.grants, 'volunteer', place) && caller.partnerUnits?.length)) {
    const unitId = input.unitId ?? caller.partnerUnits![0]
    if (!ctx.grants.some((g) => g.role === 'unitAdmin' && g.unitId === unitId)) fail('OUT_OF_SCOPE')
    if (!caller.partnerUnits?.includes(unitId)) fail('UNIT_NOT_PARTNER', { unitId: wishFields.communityOf })
    as = 'unit'
    unit = { id: unitId, name: (await getDoc<{ name: string }>('units', unitId))?.name ?? '' }
  } else as = hasRole(ctx.grants, 'member', place) ? 'member' : 'volunteer'
  const name = ctx.user?.realName || ctx.user?.nickname || ''
  const w = await wishMove(first, (cur) => {
    const live = liveClaim(cur)
    // A double tap, or a retry after a lost reply: the caller's claim is there already.
    if (live && holds(live, caller)) return unchanged
    const a = authorize(cur, 'claim', caller)
    if (a === 'done') return unchanged
    if (!a.rel.includes('candidate')) fail('ROLE_REQUIRED', undefined, wishFields.communityOf)
    const c: WishClaim = {
      openid: ctx.openid,
      name,
      ...(ctx.user?.phone ? { phone: ctx.user.phone } : {}),
      as,
      ...(unit ? { unitId: unit.id, unitName: unit.name } : {}),
      status: 'claimed',
      claimedAt: ctx.now,
      deadline: claimDeadline(ctx.now, cur.wishedBy),
    }
    const effects: Effect[] = [
      notice(cur, `claim:v${cur.version}`, { ids: [cur.ownerId] }, wishNotices.claimed(cur), ctx.now),
      notice(cur, `claim-admin:v${cur.version}`, adminsOf(cur), wishNotices.claimedAdmin(cur), ctx.now),
    ]
    if (cur.delivery === 'proxy') effects.push(notice(cur, `claim-proxy:v${cur.version}`, gridWorkersOf(cur), wishNotices.claimedProxy(cur), ctx.now))
    const t = entry(ctx, as === 'unit' ? 'unitAdmin' : as, 'claim', cur, { to: 'claimed', note: wishNotes.claimedAs(as), publicNote: wishNotes.claimedAs(as) })
    return { next: { ...cur, status: 'claimed', claims: [...cur.claims, c], updatedAt: ctx.now, timeline: [...cur.timeline, t] }, effects }
  })
  return toView(w, caller)
}

type Cancel = typeof wishApi.cancelClaim
/** The claimer lets go, with a reason: the wish goes back on the board. */
export async function cancelClaim(input: ParsedOf<Cancel>, ctx: Ctx): Promise<OutputOf<Cancel>> {
  const first = await loadWish(input.wishId)
  const caller = await callerFor(ctx, first.communityId)
  const { held } = await screen(ctx, { reason: input.reason })
  const w = await wishMove(first, (cur) => {
    const live = liveClaim(cur)
    // Letting go twice is letting go once.
    if ((!live || !holds(live, caller)) && [...cur.claims].reverse().find((c) => holds(c, caller))?.status === 'cancelled') return unchanged
    const a = authorize(cur, 'cancel', caller)
    if (a === 'done') return unchanged
    const d = decideWishClaim(live!.status, 'cancel', 'claimer')
    if (!d.ok) fail('WISH_TRANSITION_NOT_ALLOWED', undefined, wishFields.notNow(cur.status, 'cancel'))
    const claims = cur.claims.map((c) => (c === live ? { ...c, status: 'cancelled' as const, endedAt: ctx.now, reason: input.reason } : c))
    const t = entry(ctx, a.as, 'cancel', cur, { to: 'open', ...(held ? {} : { note: input.reason }) })
    const text = wishNotices.cancelled(cur, held ? '' : input.reason)
    return {
      next: { ...cur, status: 'open', claims, updatedAt: ctx.now, timeline: [...cur.timeline, t] },
      effects: [notice(cur, `cancel:v${cur.version}`, { ids: [cur.ownerId] }, text, ctx.now), notice(cur, `cancel-admin:v${cur.version}`, adminsOf(cur), text, ctx.now)],
    }
  })
  return toView(w, caller)
}

type Fulfil = typeof wishApi.fulfil
/** 实现: the claimer reports the wish delivered, with evidence photos and a note; the wisher is asked to confirm. */
export async function fulfil(input: ParsedOf<Fulfil>, ctx: Ctx): Promise<OutputOf<Fulfil>> {
  const first = await loadWish(input.wishId)
  const caller = await callerFor(ctx, first.communityId)
  ownedFiles(ctx.openid, input.photos, 'photos')
  const checked = await screen(ctx, { note: input.note }, { photos: input.photos })
  const w = await wishMove(first, (cur) => {
    const live = liveClaim(cur)
    if (live && holds(live, caller) && live.status === 'fulfilled') return unchanged
    const a = authorize(cur, 'fulfil', caller)
    if (a === 'done') return unchanged
    const claims = cur.claims.map((c) => (c === live ? { ...c, status: 'fulfilled' as const, evidence: { note: input.note, photos: input.photos, at: ctx.now, held: checked.held } } : c))
    const t = entry(ctx, a.as, 'fulfil', cur, { to: 'fulfilled', note: input.note, publicNote: wishNotes.fulfilledPublic })
    const effects: Effect[] = [notice(cur, `fulfil:v${cur.version}`, { ids: [cur.ownerId] }, wishNotices.fulfilled(cur), ctx.now)]
    if (cur.onBehalf || cur.delivery === 'proxy') effects.push(notice(cur, `fulfil-grid:v${cur.version}`, gridWorkersOf(cur), wishNotices.fulfilled(cur), ctx.now))
    return { next: { ...cur, status: 'fulfilled', claims, fulfilledAt: ctx.now, updatedAt: ctx.now, timeline: [...cur.timeline, t] }, effects }
  })
  return toView(w, caller)
}

/** The confirmation and the donor's pay, as one move. A unit's claim earns the unit its record, not a person's points. */
export function confirmed(cur: WishDoc, ctx: { openid: string; now: Date }, as: WishEntry['role'], thanks?: { text: string; held: boolean }): { next: WishDoc; effects: Effect[] } {
  const live = liveClaim(cur)!
  const claims = cur.claims.map((c) => (c === live ? { ...c, status: 'confirmed' as const } : c))
  const t = entry(ctx, as, 'confirm', cur, { to: 'confirmed', publicNote: wishNotes.confirmedPublic, ...(thanks ? { note: thanks.text } : {}) })
  const effects: Effect[] = []
  if (live.as !== 'unit') {
    effects.push({
      kind: 'ledger',
      id: ledgerKey('wish', cur._id, live.openid),
      openid: live.openid,
      communityId: cur.communityId,
      sourceType: 'wish',
      sourceId: cur._id,
      points: cur.points,
      hours: cur.hours,
      note: wishNotes.ledger(cur),
      at: ctx.now,
      // The earning rules' daily cap and the cool-down per wisher and donor, as for orders.
      counterpart: wishCounterpart(cur),
      limited: true,
    })
  }
  effects.push(notice(cur, `confirm:v${cur.version}`, { ids: [live.openid] }, wishNotices.confirmed(cur, live.as === 'unit' ? 0 : cur.points, live.as === 'unit' ? 0 : cur.hours), ctx.now))
  return {
    next: { ...cur, status: 'confirmed', claims, confirmedAt: ctx.now, ...(thanks ? { thanks: { ...thanks, at: ctx.now } } : {}), updatedAt: ctx.now, timeline: [...cur.timeline, t] },
    effects,
  }
}

type Confirm = typeof wishApi.confirm
export async function confirm(input: ParsedOf<Confirm>, ctx: Ctx): Promise<OutputOf<Confirm>> {
  const first = await loadWish(input.wishId)
  const caller = await callerFor(ctx, first.communityId)
  const { held } = await screen(ctx, { thanks: input.thanks })
  const w = await wishMove(first, (cur) => {
    const a = authorize(cur, 'confirm', caller)
    if (a === 'done') return unchanged
    return confirmed(cur, ctx, a.as, input.thanks ? { text: input.thanks, held } : undefined)
  })
  return toView(w, caller)
}

type Thank = typeof wishApi.thank
/** A thank-you after the confirmation (once): shown on the fulfilled wall when it passed the check. */
export async function thank(input: ParsedOf<Thank>, ctx: Ctx): Promise<OutputOf<Thank>> {
  const first = await loadWish(input.wishId)
  const caller = await callerFor(ctx, first.communityId)
  const { held } = await screen(ctx, { thanks: input.thanks })
  const w = await wishMove(first, (cur) => {
    if (cur.thanks?.text === input.thanks) return unchanged
    const a = authorize(cur, 'thank', caller)
    if (a === 'done') return unchanged
    if (cur.thanks) fail('WISH_TRANSITION_NOT_ALLOWED', undefined, wishFields.notNow(cur.status, 'thank'))
    const donor = cur.claims.find((c) => c.status === 'confirmed')
    return {
      next: { ...cur, thanks: { text: input.thanks, held, at: ctx.now }, updatedAt: ctx.now, timeline: [...cur.timeline, entry(ctx, a.as, 'thank', cur, { note: input.thanks })] },
      effects: donor ? [notice(cur, `thank:v${cur.version}`, { ids: [donor.openid] }, wishNotices.thanked(cur), ctx.now)] : [],
    }
  })
  return toView(w, caller)
}
