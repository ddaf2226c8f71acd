// Reads: the board (心愿墙) with its filters and transparency strip, the fulfilled wall with thanks, one
// wish, my wishes and my claims. Every list pages on the database with an index that serves its filter
// and its sort (collections.json, common/pager.ts); every answer goes through the visibility policy.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { BoardPage, wishApi } from '../../shared/contracts/wish'
import { filterKey } from '../../shared/wishes/derive'
import type { WishDoc } from '../../shared/wishes/model'
import { canSeeWish, relationsTo } from '../../shared/wishes/policy'
import { monthOf } from '../../shared/wishes/rules'
import { wishNotes } from '../../shared/wishes/texts'
import { db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getCommunity } from '../common/org'
import { pageOver, type Sort } from '../common/pager'
import { callerFor, hidden, loadWish, WISHES } from './model'
import { toCards, toView } from './view'

const BOARD: Sort = { field: 'boardRank', dir: 'desc', type: 'string' }
const RECENT: Sort = { field: 'updatedAt', dir: 'desc', type: 'date' }

/**
 * The community whose board the caller reads: the one named, if the caller lives or serves there (or is
 * its street's admin, or a partner unit's admin), else their own.
 */
async function boardCommunity(ctx: Ctx, named?: string): Promise<string> {
  const own = ctx.user?.communityId
  if (!named) return own ?? ctx.grants.find((g) => g.communityId)?.communityId ?? fail('PROFILE_INCOMPLETE')
  if (named === own || ctx.grants.some((g) => g.communityId === named)) return named
  const street = ctx.grants.filter((g) => g.role === 'streetAdmin').map((g) => g.streetId)
  if (street.length) {
    const c = await getCommunity(named)
    if (c && street.includes(c.streetId)) return named
  }
  const caller = await callerFor(ctx, named)
  if (caller.partnerUnits?.length) return named
  fail('OUT_OF_SCOPE')
}

async function strip(communityId: string, now: Date): Promise<Pick<BoardPage, 'monthFulfilled' | 'stripText'>> {
  const res = await db.collection(WISHES).where({ communityId, doneMonth: monthOf(now) }).count()
  const n = (res as { total?: number }).total ?? 0
  return { monthFulfilled: n, stripText: wishNotes.strip(n) }
}

async function boardPage(ctx: Ctx, communityId: string, key: string, input: { cursor?: string; size: number }): Promise<BoardPage> {
  const [page, counts, caller] = await Promise.all([
    pageOver<WishDoc & Record<string, unknown>>(WISHES, [{ communityId, filters: key }], BOARD, input),
    strip(communityId, ctx.now),
    callerFor(ctx, communityId),
  ])
  return { items: await toCards(page.items, caller), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}), ...counts }
}

type Board = typeof wishApi.board
/** 心愿墙: approved wishes, newest first, masked; filters by progress, category and who the wish is for. */
export async function board(input: ParsedOf<Board>, ctx: Ctx): Promise<OutputOf<Board>> {
  const communityId = await boardCommunity(ctx, input.communityId)
  return boardPage(ctx, communityId, filterKey(input), input)
}

type Wall = typeof wishApi.wall
/** 圆梦墙: the fulfilled wishes with their thanks. */
export async function wall(input: ParsedOf<Wall>, ctx: Ctx): Promise<OutputOf<Wall>> {
  const communityId = await boardCommunity(ctx, input.communityId)
  return boardPage(ctx, communityId, filterKey({ progress: 'done' }), input)
}

type Get = typeof wishApi.get
export async function get(input: ParsedOf<Get>, ctx: Ctx): Promise<OutputOf<Get>> {
  const w = await loadWish(input.wishId)
  const caller = await callerFor(ctx, w.communityId)
  if (!canSeeWish(w, relationsTo(w, caller))) hidden(ctx)
  return toView(w, caller)
}

type Mine = typeof wishApi.mine
/** 我的心愿 (what I posted, for me or for others) or 我认领的 (what I or my unit claimed, live or not). */
export async function mine(input: ParsedOf<Mine>, ctx: Ctx): Promise<OutputOf<Mine>> {
  const segments =
    input.as === 'wisher'
      ? [{ people: ctx.openid }]
      : [`p:${ctx.openid}`, ...ctx.grants.filter((g) => g.role === 'unitAdmin' && g.unitId).map((g) => `unit:${g.unitId}`)].map((parties) => ({ parties }))
  const page = await pageOver<WishDoc & Record<string, unknown>>(WISHES, segments, RECENT, input)
  const items = await Promise.all(page.items.map(async (w) => (await toCards([w], await callerFor(ctx, w.communityId)))[0]))
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }
}
