// The ledger and the balances together (issue 11). A ledger entry is written by `applyEntry` only: in
// one transaction (single-document operations by id, as CloudBase allows) it reads the entry (present:
// already applied, nothing to do), the person's balance document and their ranking documents, asks the
// earning rules what the entry pays, and writes the entry, the balance and the rankings together. So an
// entry and its balance change cannot disagree: both are committed or neither is, and a retry (a lost
// reply, the outbox sweep, a repeated call) finds the entry and writes nothing. The ledger stays
// append-only: nothing here edits or removes an entry; corrections are new entries.
import { createHash } from 'node:crypto'
import type { LedgerEffect } from '../../shared/core/effects'
import { award, dayOf, isWork, monthOf, reportedUnit, WORK_SOURCES, yearOf, type Capped, type EarnState } from '../../shared/points/rules'
import { _, db } from './cloud'
import { getDoc } from './users'

export const BALANCES = 'balances'
export const LEDGER = 'ledger'
export const RANKINGS = 'rankings'

export interface BalanceDoc {
  _id: string
  openid: string
  communityId?: string
  points: number
  hours: number
  confirmedHours: number
  version: number
  earn?: EarnState
  /** Live redemptions per goods, for the per-person limit (taken with the points, returned with them). */
  holds?: Record<string, string[]>
  /** Left out of public rankings. */
  optOut?: boolean
  /** Present while the reconciliation pass should compare this balance with the ledger. */
  recheckAt?: Date
  updatedAt?: Date
  outbox?: unknown[]
}

export interface LedgerDoc {
  _id: string
  openid: string
  communityId: string
  sourceType: LedgerEffect['sourceType']
  sourceId: string
  points: number
  hours: number
  note: string
  at: Date
  official: true
  day: string
  /** What the source asked for, when the rules paid less. */
  requested?: { points: number; hours: number }
  capped?: Capped
  /** The cool-down's pair, as a hash of the resident's id (no one's id is kept in another's entries). */
  pair?: string
  /** The person's unit (双报到) when the work was paid: the unit ranking it counted in, for reconciliation. */
  unitId?: string
  flagged?: boolean
  reason?: string
  evidence?: string[]
  by?: string
}

/** An entry to apply: a ledger effect, with what the rules and the store need. */
export interface EntryInput extends Omit<LedgerEffect, 'kind'> {
  flagged?: boolean
  reason?: string
  evidence?: string[]
  by?: string
  /** A redemption taking one of the person's places for a goods (refused past `max`). */
  hold?: { key: string; id: string; max: number }
  /** A refund giving that place back. */
  release?: { key: string; id: string }
  /** Applies only if this entry exists (a refund of a debit that was made). */
  requires?: string
}

export type ApplyResult = 'applied' | 'exists' | 'insufficient' | 'limit' | 'missing'

/** Ranking documents an entry adds to: month and year, of the community and of the person's unit. */
export function rankKeys(e: { at: Date; communityId: string }, unitId?: string): Array<{ id: string; scope: string; period: string }> {
  const periods = [`m${monthOf(e.at)}`, `y${yearOf(e.at)}`]
  const scopes = [`c:${e.communityId}`, ...(unitId ? [`u:${unitId}`] : [])]
  return scopes.flatMap((scope) => periods.map((period) => ({ scope, period, id: `${period}:${scope}` })))
}

/** Sorts ranking documents by points, descending, as a string the pager can page on (ties by hours). */
export const rankSort = (points: number, hours: number) => `${String(1e9 - Math.max(0, Math.min(points, 1e9 - 1))).padStart(10, '0')}:${String(1e6 - Math.max(0, Math.min(Math.round(hours * 10), 1e6 - 1))).padStart(7, '0')}`

/** The member's unit (双报到 through a unit), for the unit ranking. */
async function unitOf(openid: string): Promise<string | undefined> {
  const u = await getDoc<{ grants?: Array<{ role: string; unitId?: string; communityId?: string }> }>('users', openid)
  return reportedUnit(u?.grants ?? []) ?? undefined
}

/** What applying an entry did, and the entry as it stands in the ledger (written now, or before). */
export interface Applied {
  result: ApplyResult
  entry?: Omit<LedgerDoc, '_id'>
}

export async function applyEntry(e: EntryInput): Promise<ApplyResult> {
  return (await applyLedgerEntry(e)).result
}

/**
 * `fresh`: the effect was written into its record's outbox by the very write that precedes this delivery,
 * so its entry is almost surely not there yet: the read that lets repeats end without a transaction is
 * skipped (the transaction itself refuses a second entry with the same id).
 */
export async function applyLedgerEntry(e: EntryInput, opts: { fresh?: boolean } = {}): Promise<Applied> {
  // Most repeats end here, without a transaction.
  if (!opts.fresh) {
    const found = await getDoc<LedgerDoc>(LEDGER, e.id)
    if (found) return { result: 'exists', entry: found }
  }
  const at = new Date(e.at)
  const work = isWork(e.sourceType)
  // The unit the source names (null: none), else the person's unit now.
  const unitId = !work ? undefined : e.unitId !== undefined ? (e.unitId ?? undefined) : await unitOf(e.openid)
  const pair = e.counterpart ? createHash('sha256').update(`pair\u0000${e.counterpart}`).digest('hex').slice(0, 16) : undefined
  // The SDK retries a conflicting transaction at once, three times; entries of one person delivered
  // together (several orders confirmed at the same moment) need a little more patience.
  for (let attempt = 0; ; attempt++) {
    try {
      return await transact(e, at, work, unitId, pair)
    } catch (err) {
      const code = (err as { code?: string })?.code
      // The entry is there (written by another delivery): nothing to do, and it is what it is.
      if (code === 'DATABASE_DUPLICATE_WRITE') return { result: 'exists', entry: (await getDoc<LedgerDoc>(LEDGER, e.id)) ?? undefined }
      if (code !== 'DATABASE_TRANSACTION_CONFLICT' || attempt >= 8) throw err
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)))
    }
  }
}

export interface Txn {
  collection: typeof db.collection
  commit(): Promise<unknown>
  rollback(): Promise<unknown>
}

/**
 * Inside a transaction the SDK answers a failed operation with its error instead of throwing: every
 * answer is checked, so a failure aborts the whole transaction and nothing half-written commits.
 */
export function txnOk<R>(res: R): R {
  if ((res as { code?: string } | null)?.code) throw Object.assign(new Error((res as { message?: string }).message ?? 'transaction step failed'), { code: (res as { code: string }).code })
  return res
}

/** One document by id inside a transaction, or null. */
export async function txnGet<T>(t: Txn, c: string, id: string): Promise<T | null> {
  const res = txnOk(await t.collection(c).doc(id).get()) as { data?: T[] | T }
  const d = res.data
  return (Array.isArray(d) ? d[0] : d) ?? null
}

/**
 * One transaction, ended on every path: committed, or rolled back (tried a few times). A transaction
 * left open after a failed step (a lost reply) would hold the person's documents for 30 s, and every
 * entry of theirs would conflict until then.
 */
export async function inTransaction<R>(body: (t: Txn) => Promise<R>): Promise<R> {
  const t = (await (db as unknown as { startTransaction(): Promise<Txn> }).startTransaction()) as Txn
  let out: R
  try {
    out = await body(t)
  } catch (err) {
    await end(t)
    throw err
  }
  try {
    const res = await t.commit()
    if ((res as { code?: string } | null)?.code) throw Object.assign(new Error((res as { message?: string }).message ?? 'commit failed'), { code: (res as { code: string }).code })
  } catch (err) {
    // Not known to be committed: end it (a rollback of a committed one is refused, harmlessly).
    await end(t)
    throw err
  }
  return out
}

async function end(t: Txn): Promise<void> {
  for (let i = 0; i < 4; i++) {
    try {
      await t.rollback()
      return
    } catch (err) {
      const code = (err as { code?: string })?.code
      if (code && code !== 'SYS_ERR' && !/ECONN|socket/i.test(String((err as Error)?.message))) return
    }
  }
}

function transact(e: EntryInput, at: Date, work: boolean, unitId: string | undefined, pair: string | undefined): Promise<Applied> {
  return inTransaction(async (t) => {
    const ok = txnOk
    const get = <T>(c: string, id: string) => txnGet<T>(t, c, id)
    // Every read at once (all by id): a transaction is as short as it can be. The entry itself is not
    // read: it is added, and an entry already there refuses the add (DATABASE_DUPLICATE_WRITE), which
    // ends the transaction with nothing written.
    const ranks = work ? rankKeys({ at, communityId: e.communityId }, unitId).map((k) => ({ ...k, doc: `${k.id}:${e.openid}` })) : []
    const [required, bal, ...rankDocs] = await Promise.all([
      e.requires ? get(LEDGER, e.requires) : Promise.resolve(true),
      get<BalanceDoc>(BALANCES, e.openid),
      ...ranks.map((k) => get<{ points: number; hours: number }>(RANKINGS, k.doc)),
    ])
    if (!required) return { result: 'missing' }
    const a = award({ sourceType: e.sourceType, limited: e.limited, points: e.points, hours: e.hours, counterpart: pair, at }, bal?.earn ?? {})
    const points = (bal?.points ?? 0) + a.points
    if (points < 0) return { result: 'insufficient' }
    const holds = { ...(bal?.holds ?? {}) }
    if (e.hold) {
      const list = holds[e.hold.key] ?? []
      if (!list.includes(e.hold.id)) {
        if (list.length >= e.hold.max) return { result: 'limit' }
        holds[e.hold.key] = [...list, e.hold.id]
      }
    }
    if (e.release) {
      const list = (holds[e.release.key] ?? []).filter((x) => x !== e.release!.id)
      if (list.length) holds[e.release.key] = list
      else delete holds[e.release.key]
    }
    const entry: Omit<LedgerDoc, '_id'> = {
      openid: e.openid,
      communityId: e.communityId,
      sourceType: e.sourceType,
      sourceId: e.sourceId,
      points: a.points,
      hours: a.hours,
      note: e.note,
      at,
      official: true,
      day: dayOf(at),
      ...(a.capped ? { capped: a.capped, requested: { points: e.points, hours: e.hours } } : {}),
      ...(pair ? { pair } : {}),
      ...(unitId ? { unitId } : {}),
      ...(e.flagged ? { flagged: true } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.evidence?.length ? { evidence: e.evidence } : {}),
      ...(e.by ? { by: e.by } : {}),
    }
    const next = {
      openid: e.openid,
      communityId: e.communityId,
      points,
      hours: (bal?.hours ?? 0) + a.hours,
      confirmedHours: (bal?.confirmedHours ?? 0) + (work ? a.hours : 0),
      version: (bal?.version ?? 0) + 1,
      earn: a.state,
      holds,
      recheckAt: at,
      updatedAt: at,
    }
    const writes: Array<Promise<unknown>> = [
      t.collection(LEDGER).add({ _id: e.id, ...entry }),
      bal ? t.collection(BALANCES).doc(e.openid).update({ ...next, earn: _.set(next.earn), holds: _.set(next.holds) }) : t.collection(BALANCES).doc(e.openid).set({ ...next, optOut: false, outbox: [] }),
    ]
    // Rankings count confirmed work only, corrections of it included (an organiser's lowered hours).
    if (a.points !== 0 || a.hours !== 0) {
      ranks.forEach((k, i) => {
        const cur = rankDocs[i] as { points: number; hours: number } | null
        const p = (cur?.points ?? 0) + a.points
        const h = (cur?.hours ?? 0) + a.hours
        writes.push(t.collection(RANKINGS).doc(k.doc).set({ scope: k.scope, period: k.period, openid: e.openid, points: p, hours: h, sort: rankSort(p, h), listed: !bal?.optOut, updatedAt: at }))
      })
    }
    for (const r of await Promise.all(writes)) ok(r)
    return { result: 'applied', entry }
  })
}

/** What the ledger says a person's balance is. */
export async function ledgerTotals(openid: string): Promise<{ points: number; hours: number; confirmedHours: number; entries: number }> {
  const $ = db.command.aggregate
  const res = await db.collection(LEDGER).aggregate().match({ openid }).group({ _id: '$sourceType', points: $.sum('$points'), hours: $.sum('$hours'), n: $.sum(1) }).end()
  const rows = ((res as { data?: Array<{ _id: string; points?: number; hours?: number; n?: number }> }).data ?? []) as Array<{ _id: string; points?: number; hours?: number; n?: number }>
  const out = { points: 0, hours: 0, confirmedHours: 0, entries: 0 }
  for (const r of rows) {
    out.points += r.points ?? 0
    out.hours += r.hours ?? 0
    out.entries += r.n ?? 0
    if (isWork(r._id)) out.confirmedHours += r.hours ?? 0
  }
  return out
}

export interface RankRowDoc {
  _id: string
  scope: string
  period: string
  openid: string
  points: number
  hours: number
  sort: string
  listed: boolean
  updatedAt?: Date
}

/**
 * What the ledger says a person's ranking rows are: their confirmed work (orders, wishes, activities),
 * summed per month and per year, in the community of each entry and in the unit the entry was paid under.
 * Keyed by `${period}:${scope}`, as the rows' ids are (without the person).
 */
export async function ledgerRankings(openid: string): Promise<Map<string, { scope: string; period: string; points: number; hours: number }>> {
  const $ = db.command.aggregate
  const res = await db
    .collection(LEDGER)
    .aggregate()
    .match({ openid, sourceType: _.in([...WORK_SOURCES]) })
    .group({ _id: { month: $.substrBytes(['$day', 0, 7]), c: '$communityId', u: '$unitId' }, points: $.sum('$points'), hours: $.sum('$hours') })
    .limit(10000)
    .end()
  const out = new Map<string, { scope: string; period: string; points: number; hours: number }>()
  for (const r of ((res as { data?: unknown[] }).data ?? []) as Array<{ _id: { month: string; c: string; u?: string | null }; points?: number; hours?: number }>) {
    const scopes = [`c:${r._id.c}`, ...(r._id.u ? [`u:${r._id.u}`] : [])]
    for (const scope of scopes) {
      for (const period of [`m${r._id.month}`, `y${r._id.month.slice(0, 4)}`]) {
        const key = `${period}:${scope}`
        const row = out.get(key) ?? { scope, period, points: 0, hours: 0 }
        row.points += r.points ?? 0
        row.hours += r.hours ?? 0
        out.set(key, row)
      }
    }
  }
  return out
}

/** The person's ranking rows as stored. */
export async function rankingRows(openid: string): Promise<RankRowDoc[]> {
  const res = await db.collection(RANKINGS).where({ openid }).limit(1000).get()
  return res.data as RankRowDoc[]
}

/**
 * The rows to write so the stored ones say what the ledger says (points, hours, their sort key, and
 * whether they are listed), and the ids of rows the ledger does not account for.
 */
export function rankingFixes(openid: string, expected: Awaited<ReturnType<typeof ledgerRankings>>, stored: readonly RankRowDoc[], listed: boolean): { set: RankRowDoc[]; remove: string[] } {
  const round = (x: number) => Math.round(x * 100) / 100
  const byId = new Map(stored.map((r) => [r._id, r]))
  const set: RankRowDoc[] = []
  const wanted = new Set<string>()
  for (const [key, e] of expected) {
    if (round(e.points) === 0 && round(e.hours) === 0) continue
    const id = `${key}:${openid}`
    wanted.add(id)
    const points = round(e.points)
    const hours = round(e.hours)
    const sort = rankSort(points, hours)
    const cur = byId.get(id)
    if (!cur || round(cur.points) !== points || round(cur.hours) !== hours || cur.sort !== sort || cur.listed !== listed) set.push({ _id: id, scope: e.scope, period: e.period, openid, points, hours, sort, listed })
  }
  // A row corrected down to nothing is as good as none.
  const remove = stored.filter((r) => !wanted.has(r._id) && (round(r.points) !== 0 || round(r.hours) !== 0)).map((r) => r._id)
  return { set, remove }
}

/**
 * 注销账号: the person's balance follows their ledger entries to the anonymous id (the account function
 * moved them), their ranking rows and issued records go, their redemptions stay for the store's
 * history without the identity.
 */
export async function erasePoints(openid: string, anon: string): Promise<void> {
  const b = await getDoc<BalanceDoc>(BALANCES, openid)
  if (b) {
    const sums = await ledgerTotals(anon)
    await db.collection(BALANCES).doc(anon).set({ openid: anon, communityId: b.communityId, points: sums.points, hours: sums.hours, confirmedHours: sums.confirmedHours, version: 1, optOut: true, outbox: [], updatedAt: b.updatedAt ?? new Date() })
    await db.collection(BALANCES).doc(openid).remove()
  }
  for (const c of [RANKINGS, 'service_records']) {
    for (let round = 0; round < 100; round++) {
      const res = await db.collection(c).where({ openid }).remove()
      if (!((res as { deleted?: number }).deleted ?? 0)) break
    }
  }
  await db.collection('redemptions').where({ openid }).update({ openid: anon, personName: _.remove() })
}
