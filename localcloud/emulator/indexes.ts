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
  /** $gt rather than $gte / $lt rather than $lte. */
  loOpen?: boolean
  hiOpen?: boolean
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
  if (c.lo !== undefined) {
    const d = cur.lo === undefined ? 1 : compareValues(c.lo, cur.lo)
    if (d > 0 || (d === 0 && c.loOpen)) {
      cur.lo = c.lo
      cur.loOpen = c.loOpen
    }
  }
  if (c.hi !== undefined) {
    const d = cur.hi === undefined ? -1 : compareValues(c.hi, cur.hi)
    if (d < 0 || (d === 0 && c.hiOpen)) {
      cur.hi = c.hi
      cur.hiOpen = c.hiOpen
    }
  }
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
      for (const [op, arg] of Object.entries(v)) {
        if (op === '$eq' && indexableScalar(arg)) mergeCond(out, k, { eq: [arg] })
        else if (op === '$in' && Array.isArray(arg) && arg.every(indexableScalar)) mergeCond(out, k, { eq: arg })
        else if ((op === '$gt' || op === '$gte') && indexableScalar(arg) && arg !== null) mergeCond(out, k, { lo: arg, loOpen: op === '$gt' })
        else if ((op === '$lt' || op === '$lte') && indexableScalar(arg) && arg !== null) mergeCond(out, k, { hi: arg, hiOpen: op === '$lt' })
      }
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
  const n = index.fields.length
  // Tree order puts, at position i, MIN first on an ascending field and MAX first on a descending one.
  const first = (i: number) => (i === n || index.dirs[i] === 1 ? MIN : MAX)
  const last = (i: number) => (i === n || index.dirs[i] === 1 ? MAX : MIN)
  const ranges: Array<[Key, Key]> = []
  for (const p of prefixes) {
    const lo: Key = [...p]
    const hi: Key = [...p]
    // Whether the keys equal to the range bound itself fall outside (an open bound): then the rest of
    // the key is filled so that they sort before the lower key or after the upper one.
    let loOpen = false
    let hiOpen = false
    if (range) {
      const c = conds.get(index.fields[prefix])!
      const [a, b] = rangeBounds(c)
      const aOpen = c.lo !== undefined && !!c.loOpen
      const bOpen = c.hi !== undefined && !!c.hiOpen
      // The tree orders a descending field from high to low: swap the bounds there.
      if (index.dirs[prefix] === 1) {
        lo.push(a)
        hi.push(b)
        loOpen = aOpen
        hiOpen = bOpen
      } else {
        lo.push(b)
        hi.push(a)
        loOpen = bOpen
        hiOpen = aOpen
      }
    }
    for (let i = lo.length; i <= n; i++) {
      lo.push(loOpen ? last(i) : first(i))
      hi.push(hiOpen ? first(i) : last(i))
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
