// Document values: MongoDB's cross-type order (for index keys and sorting), cloning and path lookup.
// Stored documents are never mutated in place: every write builds a new object, so a reader, a
// transaction or a snapshot holding the old one keeps a consistent view.

export type Id = string | number
export interface Doc {
  _id: Id
  [field: string]: unknown
}

/** Bounds used in index range scans; they sort below / above every value, or every value of one type. */
export class Bound {
  constructor(
    readonly rank: number,
    readonly high: boolean,
  ) {}
}
export const MIN = new Bound(-1, false)
export const MAX = new Bound(100, true)

function bsontype(v: object): string | undefined {
  const t = (v as { _bsontype?: unknown })._bsontype
  return typeof t === 'string' ? t : undefined
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/**
 * MongoDB's comparison order of BSON types: null (and missing) < numbers < strings < objects < arrays
 * < binary < ObjectId < booleans < dates < timestamps < regular expressions.
 */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 2
    case 'string':
      return 3
    case 'boolean':
      return 8
    case 'object': {
      if (v instanceof Bound) return v.rank
      if (Array.isArray(v)) return 5
      if (v instanceof Date) return 9
      if (v instanceof RegExp) return 11
      if (v instanceof Uint8Array) return 6
      const t = bsontype(v)
      if (t) {
        if (t === 'ObjectId') return 7
        if (t === 'Binary') return 6
        if (t === 'Timestamp') return 10
        if (t === 'BSONRegExp') return 11
        if (t === 'Long' || t === 'Int32' || t === 'Double' || t === 'Decimal128') return 2
        if (t === 'MinKey') return 0
        if (t === 'MaxKey') return 99
      }
      return 4
    }
    default:
      return 4
  }
}

function numeric(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  const t = v as { toNumber?: () => number; valueOf(): unknown }
  if (typeof t.toNumber === 'function') return t.toNumber()
  return Number(t.valueOf())
}

/** Total order over document values (and Bounds), consistent with how mingo compares within a type. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  // Fast paths for the common same-type cases (index keys are mostly strings, numbers and dates).
  const ta = typeof a
  if (ta === typeof b) {
    if (ta === 'string') return (a as string) < (b as string) ? -1 : 1
    if (ta === 'number' && a === a && b === b) return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
    if (a instanceof Date && b instanceof Date) {
      const x = a.getTime()
      const y = b.getTime()
      return x < y ? -1 : x > y ? 1 : 0
    }
  }
  const ra = typeRank(a)
  const rb = typeRank(b)
  if (a instanceof Bound || b instanceof Bound) {
    if (ra !== rb) return ra < rb ? -1 : 1
    if (a instanceof Bound && b instanceof Bound) return a.high === b.high ? 0 : a.high ? 1 : -1
    if (a instanceof Bound) return a.high ? 1 : -1
    return (b as Bound).high ? -1 : 1
  }
  if (ra !== rb) return ra < rb ? -1 : 1
  switch (ra) {
    case 1:
      return 0
    case 2: {
      const x = numeric(a)
      const y = numeric(b)
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1
      if (Number.isNaN(y)) return 1
      return x < y ? -1 : x > y ? 1 : 0
    }
    case 3:
      return (a as string) < (b as string) ? -1 : 1
    case 8:
      return a === b ? 0 : a ? 1 : -1
    case 9: {
      const x = (a as Date).getTime()
      const y = (b as Date).getTime()
      return x < y ? -1 : x > y ? 1 : 0
    }
    case 5: {
      const x = a as unknown[]
      const y = b as unknown[]
      const n = Math.min(x.length, y.length)
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i], y[i])
        if (c !== 0) return c
      }
      return x.length - y.length < 0 ? -1 : x.length === y.length ? 0 : 1
    }
    case 4: {
      const x = Object.entries(a as object)
      const y = Object.entries(b as object)
      const n = Math.min(x.length, y.length)
      for (let i = 0; i < n; i++) {
        const tr = typeRank(x[i][1]) - typeRank(y[i][1])
        if (tr !== 0) return tr < 0 ? -1 : 1
        if (x[i][0] !== y[i][0]) return x[i][0] < y[i][0] ? -1 : 1
        const c = compareValues(x[i][1], y[i][1])
        if (c !== 0) return c
      }
      return x.length - y.length < 0 ? -1 : x.length === y.length ? 0 : 1
    }
    default: {
      const x = String(typeof (a as { toHexString?: unknown }).toHexString === 'function' ? (a as { toHexString(): string }).toHexString() : a)
      const y = String(typeof (b as { toHexString?: unknown }).toHexString === 'function' ? (b as { toHexString(): string }).toHexString() : b)
      return x < y ? -1 : x > y ? 1 : 0
    }
  }
}

/** Deep copy of a document value; Dates are copied, other class instances (ObjectId, ...) are immutable and shared. */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(clone) as unknown as T
  if (v instanceof Date) return new Date(v.getTime()) as unknown as T
  if (!isPlainObject(v)) return v
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k]
    if (x !== undefined) out[k] = clone(x)
  }
  return out as T
}

/** Structural equality (field order matters for sub-documents, as in MongoDB). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    return a.every((x, i) => valuesEqual(x, b[i]))
  }
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime()
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false
    const ka = Object.keys(a)
    const kb = Object.keys(b)
    if (ka.length !== kb.length) return false
    return ka.every((k, i) => k === kb[i] && valuesEqual(a[k], b[k]))
  }
  if (typeof a === 'number') return Number.isNaN(a) && Number.isNaN(b as number)
  if (a && b && typeof a === 'object') return typeRank(a) === typeRank(b) && compareValues(a, b) === 0
  return false
}

/**
 * Every value a dot path reaches, arrays expanded as MongoDB's multikey indexes do: `tags` on
 * `{tags: ['a','b']}` gives ['a','b'], `items.k` on `{items: [{k: 1}, {k: 2}]}` gives [1, 2]. A missing
 * field gives [undefined]; an empty array gives [undefined] too.
 */
export function pathValues(doc: unknown, path: string): unknown[] {
  const parts = path.split('.')
  const out: unknown[] = []
  const walk = (v: unknown, i: number) => {
    if (i === parts.length) {
      if (Array.isArray(v)) {
        if (v.length === 0) out.push(undefined)
        else for (const x of v) out.push(x)
      } else out.push(v)
      return
    }
    if (Array.isArray(v)) {
      const idx = /^\d+$/.test(parts[i]) ? Number(parts[i]) : -1
      if (idx >= 0) {
        walk(v[idx], i + 1)
        return
      }
      if (v.length === 0) out.push(undefined)
      for (const x of v) walk(x, i)
      return
    }
    if (v === null || typeof v !== 'object' || !isPlainObject(v)) {
      out.push(undefined)
      return
    }
    walk((v as Record<string, unknown>)[parts[i]], i + 1)
  }
  walk(doc, 0)
  return out.length ? out : [undefined]
}

/** The key a document sorts by on one field: arrays sort by their least element ascending, greatest descending (MongoDB). */
export function sortKey(doc: unknown, path: string, dir: 1 | -1): unknown {
  const vals = pathValues(doc, path)
  if (vals.length === 1) return vals[0]
  let best = vals[0]
  for (let i = 1; i < vals.length; i++) {
    const c = compareValues(vals[i], best)
    if (dir === 1 ? c < 0 : c > 0) best = vals[i]
  }
  return best
}

export type SortSpec = Array<[string, 1 | -1]>

export function compareBySort(sort: SortSpec): (a: Doc, b: Doc) => number {
  return (a, b) => {
    for (const [field, dir] of sort) {
      const c = compareValues(sortKey(a, field, dir), sortKey(b, field, dir))
      if (c !== 0) return dir === 1 ? c : -c
    }
    return compareValues(a._id, b._id)
  }
}
