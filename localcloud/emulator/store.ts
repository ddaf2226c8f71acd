// The database: collections of immutable documents in memory, their indexes, query execution, and
// atomic batches of changes made durable through the journal.
import 'mingo/init/system' // registers every query, projection, pipeline and expression operator
import { Aggregator, ProcessingMode, Query } from 'mingo'
import type { CollectionsConfig, IndexSpec } from './config'
import { decodeStored, encodeStored } from './codec'
import { EmuError } from './errors'
import { Index, plan, scanIndex, type Plan } from './indexes'
import type { Journal } from './journal'
import { MONGO } from './operators'
import { clone, compareBySort, compareValues, type Doc, type Id, type SortSpec } from './values'

export class Collection {
  readonly docs = new Map<Id, Doc>()
  readonly indexes: Index[] = []
  constructor(
    readonly name: string,
    specs: IndexSpec[] = [],
  ) {
    for (const s of specs) this.indexes.push(new Index(s))
  }
}

/** One document's new state in a batch: `after` null deletes it. */
export interface Change {
  c: string
  id: Id
  after: Doc | null
}

/** Journal operations besides document changes (storage metadata, open-API call log). */
export type SideOp = { o: 'c'; c: string } | { o: 'f'; p: string; ct: string; sz: number } | { o: 'u'; p: string } | { o: 'w'; e: unknown }

export interface FindOptions {
  sort?: SortSpec
  skip?: number
  limit?: number
  projection?: Record<string, unknown>
}

export interface Stats {
  queries: number
  docsExamined: number
  /** Uses per index, keyed `collection.indexName`. */
  indexUsed: Record<string, number>
  idLookups: number
  collectionScans: number
  /** The plan of the most recent query, for debugging and tests. */
  lastPlan: { collection: string; plan: 'ids' | 'index' | 'scan'; index?: string; ordered?: boolean; examined: number; returned: number } | null
}

export function emptyStats(): Stats {
  return { queries: 0, docsExamined: 0, indexUsed: {}, idLookups: 0, collectionScans: 0, lastPlan: null }
}

export interface SnapshotHooks {
  /** Side state (files, open-API calls) as journal side-ops, for snapshots. */
  sideState(): SideOp[]
  applySide(op: SideOp): void
}

export class Store {
  readonly collections = new Map<string, Collection>()
  private readonly specs: Record<string, IndexSpec[]>
  /** Bumped on every committed batch; a transaction's snapshot is the state at one value of it. */
  seq = 0
  /**
   * Older versions of documents, kept only while an open transaction could read them: per document
   * key, in commit order, the seq of each change and the version it replaced. Documents are immutable,
   * so a version is a reference, never a copy.
   */
  private readonly history = new Map<string, Array<{ seq: number; before: Doc | undefined }>>()
  /** Every history entry in commit order, so entries no open transaction can need are dropped cheaply. */
  private historyQueue: Array<{ key: string; seq: number }> = []
  private historyHead = 0
  activeTransactions = 0
  stats: Stats = emptyStats()
  journal!: Journal
  hooks: SnapshotHooks = { sideState: () => [], applySide: () => undefined }

  constructor(config: CollectionsConfig | undefined) {
    this.specs = {}
    for (const [name, spec] of Object.entries(config?.collections ?? {})) {
      this.specs[name] = spec.indexes ?? []
      this.collections.set(name, new Collection(name))
    }
  }

  // ---- loading

  /** Applies a snapshot or journal record during start-up (indexes are built afterwards, in bulk). */
  replay(rec: any): void {
    if (rec.coll) {
      const c = this.ensureCollection(rec.coll)
      for (const d of rec.docs as unknown[]) {
        const doc = decodeStored(d) as Doc
        c.docs.set(doc._id, doc)
      }
      return
    }
    for (const op of (rec.ops ?? []) as any[]) {
      if (op.o === 'p') {
        const doc = decodeStored(op.d) as Doc
        this.ensureCollection(op.c).docs.set(doc._id, doc)
      } else if (op.o === 'd') this.ensureCollection(op.c).docs.delete(op.id)
      else if (op.o === 'c') this.ensureCollection(op.c)
      else this.hooks.applySide(op as SideOp)
    }
  }

  /** Builds every index from the loaded documents; a unique index with duplicates stops the start. */
  buildIndexes(): void {
    for (const c of this.collections.values()) {
      c.indexes.length = 0
      for (const spec of this.specs[c.name] ?? []) {
        const ix = new Index(spec)
        for (const doc of c.docs.values()) {
          if (spec.unique) {
            const other = ix.conflict(doc)
            if (other !== undefined) {
              throw new Error(`unique index ${c.name}.${spec.name} cannot be built: documents ${JSON.stringify(other)} and ${JSON.stringify(doc._id)} share a key`)
            }
          }
          ix.add(doc)
        }
        c.indexes.push(ix)
      }
    }
  }

  /** Everything as snapshot records (called synchronously at the journal's rotation point). */
  *snapshotRecords(): Generator<unknown> {
    const colls = [...this.collections.values()].map((c) => ({ name: c.name, docs: [...c.docs.values()] }))
    const side = this.hooks.sideState()
    for (const { name, docs } of colls) {
      if (docs.length === 0) yield { ops: [{ o: 'c', c: name }] }
      for (let i = 0; i < docs.length; i += 500) yield { coll: name, docs: docs.slice(i, i + 500).map(encodeStored) }
    }
    for (let i = 0; i < side.length; i += 500) yield { ops: side.slice(i, i + 500) }
  }

  private ensureCollection(name: string): Collection {
    let c = this.collections.get(name)
    if (!c) {
      c = new Collection(name)
      this.collections.set(name, c)
    }
    return c
  }

  // ---- collections

  collection(name: unknown): Collection {
    if (typeof name !== 'string' || !name) throw new EmuError('INVALID_PARAM', 'collectionName is required')
    const c = this.collections.get(name)
    if (!c) throw new EmuError('DATABASE_COLLECTION_NOT_EXIST', `collection ${name} does not exist (declare it in collections.json or create it)`)
    return c
  }

  /** Creates a collection durably; returns the journal seq to wait for. */
  createCollection(name: unknown): number {
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new EmuError('INVALID_PARAM', `bad collection name ${JSON.stringify(name)}`)
    if (this.collections.has(name)) throw new EmuError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`)
    const c = new Collection(name)
    for (const spec of this.specs[name] ?? []) c.indexes.push(new Index(spec))
    this.collections.set(name, c)
    return this.journal.append({ ops: [{ o: 'c', c: name }] })
  }

  // ---- reads

  get(coll: string, id: Id): Doc | undefined {
    return this.collection(coll).docs.get(id)
  }

  private writeKey(coll: string, id: Id): string {
    return `${coll}\u0000${typeof id}\u0000${id}`
  }

  /** The seq of the last change to a document, or 0 if none since the oldest open transaction began. */
  lastWriteSeq(coll: string, id: Id): number {
    const h = this.history.get(this.writeKey(coll, id))
    return h ? h[h.length - 1].seq : 0
  }

  /** How many older document versions are kept for open transactions (none when none is open). */
  get versionsKept(): number {
    return this.historyQueue.length - this.historyHead
  }

  /** The document as it was when `seq` was the last commit (for a transaction that began then). */
  getAt(coll: string, id: Id, seq: number): Doc | undefined {
    const cur = this.collection(coll).docs.get(id)
    const h = this.history.get(this.writeKey(coll, id))
    if (!h || h[h.length - 1].seq <= seq) return cur
    // The first change after `seq` replaced the version the snapshot sees.
    for (const v of h) if (v.seq > seq) return v.before
    return cur
  }

  /**
   * Drops the versions no open transaction can read: those replaced at or before `oldestStart`, the
   * snapshot seq of the oldest open transaction (everything when none is open).
   */
  pruneHistory(oldestStart: number): void {
    if (this.activeTransactions === 0) {
      this.history.clear()
      this.historyQueue = []
      this.historyHead = 0
      return
    }
    const q = this.historyQueue
    while (this.historyHead < q.length && q[this.historyHead].seq <= oldestStart) {
      const { key, seq } = q[this.historyHead++]
      const h = this.history.get(key)
      if (h && h[0].seq === seq) {
        h.shift()
        if (h.length === 0) this.history.delete(key)
      }
    }
    if (this.historyHead > 1024 && this.historyHead * 2 > q.length) {
      this.historyQueue = q.slice(this.historyHead)
      this.historyHead = 0
    }
  }

  /** Runs a query: index-narrowed candidates, mingo's full evaluation, sort, skip, limit, projection. */
  find(collName: string, filter: Record<string, unknown>, opts: FindOptions = {}): Doc[] {
    const c = this.collection(collName)
    const q = compileQuery(filter)
    const p = plan(filter, c.indexes, opts.sort)
    const skip = opts.skip ?? 0
    const limit = opts.limit ?? Infinity
    const canStopEarly = (p.kind === 'index' && p.ordered) || !opts.sort?.length
    let out: Doc[] = []
    let examined = 0
    for (const doc of this.candidates(c, p)) {
      examined++
      if (!q.test(doc)) continue
      out.push(doc)
      if (canStopEarly && out.length >= skip + limit) break
    }
    if (opts.sort?.length && !(p.kind === 'index' && p.ordered)) out.sort(compareBySort(opts.sort))
    out = out.slice(skip, skip + limit)
    this.record(collName, p, examined, out.length)
    if (opts.projection && Object.keys(opts.projection).length) out = project(out, opts.projection)
    return out
  }

  projectDocs(docs: Doc[], projection: Record<string, unknown>): Doc[] {
    return project(docs, projection)
  }

  count(collName: string, filter: Record<string, unknown>): number {
    const c = this.collection(collName)
    if (Object.keys(filter).length === 0) {
      this.record(collName, { kind: 'scan' }, 0, c.docs.size)
      return c.docs.size
    }
    const q = compileQuery(filter)
    const p = plan(filter, c.indexes, undefined)
    let n = 0
    let examined = 0
    for (const doc of this.candidates(c, p)) {
      examined++
      if (q.test(doc)) n++
    }
    this.record(collName, p, examined, n)
    return n
  }

  aggregate(collName: string, pipeline: Record<string, unknown>[]): unknown[] {
    this.collection(collName)
    let input: Doc[]
    let rest = pipeline
    const first = pipeline[0]
    if (first && '$match' in first && Object.keys(first).length === 1) {
      input = this.find(collName, first.$match as Record<string, unknown>)
      rest = pipeline.slice(1)
    } else input = [...this.collection(collName).docs.values()]
    const agg = new Aggregator(rest, {
      ...MONGO,
      processingMode: ProcessingMode.CLONE_INPUT, // stages may not touch the stored documents
      collectionResolver: (name: string) => [...(this.collections.get(name)?.docs.values() ?? [])],
    })
    return agg.run(input)
  }

  private *candidates(c: Collection, p: Plan): Generator<Doc> {
    if (p.kind === 'ids') {
      for (const id of p.ids) {
        const d = c.docs.get(id)
        if (d) yield d
      }
    } else if (p.kind === 'index') {
      for (const id of scanIndex(p)) {
        const d = c.docs.get(id)
        if (d) yield d
      }
    } else yield* c.docs.values()
  }

  private record(coll: string, p: Plan, examined: number, returned: number) {
    const s = this.stats
    s.queries++
    s.docsExamined += examined
    if (p.kind === 'ids') s.idLookups++
    else if (p.kind === 'scan') s.collectionScans++
    else {
      const k = `${coll}.${p.index.name}`
      s.indexUsed[k] = (s.indexUsed[k] ?? 0) + 1
    }
    s.lastPlan = {
      collection: coll,
      plan: p.kind,
      index: p.kind === 'index' ? p.index.name : undefined,
      ordered: p.kind === 'index' ? p.ordered : undefined,
      examined,
      returned,
    }
  }

  // ---- writes

  /**
   * Applies a batch atomically: unique indexes are checked for the whole batch first (nothing changes
   * if any document collides), the journal record is built and queued, and only then do documents
   * change, so a failure at any step leaves memory and journal as they were. A change that deletes a
   * document that does not exist is nothing to do. Returns the journal seq to wait for before
   * acknowledging.
   */
  commit(changes: Change[], side: SideOp[] = []): number {
    const applied: Array<{ c: Collection; id: Id; before: Doc | undefined; after: Doc | null }> = []
    for (const ch of changes) {
      const c = this.collection(ch.c)
      const before = c.docs.get(ch.id)
      if (!before && !ch.after) continue
      if (ch.after && ch.after._id !== ch.id) throw new Error(`change of ${ch.c}/${String(ch.id)} carries _id ${String(ch.after._id)}`)
      applied.push({ c, id: ch.id, before, after: ch.after })
    }
    if (applied.length === 0 && side.length === 0) return this.journal.lastSeq
    // Take every old version out of the indexes first, so a batch may move a unique key between documents.
    for (const a of applied) if (a.before) for (const ix of a.c.indexes) ix.remove(a.before)
    const added: Array<{ c: Collection; doc: Doc; upTo: number }> = []
    let seq: number
    try {
      for (const a of applied) {
        if (!a.after) continue
        for (let i = 0; i < a.c.indexes.length; i++) {
          const ix = a.c.indexes[i]
          if (ix.spec.unique) {
            const other = ix.conflict(a.after)
            if (other !== undefined) {
              added.push({ c: a.c, doc: a.after, upTo: i })
              throw new EmuError('DATABASE_DUPLICATE_WRITE', `duplicate key for unique index ${a.c.name}.${ix.name} (conflicts with ${JSON.stringify(other)})`)
            }
          }
          ix.add(a.after)
        }
        added.push({ c: a.c, doc: a.after, upTo: a.c.indexes.length })
      }
      const ops: unknown[] = applied.map((a) => (a.after ? { o: 'p', c: a.c.name, d: encodeStored(a.after) } : { o: 'd', c: a.c.name, id: a.id }))
      ops.push(...side)
      seq = this.journal.append({ ops })
    } catch (err) {
      for (const x of added) for (let i = 0; i < x.upTo; i++) x.c.indexes[i].remove(x.doc)
      for (const a of applied) if (a.before) for (const ix of a.c.indexes) ix.add(a.before)
      throw err
    }
    // Nothing below can fail: the batch is in the journal's queue and now becomes visible at once.
    this.seq++
    for (const a of applied) {
      if (a.after) a.c.docs.set(a.id, a.after)
      else a.c.docs.delete(a.id)
      if (this.activeTransactions > 0) {
        const key = this.writeKey(a.c.name, a.id)
        let h = this.history.get(key)
        if (!h) this.history.set(key, (h = []))
        h.push({ seq: this.seq, before: a.before })
        this.historyQueue.push({ key, seq: this.seq })
      }
    }
    return seq
  }
}

export function compileQuery(filter: Record<string, unknown>): Query {
  try {
    return new Query(filter, MONGO)
  } catch (err) {
    throw new EmuError('INVALID_PARAM', `bad query: ${(err as Error).message}`)
  }
}

function project(docs: Doc[], projection: Record<string, unknown>): Doc[] {
  try {
    return new Query({}, MONGO).find(docs, projection).all() as Doc[]
  } catch (err) {
    throw new EmuError('INVALID_PARAM', `bad projection: ${(err as Error).message}`)
  }
}

/** A plain JS copy of a stored document for in-process callers (they may mutate it freely). */
export function copyOut<T>(doc: T): T {
  return clone(doc)
}

export { compareValues }
