// 单位党员报到台账: the unit's members (people whose member grant names the unit), where each reported
// and what they did — orders they worked on that were confirmed, and their hours and points from the
// append-only ledger. Members page on the users index of member grants by unit; each member's work
// pages on the ledger's person index.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orgApi, UnitMemberView } from '../../shared/contracts/org'
import type { PlaceDoc } from '../../shared/org/model'
import { _, db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { pageOver } from '../common/pager'
import { getDoc, type UserDoc } from '../common/users'
import { allow, unitOf } from './access'

/** Orders whose work counts as done for the ledger: the resident (or the timer) confirmed it. */
const DONE_STATES = ['confirmed', 'rated', 'closed']

interface LedgerDoc {
  _id: string
  openid: string
  sourceType: string
  sourceId: string
  points: number
  hours: number
  note?: string
  at: Date
}

const memberGrantOf = (u: UserDoc, unitId: string) => u.grants?.find((g) => g.role === 'member' && g.unitId === unitId)

async function totals(openid: string): Promise<{ hours: number; points: number }> {
  const $ = db.command.aggregate
  const res = await db.collection('ledger').aggregate().match({ openid }).group({ _id: null, hours: $.sum('$hours'), points: $.sum('$points') }).end()
  const row = (res as { data?: Array<{ hours?: number; points?: number }> }).data?.[0]
  return { hours: row?.hours ?? 0, points: row?.points ?? 0 }
}

async function ordersDone(openid: string): Promise<number> {
  const res = await db.collection('orders').where({ parties: `p:${openid}`, status: _.in(DONE_STATES) }).count()
  return res.total ?? 0
}

type UnitMembers = typeof orgApi.unitMembers
export async function unitMembers(input: ParsedOf<UnitMembers>, ctx: Ctx): Promise<OutputOf<UnitMembers>> {
  const unitId = unitOf(ctx, input.unitId)
  allow('unitMembers', ctx, { unitId })
  const where = { 'grants.role': 'member', 'grants.unitId': unitId, grants: _.elemMatch({ role: 'member', unitId }) }
  const page = await pageOver<UserDoc & Record<string, unknown>>('users', [where], { field: '_id', dir: 'asc', type: 'string' }, input)
  const names = new Map<string, string>()
  const items: UnitMemberView[] = await Promise.all(
    page.items.map(async (u) => {
      const communityId = memberGrantOf(u, unitId)?.communityId ?? ''
      if (!names.has(communityId)) names.set(communityId, (await getDoc<PlaceDoc>('communities', communityId))?.name ?? '—')
      const [t, done] = await Promise.all([totals(u._id), ordersDone(u._id)])
      return { id: u._id, name: u.realName ?? u.nickname, communityId, communityName: names.get(communityId)!, ordersDone: done, hours: t.hours, points: t.points }
    }),
  )
  return { items, nextCursor: page.nextCursor }
}

type MemberWork = typeof orgApi.memberWork
/** One member's ledger, newest first, for the unit that member belongs to. */
export async function memberWork(input: ParsedOf<MemberWork>, ctx: Ctx): Promise<OutputOf<MemberWork>> {
  const member = (await getDoc<UserDoc>('users', input.memberId)) ?? fail('USER_NOT_FOUND')
  const units = (member.grants ?? []).filter((g) => g.role === 'member' && g.unitId).map((g) => g.unitId!)
  const mine = input.unitId ? [unitOf(ctx, input.unitId)] : ctx.grants.filter((g) => g.role === 'unitAdmin' && g.unitId).map((g) => g.unitId!)
  const unitId = mine.find((u) => units.includes(u)) ?? units[0]
  if (!unitId) fail('OUT_OF_SCOPE')
  allow('memberWork', ctx, { unitId })
  const page = await pageOver<LedgerDoc & Record<string, unknown>>('ledger', [{ openid: member._id }], { field: 'at', dir: 'desc', type: 'date' }, input)
  return {
    items: page.items.map((l) => ({ id: l._id, at: new Date(l.at).toISOString(), sourceType: l.sourceType, points: l.points, hours: l.hours, note: l.note ?? '' })),
    nextCursor: page.nextCursor,
  }
}
