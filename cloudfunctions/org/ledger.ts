// 单位党员报到台账: the unit's members (people whose member grant names the unit), where each reported
// and what they did — orders they worked on that were confirmed, 微心愿 they fulfilled in their own name,
// and their hours and points from the append-only ledger — and the 微心愿 the unit claimed as a unit and
// delivered. Members page on the users index of member grants by unit; each member's work pages on the
// ledger's person index; the unit's wishes page on the wishes' credit index (shared/wishes/derive.ts
// creditOf: the claim that delivered the wish, never one that let go).
import type { OutputOf, ParsedOf } from '../../shared/contract'
import { WORK_SOURCE_LABELS, type orgApi, type UnitMemberView, type UnitWishView } from '../../shared/contracts/org'
import { WISH_STATE_LABELS } from '../../shared/lifecycles/wish'
import type { PlaceDoc } from '../../shared/org/model'
import type { WishDoc } from '../../shared/wishes/model'
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

/** Wishes credited to a unit (`unit:<id>`) or a person (`p:<openid>`) that the wisher (or the timer) confirmed. */
async function wishesDone(credit: string): Promise<number> {
  const res = await db.collection('wishes').where({ credit, status: 'confirmed' }).count()
  return res.total ?? 0
}

/** Community names, read once per community for one answer. */
function communityNames(): (communityId: string) => Promise<string> {
  const names = new Map<string, Promise<string>>()
  return (communityId) => {
    if (!names.has(communityId)) names.set(communityId, getDoc<PlaceDoc>('communities', communityId).then((c) => c?.name ?? '—'))
    return names.get(communityId)!
  }
}

type UnitMembers = typeof orgApi.unitMembers
export async function unitMembers(input: ParsedOf<UnitMembers>, ctx: Ctx): Promise<OutputOf<UnitMembers>> {
  const unitId = unitOf(ctx, input.unitId)
  allow('unitMembers', ctx, { unitId })
  const where = { 'grants.role': 'member', 'grants.unitId': unitId, grants: _.elemMatch({ role: 'member', unitId }) }
  const page = await pageOver<UserDoc & Record<string, unknown>>('users', [where], { field: '_id', dir: 'asc', type: 'string' }, input)
  const nameOf = communityNames()
  const items: UnitMemberView[] = await Promise.all(
    page.items.map(async (u) => {
      const communityId = memberGrantOf(u, unitId)?.communityId ?? ''
      const [t, done, wishes, communityName] = await Promise.all([totals(u._id), ordersDone(u._id), wishesDone(`p:${u._id}`), nameOf(communityId)])
      return { id: u._id, name: u.realName ?? u.nickname, communityId, communityName, ordersDone: done, wishesDone: wishes, hours: t.hours, points: t.points }
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
    items: page.items.map((l) => ({
      id: l._id,
      at: new Date(l.at).toISOString(),
      sourceType: l.sourceType,
      sourceLabel: WORK_SOURCE_LABELS[l.sourceType] ?? l.sourceType,
      points: l.points,
      hours: l.hours,
      note: l.note ?? '',
    })),
    nextCursor: page.nextCursor,
  }
}

type UnitWishes = typeof orgApi.unitWishes
/** The 微心愿 the unit claimed as a unit and delivered, newest delivery first: the title and where, no person. */
export async function unitWishes(input: ParsedOf<UnitWishes>, ctx: Ctx): Promise<OutputOf<UnitWishes>> {
  const unitId = unitOf(ctx, input.unitId)
  allow('unitWishes', ctx, { unitId })
  const credit = `unit:${unitId}`
  const [page, done] = await Promise.all([
    pageOver<WishDoc & Record<string, unknown>>('wishes', [{ credit }], { field: 'fulfilledAt', dir: 'desc', type: 'date' }, input),
    wishesDone(credit),
  ])
  const nameOf = communityNames()
  const items: UnitWishView[] = await Promise.all(
    page.items.map(async (w) => {
      const status = w.status === 'confirmed' ? 'confirmed' : 'fulfilled'
      return {
        id: w._id,
        kind: 'wish' as const,
        kindLabel: WORK_SOURCE_LABELS.wish,
        title: w.title,
        category: w.category,
        communityId: w.communityId,
        communityName: await nameOf(w.communityId),
        status,
        statusLabel: WISH_STATE_LABELS[status],
        fulfilledAt: new Date(w.fulfilledAt!).toISOString(),
        ...(w.confirmedAt ? { confirmedAt: new Date(w.confirmedAt).toISOString() } : {}),
        ...(w.thanks && !w.thanks.held ? { thanks: w.thanks.text } : {}),
      }
    }),
  )
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}), done }
}
