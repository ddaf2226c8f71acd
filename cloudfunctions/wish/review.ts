// 心愿审核 (community admin): approve, return with a reason, reject, or redact (edit the text, hide the
// photo, choose 代转交) before approval; revoke a claim; the review queue. Every change is audited.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { wishApi } from '../../shared/contracts/wish'
import type { Effect } from '../../shared/core/effects'
import type { WishAction } from '../../shared/lifecycles/wish'
import { liveClaim } from '../../shared/wishes/derive'
import { wishFields, wishNotes, wishNotices } from '../../shared/wishes/texts'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { pageOver } from '../common/pager'
import { unchanged } from '../common/records'
import { auditOf, authorize, callerFor, entry, loadWish, notice, wishMove, WISHES, type WishDoc } from './model'
import { toCards, toView } from './view'

type Review = typeof wishApi.review
export async function review(input: ParsedOf<Review>, ctx: Ctx): Promise<OutputOf<Review>> {
  const first = await loadWish(input.wishId)
  const caller = await callerFor(ctx, first.communityId)
  const action: WishAction = input.decision
  if (action === 'redact' && input.title === undefined && input.story === undefined && input.hidePhoto === undefined && input.proxy === undefined) fail('BAD_INPUT', { title: wishFields.nothingToRedact })
  const w = await wishMove(first, (cur) => {
    const a = authorize(cur, action, caller)
    if (a === 'done') return unchanged
    const effects: Effect[] = []
    let next: WishDoc
    if (action === 'redact') {
      const changed = {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.story !== undefined ? { story: input.story } : {}),
        ...(input.hidePhoto !== undefined ? { photoHidden: input.hidePhoto } : {}),
        ...(input.proxy ? { delivery: 'proxy' as const } : {}),
      }
      // The same redaction again (a retry) writes nothing.
      if (Object.entries(changed).every(([k, v]) => (cur as unknown as Record<string, unknown>)[k] === v)) return unchanged
      const note = wishNotes.redactedNote(!!input.hidePhoto)
      next = { ...cur, ...changed, updatedAt: ctx.now, timeline: [...cur.timeline, entry(ctx, a.as, 'redact', cur, { note })] }
      effects.push(auditOf(cur, ctx, a.as, 'redact', JSON.stringify({ before: { title: cur.title, story: cur.story, photoHidden: cur.photoHidden, delivery: cur.delivery }, after: changed })))
    } else {
      const to = action === 'approve' ? 'open' : action === 'return' ? 'returned' : 'rejected'
      const reason = input.reason
      next = {
        ...cur,
        status: to,
        // The admin's approval is the person's look that held text waited for.
        ...(action === 'approve' ? { approvedAt: ctx.now, held: false } : {}),
        ...(action === 'return' ? { returnReason: reason } : {}),
        updatedAt: ctx.now,
        timeline: [...cur.timeline, entry(ctx, a.as, action, cur, { to, ...(reason ? { note: reason } : {}) })],
      }
      const text = action === 'approve' ? wishNotices.approved(cur) : action === 'return' ? wishNotices.returned(cur, reason!) : wishNotices.rejected(cur, reason!)
      effects.push(notice(cur, `${action}:v${cur.version}`, { ids: [cur.ownerId] }, text, ctx.now))
      effects.push(auditOf(cur, ctx, a.as, action, reason))
    }
    return { next, effects }
  })
  return toView(w, caller)
}

type Revoke = typeof wishApi.revoke
/** The admin ends a claim (an unreachable donor, a wrong claim): the wish goes back on the board. */
export async function revoke(input: ParsedOf<Revoke>, ctx: Ctx): Promise<OutputOf<Revoke>> {
  const first = await loadWish(input.wishId)
  const caller = await callerFor(ctx, first.communityId)
  const w = await wishMove(first, (cur) => {
    const a = authorize(cur, 'revoke', caller)
    if (a === 'done') return unchanged
    const live = liveClaim(cur)!
    const claims = cur.claims.map((c) => (c === live ? { ...c, status: 'revoked' as const, endedAt: ctx.now, reason: input.reason } : c))
    return {
      next: { ...cur, status: 'open', claims, updatedAt: ctx.now, timeline: [...cur.timeline, entry(ctx, a.as, 'revoke', cur, { to: 'open', note: input.reason })] },
      effects: [notice(cur, `revoke:v${cur.version}`, { ids: [live.openid] }, wishNotices.revoked(cur, input.reason), ctx.now), auditOf(cur, ctx, a.as, 'revoke', input.reason)],
    }
  })
  return toView(w, caller)
}

type Manage = typeof wishApi.manage
/** 心愿审核 and follow-up: the community's wishes in one state, newest change first (a grid worker: their grid). */
export async function manage(input: ParsedOf<Manage>, ctx: Ctx): Promise<OutputOf<Manage>> {
  const admin = ctx.grants.find((g) => g.role === 'communityAdmin' && g.communityId && (!input.communityId || g.communityId === input.communityId))
  const grid = ctx.grants.find((g) => g.role === 'gridWorker' && g.gridId && (!input.communityId || g.communityId === input.communityId))
  const scope = admin ? { communityId: admin.communityId } : grid ? { communityId: grid.communityId, gridId: grid.gridId } : fail('OUT_OF_SCOPE')
  const page = await pageOver<WishDoc & Record<string, unknown>>(WISHES, [{ ...scope, status: input.status }], { field: 'updatedAt', dir: 'desc', type: 'date' }, input)
  return { items: await toCards(page.items, await callerFor(ctx, scope.communityId!)), nextCursor: page.nextCursor }
}
