// Value encodings: the SDK's wire format (canonical EJSON strings, `bson`'s EJSON) and the journal's
// compact tagged JSON (EJSON.parse is several times slower than JSON.parse, which matters on replay).
import { EJSON } from 'bson'
import { EmuError } from './errors'
import { isPlainObject } from './values'

/** Parses one EJSON string from the wire into plain JS values (Dates, numbers, RegExps). */
export function parseWire(text: unknown, what: string, now?: () => number): any {
  if (typeof text !== 'string') throw new EmuError('INVALID_PARAM', `${what} must be an EJSON string`)
  let v: unknown
  try {
    v = EJSON.parse(text, { relaxed: true })
  } catch (err) {
    throw new EmuError('INVALID_PARAM', `${what} is not valid EJSON: ${(err as Error).message}`)
  }
  return normalizeWire(v, now)
}

/**
 * BSONRegExp → RegExp (what mingo evaluates); ObjectId (db.ObjectId(), `{$oid}` on the wire) → its hex
 * string, which is what the cloud answers for one (an `_id` or any field); `{$tcb_server_date: {offset}}`
 * (db.serverDate()) → a Date of the server's clock plus the offset, wherever it appears.
 */
export function normalizeWire(v: unknown, now?: () => number): any {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map((x) => normalizeWire(x, now))
  if (v instanceof Date) return v
  const bt = (v as { _bsontype?: string })._bsontype
  if (bt === 'BSONRegExp') {
    const r = v as unknown as { pattern: string; options: string }
    const flags = r.options.replace(/[^imsu]/g, '')
    try {
      return new RegExp(r.pattern, flags)
    } catch (err) {
      throw new EmuError('INVALID_PARAM', `bad regular expression /${r.pattern}/: ${(err as Error).message}`)
    }
  }
  if (bt === 'ObjectId') return (v as unknown as { toHexString(): string }).toHexString()
  if (!isPlainObject(v)) return v
  const keys = Object.keys(v)
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const spec = v.$tcb_server_date as { offset?: unknown } | null
    const offset = spec && typeof spec.offset === 'number' ? spec.offset : 0
    return new Date((now ?? Date.now)() + offset)
  }
  const out: Record<string, unknown> = {}
  for (const k of keys) out[k] = normalizeWire(v[k], now)
  return out
}

/** One value as the SDK reads it back (canonical EJSON, as the captures show). */
export function toWire(v: unknown): string {
  return EJSON.stringify(v as any, { relaxed: false })
}

// ---- journal codec: JSON with {$date: ms} for Dates and {$ejson: ...} for any other BSON value.
// Stored documents never hold `$`-prefixed keys (the emulator refuses them), so the tags are unambiguous.

export function encodeStored(v: unknown): unknown {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) return { $ejson: EJSON.serialize(v as any, { relaxed: false }) }
    return v
  }
  if (Array.isArray(v)) return v.map(encodeStored)
  if (v instanceof Date) return { $date: v.getTime() }
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v)) {
      const x = v[k]
      if (x !== undefined) out[k] = encodeStored(x)
    }
    return out
  }
  return { $ejson: EJSON.serialize(v as any, { relaxed: false }) }
}

export function decodeStored(v: unknown): any {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = decodeStored(v[i])
    return v
  }
  const o = v as Record<string, unknown>
  if ('$date' in o && typeof o.$date === 'number') return new Date(o.$date)
  if ('$ejson' in o) return EJSON.deserialize(o.$ejson as any, { relaxed: true })
  for (const k of Object.keys(o)) o[k] = decodeStored(o[k])
  return o
}

/**
 * Refuses the field names CloudBase refuses in stored documents: a leading `$` (DATABASE_REQUEST_FAILED,
 * as the cloud answers). A `.` inside a name is stored, as the cloud does (a query or an update path
 * cannot reach such a field: its dots read as a path).
 */
export function checkFieldNames(v: unknown, path = ''): void {
  if (v === null || typeof v !== 'object') return
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkFieldNames(x, `${path}[${i}]`))
    return
  }
  if (!isPlainObject(v)) return
  for (const k of Object.keys(v)) {
    if (k.startsWith('$')) throw new EmuError('DATABASE_REQUEST_FAILED', `field name ${path ? path + '.' : ''}${k} may not start with $`)
    checkFieldNames(v[k], path ? `${path}.${k}` : k)
  }
}
