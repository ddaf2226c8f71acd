// 我的积分: the balance (cached on the person, kept with the ledger by common/balances.ts), the history
// (the ledger, paged on its person index), opting out of rankings; the admin's adjustments (a new entry
// with a reason, audited; hours need evidence and are flagged) and reconciliation on demand.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { EntryView, pointsApi } from '../../shared/contracts/points'
import type { NoticeEffect } from '../../shared/core/effects'
import { adjustmentProblem, EARNING } from '../../shared/points/rules'
import { starLevel } from '../../shared/points/stars'
import { pointsFields, pointsTexts } from '../../shared/points/texts'
import { applyEntry, BALANCES, inTransaction, LEDGER, ledgerRankings, ledgerTotals, RANKINGS, rankingFixes, rankingRows, txnGet, txnOk, type BalanceDoc, type LedgerDoc } from '../common/balances'
import { _, db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { deliver } from '../common/outbox'
import { pageOver } from '../common/pager'
import { idFor } from '../common/records'
import { getDoc, loadUser } from '../common/users'
import { allow, communityOf, communityTarget } from './access'

export const emptyBalance = (openid: string): BalanceDoc => ({ _id: openid, openid, points: 0, hours: 0, confirmedHours: 0, version: 0 })

export async function balanceOf(openid: string): Promise<BalanceDoc> {
  return (await getDoc<BalanceDoc>(BALANCES, openid)) ?? emptyBalance(openid)
}

export function entryView(e: LedgerDoc): EntryView {
  return {
    id: e._id,
    sourceType: e.sourceType,
    sourceId: e.sourceId,
    points: e.points,
    hours: e.hours,
    note: e.note,
    at: new Date(e.at).toISOString(),
    ...(e.flagged ? { flagged: true } : {}),
    ...(e.capped ? { capped: e.capped, cappedLabel: pointsTexts.capped[e.capped] } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
  }
}

type Balance = typeof pointsApi.balance
export async function balance(_input: ParsedOf<Balance>, ctx: Ctx): Promise<OutputOf<Balance>> {
  const b = await balanceOf(ctx.openid)
  return { points: b.points, hours: b.hours, confirmedHours: b.confirmedHours, star: starLevel(b.confirmedHours), optOut: !!b.optOut }
}

type History = typeof pointsApi.history
export async function history(input: ParsedOf<History>, ctx: Ctx): Promise<OutputOf<History>> {
  const page = await pageOver<LedgerDoc & Record<string, unknown>>(LEDGER, [{ openid: ctx.openid }], { field: 'at', dir: 'desc', type: 'date' }, input)
  return { items: page.items.map(entryView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }
}

type OptOut = typeof pointsApi.optOut
/** Leaving (or rejoining) public rankings: the balance says so, and every ranking row of the person follows. */
export async function optOut(input: ParsedOf<OptOut>, ctx: Ctx): Promise<OutputOf<OptOut>> {
  const b = await getDoc<BalanceDoc>(BALANCES, ctx.openid)
  if (b) await db.collection(BALANCES).doc(ctx.openid).update({ optOut: input.optOut })
  else {
    try {
      await db.collection(BALANCES).add({ ...emptyBalance(ctx.openid), optOut: input.optOut, outbox: [] })
    } catch {
      await db.collection(BALANCES).doc(ctx.openid).update({ optOut: input.optOut })
    }
  }
  await db.collection(RANKINGS).where({ openid: ctx.openid }).update({ listed: !input.optOut })
  return { optOut: input.optOut }
}

type Adjust = typeof pointsApi.adjust
/**
 * An admin's correction: a new ledger entry (never an edit) with the reason, the admin, the evidence,
 * flagged; within the caps of one adjustment; never taking a balance below zero. The request key makes
 * the entry's id, so the same adjustment sent again (or fifty times at once) is one entry and one change.
 */
export async function adjust(input: ParsedOf<Adjust>, ctx: Ctx): Promise<OutputOf<Adjust>> {
  const person = await loadUser(input.openid)
  if (!person?.communityId) fail('USER_NOT_FOUND')
  const t = await communityTarget(person.communityId)
  allow('adjust', ctx, t)
  const problem = adjustmentProblem(input)
  if (problem) {
    const byProblem: Record<string, Record<string, string>> = { empty: { points: pointsFields.adjustEmpty }, hoursCap: { hours: pointsFields.hoursCap(EARNING.adminHoursCap) }, pointsCap: { points: pointsFields.pointsCap(EARNING.adminPointsCap) }, evidence: { evidence: pointsFields.evidence } }
    fail('ADJUSTMENT_INVALID', byProblem[problem])
  }
  const sourceId = idFor('adj', ctx.openid, input.requestKey)
  const id = `adjust:${sourceId}:${input.openid}`
  const res = await applyEntry({
    id,
    openid: input.openid,
    communityId: person.communityId,
    sourceType: 'adjust',
    sourceId,
    points: input.points,
    hours: input.hours,
    note: pointsTexts.adjust(input.reason),
    at: ctx.now,
    flagged: true,
    reason: input.reason,
    evidence: input.evidence,
    by: ctx.openid,
  })
  if (res === 'insufficient') fail('POINTS_INSUFFICIENT')
  const entry = await getDoc<LedgerDoc>(LEDGER, id)
  if (!entry) fail('POINTS_CONCURRENT_CHANGE')
  // The audit entry and the person's notice, each once (ids from the entry): a retry writes them if the first try could not.
  await deliver(BALANCES, { _id: input.openid }, [
    { kind: 'audit', id: `audit:${id}`, by: entry.by ?? ctx.openid, role: 'communityAdmin', action: 'points.adjust', targetType: 'person', targetId: input.openid, communityId: person.communityId, note: `${entry.points}/${entry.hours}: ${entry.reason ?? ''}`, at: new Date(entry.at) },
    { kind: 'notice', id: `notice:${id}`, to: { ids: [input.openid] }, type: 'points', title: pointsTexts.adjustedTitle, body: pointsTexts.adjustedBody(entry.points, entry.hours, entry.reason ?? ''), link: '/packages/points/mine/index', at: new Date(entry.at) },
  ])
  return entryView(entry)
}

/**
 * Compares a balance and the person's ranking rows with the ledger and, when they differ, sets them to
 * what the ledger says and tells the community's admins: in one transaction that first checks nobody
 * applied an entry meanwhile (the balance's version; an entry's own transaction moves it), so a fix never
 * undoes a newer entry. Rankings count confirmed work only, per month and year, by community and unit.
 * Clears the mark.
 */
export async function reconcileOne(openid: string, at: Date): Promise<'ok' | 'fixed' | 'busy'> {
  const b = await getDoc<BalanceDoc>(BALANCES, openid)
  if (!b) return 'ok'
  const [sums, expected, rows] = await Promise.all([ledgerTotals(openid), ledgerRankings(openid), rankingRows(openid)])
  const round = (x: number) => Math.round(x * 100) / 100
  const balanceDrift = !(round(sums.points) === round(b.points) && round(sums.hours) === round(b.hours) && round(sums.confirmedHours) === round(b.confirmedHours))
  const ranks = rankingFixes(openid, expected, rows, !b.optOut)
  const rankDrift = ranks.set.length + ranks.remove.length
  if (!balanceDrift && !rankDrift) {
    await db.collection(BALANCES).where({ _id: openid, version: b.version }).update({ recheckAt: _.remove() })
    return 'ok'
  }
  const user = await getDoc<{ realName?: string; nickname?: string }>('users', openid)
  const name = user?.realName ?? user?.nickname ?? openid.slice(-4)
  const notice: NoticeEffect = {
    kind: 'notice',
    id: `drift:${openid}:v${b.version}`,
    to: { role: 'communityAdmin', scope: { communityId: b.communityId } },
    type: 'points',
    title: pointsTexts.driftTitle,
    body: [...(balanceDrift ? [pointsTexts.driftBody(name, b.points, sums.points)] : []), ...(rankDrift ? [pointsTexts.rankDriftBody(name, rankDrift)] : [])].join(''),
    at,
  }
  let fixed: boolean
  try {
    fixed = await inTransaction(async (t) => {
      const cur = await txnGet<BalanceDoc>(t, BALANCES, openid)
      if (!cur || cur.version !== b.version) return false
      const writes: Array<Promise<unknown>> = [
        t
          .collection(BALANCES)
          .doc(openid)
          .update({ ...(balanceDrift ? { points: sums.points, hours: sums.hours, confirmedHours: sums.confirmedHours } : {}), version: b.version + 1, recheckAt: _.remove(), outbox: _.push([notice]), updatedAt: at }),
        ...ranks.set.map(({ _id, ...row }) => t.collection(RANKINGS).doc(_id).set({ ...row, updatedAt: at })),
        ...ranks.remove.map((id) => t.collection(RANKINGS).doc(id).remove()),
      ]
      for (const r of await Promise.all(writes)) txnOk(r)
      return true
    })
  } catch (err) {
    // An entry applied meanwhile (its transaction and this one met): the next pass looks again.
    if ((err as { code?: string })?.code === 'DATABASE_TRANSACTION_CONFLICT') return 'busy'
    throw err
  }
  if (!fixed) return 'busy'
  await deliver(BALANCES, b, [notice])
  return 'fixed'
}

type Reconcile = typeof pointsApi.reconcile
/** On demand: one person, or every balance of the community (as many as the call's time allows). */
export async function reconcile(input: ParsedOf<Reconcile>, ctx: Ctx): Promise<OutputOf<Reconcile>> {
  let communityId = input.communityId
  if (input.openid) {
    const b = await getDoc<BalanceDoc>(BALANCES, input.openid)
    communityId = b?.communityId ?? (await loadUser(input.openid))?.communityId
    if (!communityId) fail('USER_NOT_FOUND')
  }
  communityId = communityOf('reconcile', ctx, communityId)
  allow('reconcile', ctx, await communityTarget(communityId))
  let checked = 0
  let fixed = 0
  if (input.openid) {
    checked = 1
    if ((await reconcileOne(input.openid, ctx.now)) === 'fixed') fixed++
    return { checked, fixed, complete: true }
  }
  const deadline = Date.now() + 4000
  let cursor: string | undefined
  do {
    const page = await pageOver<BalanceDoc & Record<string, unknown>>(BALANCES, [{ communityId }], { field: '_id', dir: 'asc', type: 'string' }, { cursor, size: 50 })
    const results = await Promise.all(page.items.map((b) => reconcileOne(b._id, ctx.now)))
    checked += results.length
    fixed += results.filter((r) => r === 'fixed').length
    cursor = page.nextCursor
  } while (cursor && Date.now() < deadline)
  return { checked, fixed, complete: !cursor }
}
