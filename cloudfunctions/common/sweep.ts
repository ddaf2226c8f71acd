// One framework for every timer. A pass reads only records that need action now (an indexed query on a
// due field: `due <= now`, oldest first), acts on each, and moves a cursor past what it has seen, so a
// record it could not act on never stalls the records behind it. A run stops when its time budget (taken
// from the function's time limit) runs out; what is left still matches the query and the next run takes
// it. Acting moves a record's due field on (or removes it), so a record is acted on once per due time.
import type { Effect } from '../../shared/core/effects'
import { _, db } from './cloud'
import { deliver } from './outbox'

export interface SweepPass<T extends { _id: string }> {
  name: string
  collection: string
  /** The due field: present, and <= now, exactly when the record needs this pass. */
  due: string
  /** Acts on one record; 'skipped' when it turned out to need nothing (someone acted first). */
  act(record: T, now: Date): Promise<'acted' | 'skipped'>
  /** Extra equality conditions of the query (served by the same index). */
  where?: object
  /** How far back to look: records due before now - lag (e.g. outboxes a live call may still be delivering). */
  lagMs?: number
}

export interface PassReport {
  acted: number
  skipped: number
  failed: number
  /** False when the budget ran out before the pass had seen every due record. */
  complete: boolean
}

const BATCH = 100

const valueAt = (doc: Record<string, unknown>, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc)

/** Earliest due value of a record (an array path like `outbox.at` holds several). */
function dueOf(doc: Record<string, unknown>, path: string): number {
  const [head, ...rest] = path.split('.')
  const v = valueAt(doc, head)
  const vals = Array.isArray(v) ? v.map((x) => (rest.length ? valueAt(x as Record<string, unknown>, rest.join('.')) : x)) : [rest.length ? valueAt(doc, path) : v]
  return Math.min(...vals.filter((x) => x != null).map((x) => new Date(x as string).getTime()))
}

export async function runPass<T extends { _id: string }>(pass: SweepPass<T>, now: Date, deadline: number): Promise<PassReport> {
  const report: PassReport = { acted: 0, skipped: 0, failed: 0, complete: true }
  const upTo = new Date(now.getTime() - (pass.lagMs ?? 0))
  // Cursor: the due value reached, and how many records at exactly that value stay due (not acted on,
  // or failed). Records are read in index order (due, then _id), so those are the first ones there.
  let from: number | undefined
  let stuck = 0
  const visited = new Set<string>()
  for (;;) {
    if (Date.now() >= deadline) {
      report.complete = false
      return report
    }
    const range = from === undefined ? _.lte(upTo) : _.and(_.gte(new Date(from)), _.lte(upTo))
    const res = await db
      .collection(pass.collection)
      .where({ ...(pass.where ?? {}), [pass.due]: range })
      .orderBy(pass.due, 'asc')
      .skip(stuck)
      .limit(BATCH)
      .get()
    const batch = res.data as T[]
    if (!batch.length) return report
    for (const r of batch) {
      const at = dueOf(r as unknown as Record<string, unknown>, pass.due)
      if (from === undefined || at > from) {
        from = at
        stuck = 0
      }
      // Seen before in this run and still due at the same time: it stays, and is not acted on twice.
      if (visited.has(r._id)) {
        stuck++
        continue
      }
      visited.add(r._id)
      if (Date.now() >= deadline) {
        report.complete = false
        return report
      }
      try {
        report[await pass.act(r, now)]++
      } catch (err) {
        // It stays due; the next read finds it again, counts it as staying, and reads past it.
        report.failed++
        console.warn(`[sweep ${pass.name}] ${r._id}:`, (err as Error)?.message ?? err)
      }
    }
  }
}

/** Runs passes in turn within one budget; every pass gets its turn even when an earlier one is cut off. */
export async function sweep(passes: SweepPass<any>[], now: Date, budgetMs: number): Promise<Record<string, PassReport>> {
  const start = Date.now()
  const out: Record<string, PassReport> = {}
  for (let i = 0; i < passes.length; i++) {
    // Each pass may use what the passes before it left, but a share is kept for the ones after.
    const left = start + budgetMs - Date.now()
    const share = Math.max(left / (passes.length - i), left - 500 * (passes.length - i - 1))
    out[passes[i].name] = await runPass(passes[i], now, Date.now() + Math.max(0, share))
  }
  return out
}

/** Effects older than a minute that their call did not deliver (it failed, or lost its reply), for any record kind. */
export function outboxPass(collection: string, name = `outbox:${collection}`): SweepPass<{ _id: string; outbox: Effect[] }> {
  return {
    name,
    collection,
    due: 'outbox.at',
    lagMs: 60_000,
    act: async (r) => ((await deliver(collection, r, r.outbox)) ? 'acted' : 'skipped'),
  }
}

/**
 * A repair pass: every invariant checked on the records changed since its last run. It reads on an
 * `updatedAt` index from a watermark kept in `sweeps` (its name the document's id), so each run reads
 * only what changed; a broken record is rewritten from its own data where that can be done, and
 * reported either way.
 */
export interface RepairPass<T extends { _id: string; updatedAt: Date | string }> {
  /** The watermark's id in `sweeps`, and the name in the log. */
  name: string
  collection: string
  /** What is wrong with a record, in words; empty when it keeps every invariant. */
  problems(record: T): string[]
  /** Rewrites a broken record from its own data (conditioned on its version); false when that cannot fix it. */
  fix(record: T, problems: string[]): Promise<boolean>
}

export interface RepairReport {
  checked: number
  repaired: number
  /** Broken records the pass could not rewrite (logged for a person to look at). */
  broken: number
  complete: boolean
}

export async function runRepair<T extends { _id: string; updatedAt: Date | string }>(pass: RepairPass<T>, now: Date, deadline: number): Promise<RepairReport> {
  const report: RepairReport = { checked: 0, repaired: 0, broken: 0, complete: true }
  const mark = ((await db.collection('sweeps').doc(pass.name).get()).data as Array<{ after?: Date; skip?: number }>)[0] ?? {}
  let after = mark.after ? new Date(mark.after) : new Date(0)
  let skip = mark.skip ?? 0
  for (;;) {
    if (Date.now() >= deadline) {
      report.complete = false
      break
    }
    const res = await db.collection(pass.collection).where({ updatedAt: _.gte(after) }).orderBy('updatedAt', 'asc').skip(skip).limit(BATCH).get()
    const batch = res.data as T[]
    if (!batch.length) {
      // Everything changed until now was checked: the mark moves up to a minute ago (a call that began
      // earlier may still be writing with its own, earlier time).
      const upTo = new Date(now.getTime() - 60_000)
      if (upTo > after) {
        after = upTo
        skip = 0
      }
      break
    }
    for (const r of batch) {
      report.checked++
      const found = pass.problems(r)
      if (found.length) {
        try {
          if (await pass.fix(r, found)) {
            report.repaired++
            console.warn(`[${pass.name}] ${r._id}: ${found.join(', ')} rewritten from its own data`)
          } else {
            report.broken++
            console.warn(`[${pass.name}] ${r._id}: ${found.join(', ')} needs a person`)
          }
        } catch (err) {
          report.broken++
          console.warn(`[${pass.name}] ${r._id}:`, (err as Error)?.message ?? err)
        }
      }
      const at = new Date(r.updatedAt)
      if (at.getTime() === after.getTime()) skip++
      else {
        after = at
        skip = 1
      }
    }
  }
  await db.collection('sweeps').doc(pass.name).set({ after, skip, at: now })
  return report
}
