// Persist for every record kind: load → decide → persist, with the move and its effects in one
// conditional write (the record's version), retried on a concurrent change, and creates that a retry
// with the same request key answers with the first result.
import { createHash } from 'node:crypto'
import type { Effect } from '../../shared/core/effects'
import type { Reason } from '../../shared/errors'
import { _, db } from './cloud'
import { fail, isDuplicate } from './errors'
import { deliver } from './outbox'
import { getDoc } from './users'

export interface Rec {
  _id: string
  version: number
  outbox: Effect[]
}

/** What a decision asks to write: the whole next record and the effects of the move. */
export type Outcome<T> = { next: T; effects: Effect[] } | { unchanged: true }

export const unchanged = { unchanged: true } as const

/** The record's id for a create with a client request key: the same key from the same person, the same record. */
export function idFor(prefix: string, openid: string, requestKey: string): string {
  return `${prefix}${createHash('sha256').update(`${openid}\u0000${requestKey}`).digest('hex').slice(0, 24)}`
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The update that turns `cur` into `next`: changed fields replaced whole, the timeline appended to. */
function diff<T extends Rec>(cur: T, next: T): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  const keys = new Set([...Object.keys(cur), ...Object.keys(next)])
  for (const k of keys) {
    if (k === '_id' || k === 'version' || k === 'outbox') continue
    const a = (cur as Record<string, unknown>)[k]
    const b = (next as Record<string, unknown>)[k]
    if (b === undefined) {
      if (a !== undefined) patch[k] = _.remove()
      continue
    }
    if (same(a, b)) continue
    if (k === 'timeline' && Array.isArray(a) && Array.isArray(b) && b.length > a.length && same(a, b.slice(0, a.length))) patch[k] = _.push(b.slice(a.length))
    else patch[k] = _.set(b)
  }
  return patch
}

/**
 * Writes one move: only if nobody changed the record since it was read (its version), the change and
 * the move's effects (into the outbox) in one write; then delivers the effects. Null when the record
 * changed meanwhile (the caller reloads and decides again).
 */
export async function persist<T extends Rec>(collection: string, cur: T, next: T, effects: Effect[]): Promise<T | null> {
  const patch = diff(cur, next)
  if (effects.length) patch.outbox = _.push(effects)
  patch.version = _.inc(1)
  const res = (await db.collection(collection).where({ _id: cur._id, version: cur.version }).updateAndReturn(patch)) as { updated?: number; doc?: T; code?: string; message?: string }
  if (res.code) throw Object.assign(new Error(res.message ?? res.code), { code: res.code })
  if (!res.doc || res.updated !== 1) return null
  await deliver(collection, res.doc, effects, { fresh: true })
  return res.doc
}

/**
 * load → decide → persist, again from a fresh read when someone else's write came between (a few times,
 * then the caller is told to try again). The decision may refuse (a Failure) or find nothing to do.
 */
export async function move<T extends Rec>(
  collection: string,
  first: T,
  decideOn: (cur: T) => Outcome<T>,
  opts: { busy: Reason; tries?: number },
): Promise<T> {
  let cur: T | null = first
  for (let i = 0; i < (opts.tries ?? 5); i++) {
    if (!cur) cur = await getDoc<T>(collection, first._id)
    if (!cur) fail(opts.busy)
    const out = decideOn(cur)
    if ('unchanged' in out) {
      // Already done (a retry after a lost reply): deliver what that move left undelivered.
      if (cur.outbox?.length) await deliver(collection, cur, cur.outbox)
      return cur
    }
    const saved = await persist(collection, cur, out.next, out.effects)
    if (saved) return saved
    cur = null
  }
  fail(opts.busy)
}

/**
 * A create: the record with its effects in the outbox, in one insert, then delivered. The same id again
 * (a retried create) answers with the stored record, whose effects are delivered if they were not.
 */
export async function create<T extends Rec>(collection: string, doc: T): Promise<{ doc: T; created: boolean }> {
  try {
    await db.collection(collection).add(doc)
  } catch (err) {
    if (!isDuplicate(err)) throw err
    const stored = await getDoc<T>(collection, doc._id)
    if (!stored) throw err
    if (stored.outbox?.length) await deliver(collection, stored, stored.outbox)
    return { doc: stored, created: false }
  }
  await deliver(collection, doc, doc.outbox)
  return { doc, created: true }
}
