// Lists page on the database: an equality filter and one sort field that an index serves together
// (collections.json), and a keyset cursor (the last sort value, and how many items with exactly that
// value were already shown), so that page 5,000 costs what page 1 costs and nothing is cut off.
import { FIELD_MESSAGES } from '../../shared/messages'
import { _, db } from './cloud'
import { Failure } from './errors'

export interface Sort {
  field: string
  dir: 'asc' | 'desc'
  /** How the field is stored: dates travel in the cursor as ISO strings. */
  type: 'date' | 'string'
}

interface Cursor {
  /** Segment: lists made of several queries (one per community, say) run them one after another. */
  s: number
  v?: string
  k?: number
}

export function decodeCursor(raw: string | undefined): Cursor {
  if (!raw) return { s: 0 }
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor
    if (Number.isInteger(c.s) && c.s >= 0 && c.s < 100 && (c.v === undefined || (typeof c.v === 'string' && c.v.length <= 200)) && (c.k === undefined || (Number.isInteger(c.k) && c.k > 0 && c.k <= 1000))) return c
  } catch {
    // falls through to the refusal
  }
  throw new Failure('BAD_INPUT', { cursor: FIELD_MESSAGES.cursor })
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url')

const valueOf = (doc: Record<string, unknown>, sort: Sort): string => {
  const v = sort.field.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc)
  return sort.type === 'date' ? new Date(v as string).toISOString() : String(v)
}

/**
 * One page over one or more segments (each a where clause served by an index with the sort field after
 * its equality prefix), each segment whole before the next, in the sort's order.
 */
export async function pageOver<T extends Record<string, unknown>>(
  collection: string,
  segments: object[],
  sort: Sort,
  input: { cursor?: string; size: number },
  /** Where the list starts: the least value for an ascending sort, the greatest for a descending one. */
  from?: Date | string,
): Promise<{ items: T[]; nextCursor?: string }> {
  let cur = decodeCursor(input.cursor)
  const items: T[] = []
  while (cur.s < segments.length) {
    const want = input.size - items.length
    const bound = cur.v === undefined ? undefined : sort.type === 'date' ? new Date(cur.v) : cur.v
    // A present sort value only: an absent field never appears in a list sorted by it.
    const start = bound ?? from
    const range = start === undefined ? (sort.type === 'string' ? _.gt('') : _.exists(true)) : sort.dir === 'desc' ? _.lte(start) : _.gte(start)
    const where = { ...(segments[cur.s] as Record<string, unknown>), [sort.field]: range }
    const res = await db
      .collection(collection)
      .where(where)
      .orderBy(sort.field, sort.dir)
      .skip(cur.k ?? 0)
      .limit(want + 1)
      .get()
    const rows = res.data as T[]
    const page = rows.slice(0, want)
    items.push(...page)
    if (rows.length > want) {
      const last = valueOf(page[page.length - 1], sort)
      const ties = page.filter((r) => valueOf(r, sort) === last).length
      return { items, nextCursor: encode({ s: cur.s, v: last, k: (last === cur.v ? cur.k ?? 0 : 0) + ties }) }
    }
    cur = { s: cur.s + 1 }
    if (items.length >= input.size) return { items, nextCursor: cur.s < segments.length ? encode(cur) : undefined }
  }
  return { items }
}
