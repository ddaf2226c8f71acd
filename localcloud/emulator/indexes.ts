// Secondary indexes: a B+tree per declared index, keyed by the composite value [k1, ..., kn, _id] in
// MongoDB's cross-type order, and a planner that turns the equality / $in / range conditions of a
// query on a key prefix into key-range scans. The planner only narrows the candidates; the full query
// is still evaluated by mingo on each one, so a plan can never change a result, only its cost.
import BTree from 'sorted-btree'
import type { IndexSpec } from './config'
import { Bound, compareValues, isPlainObject, MAX, MIN, pathValues, typeRank, type Doc, type Id, type SortSpec } from './values'

type Key = unknown[]

export class Index {
  readonly tree: BTree<Key, Id>
  readonly fields: string[]
  readonly dirs: Array<1 | -1>

  constructor(readonly spec: IndexSpec) {
    this.fields = spec.keys.map((k) => k[0])
    this.dirs = spec.keys.map((k) => k[1])
    const n = this.fields.length
    const dirs = this.dirs
    this.tree = new BTree<Key, Id>(undefined, (a, b) => {
      for (let i = 0; i < n; i++) {
        const c = compareValues(a[i], b[i])
        if (c !== 0) return dirs[i] === 1 ? c : -c
      }
      return compareValues(a[n], b[n])
    })
  }

  get name(): string {
    return this.spec.name
  }

  /** Every key of a document (several when an indexed field holds an array). */
  keys(doc: Doc): Key[] {
    let combos: Key[] = [[]]
    for (const f of this.fields) {
      const vals = dedupe(pathValues(doc, f))
      if (vals.length === 1) {
        for (const c of combos) c.push(vals[0])
      } else {
        const next: Key[] = []
        for (const c of combos) for (const v of vals) next.push([...c, v])
        combos = next
      }
    }
    for (const c of combos) c.push(doc._id)
    return combos
  }

  add(doc: Doc): void {
    for (const k of this.keys(doc)) this.tree.set(k, doc._id)
  }

  remove(doc: Doc): void {
    for (const k of this.keys(doc)) this.tree.delete(k)
  }

  /** The _id of another document with the same key, if any (for unique indexes). */
  conflict(doc: Doc): Id | undefined {
    const n = this.fields.length
    for (const k of this.keys(doc)) {
      const lo = [...k.slice(0, n), MIN]
      for (const [key, id] of this.tree.entries(lo)) {
        let same = true
        for (let i = 0; i < n; i++) {
          if (compareValues(key[i], k[i]) !== 0) {
            same = false
            break
          }
        }
        if (!same) break
        if (compareValues(id, doc._id) !== 0) return id
      }
    }
    return undefined
  }
}

function dedupe(vals: unknown[]): unknown[] {
  if (vals.length < 2) return vals
  const out: unknown[] = []
  for (const v of vals) if (!out.some((x) => compareValues(x, v) === 0)) out.push(v)
  return out
}

// ---- query analysis

interface FieldCond {
  eq?: unknown[]
  lo?: unknown
  hi?: unknown
}

function indexableScalar(v: unknown): boolean {
  if (v instanceof RegExp) return false
  if (Array.isArray(v)) return false
  if (isPlainObject(v)) return Object.keys(v).every((k) => !k.startsWith('$'))
  return true
}

function mergeCond(into: Map<string, FieldCond>, field: string, c: FieldCond) {
  const cur = into.get(field)
  if (!cur) {
    into.set(field, c)
    return
  }
  if (c.eq && (!cur.eq || c.eq.length < cur.eq.length)) cur.eq = c.eq
  if (c.lo !== undefined && (cur.lo === undefined || compareValues(c.lo, cur.lo) > 0)) cur.lo = c.lo
  if (c.hi !== undefined && (cur.hi === undefined || compareValues(c.hi, cur.hi) < 0)) cur.hi = c.hi
}

/** The conditions of a filter that every match must satisfy and that an index can serve. */
export function analyze(filter: Record<string, unknown>, out = new Map<string, FieldCond>()): Map<string, FieldCond> {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) analyze(sub, out)
      continue
    }
    if (k.startsWith('$')) continue
    if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
      const c: FieldCond = {}
      for (const [op, arg] of Object.entries(v)) {
        if (op === '$eq' && indexableScalar(arg)) c.eq = [arg]
        else if (op === '$in' && Array.isArray(arg) && arg.every(indexableScalar)) c.eq = arg
        else if ((op === '$gt' || op === '$gte') && indexableScalar(arg) && arg !== null) c.lo = arg
        else if ((op === '$lt' || op === '$lte') && indexableScalar(arg) && arg !== null) c.hi = arg
      }
      if (c.eq || c.lo !== undefined || c.hi !== undefined) mergeCond(out, k, c)
      continue
    }
    if (indexableScalar(v)) mergeCond(out, k, { eq: [v] })
  }
  return out
}

// ---- plans

export type Plan =
  | { kind: 'ids'; ids: Id[] }
  | { kind: 'index'; index: Index; ranges: Array<[Key, Key]>; reverse: boolean; ordered: boolean }
  | { kind: 'scan' }

const MAX_COMBOS = 1000

/** Type-bracketed range bounds, as MongoDB (and mingo) compare only within a type. */
function rangeBounds(c: FieldCond): [unknown, unknown] {
  let lo: unknown = c.lo
  let hi: unknown = c.hi
  if (lo === undefined && hi === undefined) return [MIN, MAX]
  if (lo !== undefined && hi !== undefined && typeRank(lo) !== typeRank(hi)) return [new Bound(typeRank(lo), false), new Bound(typeRank(lo), false)]
  if (lo === undefined) lo = new Bound(typeRank(hi), false)
  if (hi === undefined) hi = new Bound(typeRank(lo), true)
  return [lo, hi]
}

export function plan(filter: Record<string, unknown>, indexes: Index[], sort: SortSpec | undefined): Plan {
  const conds = analyze(filter)
  const idc = conds.get('_id')
  if (idc?.eq) return { kind: 'ids', ids: idc.eq.filter((v): v is Id => typeof v === 'string' || typeof v === 'number') }

  let best: { index: Index; prefix: number; range: boolean; score: number; ordered: boolean; reverse: boolean } | undefined
  for (const index of indexes) {
    let prefix = 0
    let combos = 1
    while (prefix < index.fields.length) {
      const c = conds.get(index.fields[prefix])
      if (!c?.eq || combos * c.eq.length > MAX_COMBOS) break
      combos *= c.eq.length
      prefix++
    }
    const next = prefix < index.fields.length ? conds.get(index.fields[prefix]) : undefined
    const range = !!next && (next.lo !== undefined || next.hi !== undefined)
    // Does walking the index give the requested order? Only past a single-valued equality prefix.
    let ordered = false
    let reverse = false
    if (sort && sort.length > 0 && combos === 1 && prefix + sort.length <= index.fields.length) {
      const same = sort.every(([f, d], i) => index.fields[prefix + i] === f && index.dirs[prefix + i] === d)
      const inverted = sort.every(([f, d], i) => index.fields[prefix + i] === f && index.dirs[prefix + i] === -d)
      ordered = same || inverted
      reverse = !same && inverted
    }
    const score = prefix * 10 + (range ? 5 : 0) + (ordered ? 3 : 0) - index.fields.length * 0.01
    if ((prefix > 0 || range || ordered) && (!best || score > best.score)) best = { index, prefix, range, score, ordered, reverse }
  }
  if (!best) return { kind: 'scan' }

  const { index, prefix, range } = best
  let prefixes: Key[] = [[]]
  for (let i = 0; i < prefix; i++) {
    const vals = conds.get(index.fields[i])!.eq!
    const next: Key[] = []
    for (const p of prefixes) for (const v of vals) next.push([...p, v])
    prefixes = next
  }
  const ranges: Array<[Key, Key]> = []
  for (const p of prefixes) {
    const lo: Key = [...p]
    const hi: Key = [...p]
    if (range) {
      const [a, b] = rangeBounds(conds.get(index.fields[prefix])!)
      // The tree orders a descending field from high to low: swap the bounds there.
      if (index.dirs[prefix] === 1) {
        lo.push(a)
        hi.push(b)
      } else {
        lo.push(b)
        hi.push(a)
      }
    }
    // The remaining fields and the _id: everything.
    for (let i = lo.length; i <= index.fields.length; i++) {
      const asc = i === index.fields.length || index.dirs[i] === 1
      lo.push(asc ? MIN : MAX)
      hi.push(asc ? MAX : MIN)
    }
    ranges.push([lo, hi])
  }
  return { kind: 'index', index, ranges, reverse: best.reverse, ordered: best.ordered }
}

/** The candidate ids of an index plan, in index order (or reversed), each once. */
export function* scanIndex(p: Extract<Plan, { kind: 'index' }>): Generator<Id> {
  const seen = new Set<Id>()
  const tree = p.index.tree
  const cmp = (a: Key, b: Key) => tree._compare(a, b)
  const ranges = p.reverse ? [...p.ranges].reverse() : p.ranges
  for (const [lo, hi] of ranges) {
    const it = p.reverse ? tree.entriesReversed(hi) : tree.entries(lo)
    for (const [key, id] of it) {
      if (p.reverse ? cmp(key, lo) < 0 : cmp(key, hi) > 0) break
      if (seen.has(id)) continue
      seen.add(id)
      yield id
    }
  }
}
