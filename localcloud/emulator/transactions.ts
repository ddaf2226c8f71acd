// Transactions: snapshot isolation with first-committer-wins, as CloudBase (MongoDB) gives them.
//
// A transaction buffers its writes and reads the committed state as of its start. Documents are not
// versioned, so a read of a document that someone else changed after the start cannot be served from
// the snapshot: it fails at once with DATABASE_TRANSACTION_CONFLICT, which is what its commit would
// have done anyway. At commit every document the transaction read or wrote is checked again; if any
// changed after the start (by another transaction or a plain write) the commit fails with the same
// code, and the SDK's runTransaction runs the callback again. A commit is one journal record, so it is
// all there after a crash or not at all. Open transactions are aborted after `timeoutMs` (30 s, the
// cloud's limit).
import { randomBytes } from 'node:crypto'
import { EmuError } from './errors'
import type { Change, Store } from './store'
import type { Doc, Id } from './values'

interface Txn {
  id: string
  startSeq: number
  startedAt: number
  /** Documents read or written, by key. */
  touched: Map<string, { c: string; id: Id }>
  /** Buffered new states, by key; null deletes. */
  writes: Map<string, Change>
}

export class Transactions {
  private readonly open = new Map<string, Txn>()
  private readonly ended = new Map<string, string>()
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly store: Store,
    private readonly timeoutMs: number,
  ) {
    this.timer = setInterval(() => this.sweep(), Math.min(1000, Math.max(50, timeoutMs / 4)))
    this.timer.unref()
  }

  get size(): number {
    return this.open.size
  }

  start(): string {
    const id = `txn_${randomBytes(16).toString('hex')}`
    this.open.set(id, { id, startSeq: this.store.seq, startedAt: Date.now(), touched: new Map(), writes: new Map() })
    this.store.activeTransactions++
    return id
  }

  get(id: unknown): Txn {
    const t = typeof id === 'string' ? this.open.get(id) : undefined
    if (t) {
      if (Date.now() - t.startedAt > this.timeoutMs) {
        this.end(t, 'expired after 30 s without commit')
        throw new EmuError('DATABASE_TRANSACTION_FAIL', `transaction ${t.id} expired after ${this.timeoutMs} ms without commit`)
      }
      return t
    }
    const why = typeof id === 'string' ? this.ended.get(id) : undefined
    throw new EmuError('DATABASE_TRANSACTION_FAIL', why ? `transaction ${String(id)} ${why}` : `unknown transaction ${String(id)}`)
  }

  private key(c: string, id: Id): string {
    return `${c}\u0000${typeof id}\u0000${id}`
  }

  /** The document as this transaction sees it (its own writes, else the committed state as of its start). */
  read(t: Txn, c: string, id: Id): Doc | undefined {
    this.store.collection(c)
    const k = this.key(c, id)
    const w = t.writes.get(k)
    if (w) return w.after ?? undefined
    if (this.store.lastWriteSeq(c, id) > t.startSeq) {
      this.end(t, 'was aborted by a write conflict')
      throw new EmuError('DATABASE_TRANSACTION_CONFLICT', `document ${c}/${String(id)} changed after transaction ${t.id} began`)
    }
    t.touched.set(k, { c, id })
    return this.store.get(c, id)
  }

  write(t: Txn, c: string, id: Id, after: Doc | null): void {
    const k = this.key(c, id)
    t.touched.set(k, { c, id })
    t.writes.set(k, { c, id, after })
  }

  /** Validates and applies the buffered writes as one batch; returns the journal seq to wait for. */
  commit(t: Txn): number {
    for (const { c, id } of t.touched.values()) {
      if (this.store.lastWriteSeq(c, id) > t.startSeq) {
        this.end(t, 'was aborted by a write conflict')
        throw new EmuError('DATABASE_TRANSACTION_CONFLICT', `document ${c}/${String(id)} changed after transaction ${t.id} began`)
      }
    }
    try {
      const seq = this.store.commit([...t.writes.values()])
      this.end(t, 'is already committed')
      return seq
    } catch (err) {
      this.end(t, 'failed to commit')
      throw err
    }
  }

  abort(t: Txn, why = 'was rolled back'): void {
    this.end(t, why)
  }

  private end(t: Txn, why: string): void {
    if (!this.open.delete(t.id)) return
    this.store.activeTransactions--
    this.store.forgetWritesIfIdle()
    this.ended.set(t.id, why)
    if (this.ended.size > 10_000) this.ended.delete(this.ended.keys().next().value as string)
  }

  sweep(): void {
    const now = Date.now()
    for (const t of [...this.open.values()]) {
      if (now - t.startedAt > this.timeoutMs) this.end(t, `expired after ${this.timeoutMs} ms without commit`)
    }
  }

  close(): void {
    clearInterval(this.timer)
    for (const t of [...this.open.values()]) this.end(t, 'was aborted: the emulator closed')
  }
}
