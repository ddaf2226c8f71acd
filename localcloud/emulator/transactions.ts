// Transactions: snapshot isolation with write conflicts detected at the write, as CloudBase (MongoDB)
// gives them.
//
// A transaction reads the committed state as of its start (the store keeps the older version of every
// document changed while a transaction is open), plus its own buffered writes. Reads never conflict.
// A write conflicts, at once, with DATABASE_TRANSACTION_CONFLICT when another open transaction has
// already written the same document, or when the document changed after this transaction began (by a
// commit or a plain write); the transaction is then aborted, and the SDK's runTransaction runs the
// callback again. A plain write is never blocked by an open transaction (MongoDB would make it wait
// for the transaction to end): it goes through, and a transaction that had written the same document
// fails at its commit. A commit is one journal record, so it is all there after a crash or not at all.
// A transaction that ended (committed, rolled back, aborted by a conflict, expired) no longer exists:
// anything sent through it is refused. Open transactions are aborted after `timeoutMs` (30 s, the
// cloud's limit).
import { randomBytes } from 'node:crypto'
import { EmuError } from './errors'
import type { Change, Store } from './store'
import type { Doc, Id } from './values'

interface Txn {
  id: string
  startSeq: number
  startedAt: number
  /** Buffered new states, by key; null deletes. */
  writes: Map<string, Change>
  /** Documents this transaction holds for writing (other transactions' writes to them conflict). */
  locked: Set<string>
}

export class Transactions {
  private readonly open = new Map<string, Txn>()
  private readonly ended = new Map<string, string>()
  /** Document key → the open transaction that wrote it first. */
  private readonly locks = new Map<string, Txn>()
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
    this.open.set(id, { id, startSeq: this.store.seq, startedAt: Date.now(), writes: new Map(), locked: new Set() })
    this.store.activeTransactions++
    return id
  }

  get(id: unknown): Txn {
    const t = typeof id === 'string' ? this.open.get(id) : undefined
    if (t) {
      if (Date.now() - t.startedAt > this.timeoutMs) {
        this.end(t, `expired after ${this.timeoutMs} ms without commit`)
        throw new EmuError('DATABASE_TRANSACTION_FAIL', `transaction ${t.id} does not exist (it expired after ${this.timeoutMs} ms without commit)`)
      }
      return t
    }
    const why = typeof id === 'string' ? this.ended.get(id) : undefined
    throw new EmuError('DATABASE_TRANSACTION_FAIL', `transaction ${String(id)} does not exist${why ? ` (it ${why})` : ''}`)
  }

  private key(c: string, id: Id): string {
    return `${c}\u0000${typeof id}\u0000${id}`
  }

  /** The document as this transaction sees it: its own writes, else the committed state as of its start. */
  read(t: Txn, c: string, id: Id): Doc | undefined {
    this.store.collection(c)
    const w = t.writes.get(this.key(c, id))
    if (w) return w.after ?? undefined
    return this.store.getAt(c, id, t.startSeq)
  }

  /**
   * Takes a document for writing: refused with DATABASE_TRANSACTION_CONFLICT (and the transaction
   * aborted) if another open transaction wrote it, or if it changed after this transaction began.
   */
  claim(t: Txn, c: string, id: Id): void {
    const k = this.key(c, id)
    if (t.locked.has(k)) return
    const holder = this.locks.get(k)
    if (holder && holder !== t) this.conflict(t, `document ${c}/${String(id)} is being written by another open transaction`)
    if (this.store.lastWriteSeq(c, id) > t.startSeq) this.conflict(t, `document ${c}/${String(id)} changed after transaction ${t.id} began`)
    this.locks.set(k, t)
    t.locked.add(k)
  }

  /** Buffers a new state of a document (null deletes); claim() it first. */
  write(t: Txn, c: string, id: Id, after: Doc | null): void {
    const k = this.key(c, id)
    this.claim(t, c, id)
    if (after === null && this.store.getAt(c, id, t.startSeq) === undefined) {
      // Removing what this transaction itself added: nothing is left to commit for this document.
      t.writes.delete(k)
      return
    }
    t.writes.set(k, { c, id, after })
  }

  /** Validates and applies the buffered writes as one batch; returns the journal seq to wait for. */
  commit(t: Txn): number {
    // Only a plain write can have changed a document this transaction holds since it was claimed.
    for (const { c, id } of t.writes.values()) {
      if (this.store.lastWriteSeq(c, id) > t.startSeq) this.conflict(t, `document ${c}/${String(id)} changed after transaction ${t.id} began`)
    }
    try {
      const seq = this.store.commit([...t.writes.values()])
      this.end(t, 'was committed')
      return seq
    } catch (err) {
      this.end(t, 'failed to commit')
      throw err
    }
  }

  abort(t: Txn, why = 'was rolled back'): void {
    this.end(t, why)
  }

  private conflict(t: Txn, message: string): never {
    this.end(t, 'was aborted by a write conflict')
    throw new EmuError('DATABASE_TRANSACTION_CONFLICT', message)
  }

  private end(t: Txn, why: string): void {
    if (!this.open.delete(t.id)) return
    for (const k of t.locked) if (this.locks.get(k) === t) this.locks.delete(k)
    this.store.activeTransactions--
    let oldest = Infinity
    for (const o of this.open.values()) if (o.startSeq < oldest) oldest = o.startSeq
    this.store.pruneHistory(oldest)
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
