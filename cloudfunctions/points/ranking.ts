// 排行榜: monthly and yearly, by community and by unit (双报到), confirmed work only. The rows are kept by
// the ledger's own transaction (common/balances.ts: one document per period, scope and person), so a
// ranking is one indexed page (scope, period, listed, sort) and two counts for the rank numbers.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { pointsApi, RankRow } from '../../shared/contracts/points'
import { maskName } from '../../shared/privacy'
import { monthOf, yearOf } from '../../shared/points/rules'
import { pointsFields, pointsTexts } from '../../shared/points/texts'
import { RANKINGS, type RankRowDoc } from '../common/balances'
import { _, db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { pageOver } from '../common/pager'
import { getDoc } from '../common/users'
import { allow, communityTarget } from './access'

async function unitScope(ctx: Ctx, id?: string): Promise<{ id: string; name: string }> {
  const unitId = id ?? ctx.grants.find((g) => (g.role === 'member' || g.role === 'unitAdmin') && g.unitId)?.unitId
  if (!unitId) fail('ROLE_REQUIRED')
  const unit = await getDoc<{ _id: string; name: string; streetId: string }>('units', unitId)
  if (!unit) fail('UNIT_NOT_FOUND')
  // The unit's own people, and the street it belongs to.
  const ok = ctx.grants.some((g) => (g.unitId === unitId && (g.role === 'member' || g.role === 'unitAdmin')) || (g.role === 'streetAdmin' && g.streetId === unit.streetId))
  if (!ok) fail('OUT_OF_SCOPE')
  return { id: unitId, name: unit.name }
}

type Ranking = typeof pointsApi.ranking
export async function ranking(input: ParsedOf<Ranking>, ctx: Ctx): Promise<OutputOf<Ranking>> {
  let scope: string
  let scopeName: string
  if (input.scope === 'unit') {
    const u = await unitScope(ctx, input.id)
    scope = `u:${u.id}`
    scopeName = u.name
  } else {
    const communityId = input.id ?? ctx.user?.communityId ?? ctx.grants.find((g) => g.communityId)?.communityId
    if (!communityId) fail('PROFILE_INCOMPLETE')
    const t = await communityTarget(communityId)
    allow('ranking', ctx, t)
    scope = `c:${communityId}`
    scopeName = t.name
  }
  const at = input.at ?? (input.period === 'month' ? monthOf(ctx.now) : yearOf(ctx.now))
  if ((input.period === 'month') !== (at.length === 7)) fail('BAD_INPUT', { at: pointsFields.period })
  const period = `${input.period === 'month' ? 'm' : 'y'}${at}`
  const where = { scope, period, listed: true }
  const [page, mine] = await Promise.all([
    pageOver<RankRowDoc & Record<string, unknown>>(RANKINGS, [where], { field: 'sort', dir: 'asc', type: 'string' }, input),
    getDoc<RankRowDoc>(RANKINGS, `${period}:${scope}:${ctx.openid}`),
  ])
  const items: RankRow[] = []
  if (page.items.length) {
    // Rank = 1 + how many have more points (ties share a rank): two counts on the same index, and the
    // rows of the page itself.
    const p0 = page.items[0].points
    const key0 = page.items[0].sort.slice(0, 10)
    const [gt, ge, users] = await Promise.all([
      db.collection(RANKINGS).where({ ...where, sort: _.lt(key0) }).count(),
      db.collection(RANKINGS).where({ ...where, sort: _.lt(`${key0};`) }).count(),
      db.collection('users').where({ _id: _.in(page.items.map((r) => r.openid)) }).field({ realName: true, nickname: true }).limit(page.items.length).get(),
    ])
    const names = new Map((users.data as Array<{ _id: string; realName?: string; nickname?: string }>).map((u) => [u._id, u.realName ?? u.nickname]))
    for (const r of page.items) {
      const rank = r.points === p0 ? (gt.total ?? 0) + 1 : 1 + (ge.total ?? 0) + page.items.filter((x) => x.points < p0 && x.points > r.points).length
      const name = names.get(r.openid)
      items.push({ rank, name: name ? maskName(name) : pointsTexts.anonymous, points: r.points, hours: r.hours, ...(r.openid === ctx.openid ? { me: true } : {}) })
    }
  }
  return {
    items,
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    period: at,
    scopeName,
    ...(mine ? { mine: { points: mine.points, hours: mine.hours, optOut: !mine.listed } } : {}),
  }
}
