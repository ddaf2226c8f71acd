// Query and aggregation operators where mingo (the evaluator) differs from MongoDB, which CloudBase runs:
// given to every query and pipeline through a mingo Context, which takes precedence over the operators
// mingo registers globally (mingo/init/system).
//
// - `$elemMatch` with field criteria (`{ value: ... }`) looks only at elements that are documents (or
//   arrays), as MongoDB does; mingo also tests plain numbers and strings, so `{ value: {$exists: false} }`
//   matched every array of numbers.
// - `$week`: MongoDB's weeks begin on Sunday; days before the year's first Sunday are week 0 (mingo is
//   one too high in years that do not start on a Sunday).
// - `$indexOfCP` (missing in mingo) and `$substrBytes` (mingo refuses a negative count, which means "to
//   the end" in MongoDB, and any substring reaching the end of the string).
import { computeValue, Context, type ExpressionOperator, type Options, type QueryOperator } from 'mingo/core'
import { Query } from 'mingo'
import { resolve } from 'mingo/util'
import { isPlainObject } from './values'

const BOOLEAN_OPS = new Set(['$and', '$or', '$nor'])

const $elemMatch: QueryOperator = (selector, value, options) => {
  const criteria = value as Record<string, unknown>
  const valueForm = Object.keys(criteria).every((k) => k.startsWith('$') && !BOOLEAN_OPS.has(k))
  const inner = new Query(valueForm ? { v: criteria } : criteria, options)
  return (obj) => {
    const lhs = resolve(obj, selector, { unwrapArray: true })
    if (!Array.isArray(lhs)) return false
    for (const x of lhs) {
      if (valueForm) {
        if (inner.test({ v: x })) return true
      } else if ((isPlainObject(x) || Array.isArray(x)) && inner.test(x as Record<string, unknown>)) return true
    }
    return false
  }
}

const DAY_MS = 86_400_000

/** The date's calendar fields in `timezone` (an Olson name or a ±HH:MM offset) as a UTC Date; UTC when absent. */
function wallClock(d: Date, timezone: unknown): Date {
  if (timezone === undefined || timezone === null) return d
  if (typeof timezone !== 'string') throw new Error('timezone must be a string')
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(timezone)
  if (m) return new Date(d.getTime() + (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000)
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(d)
  } catch {
    throw new Error(`unrecognized time zone identifier: ${timezone}`)
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return new Date(Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'), d.getUTCMilliseconds()))
}

const $week: ExpressionOperator = (obj, expr, options) => {
  const v = computeValue(obj, expr, null, options)
  if (v === null || v === undefined) return null
  let date: unknown = v
  let timezone: unknown
  if (isPlainObject(v) && 'date' in v) {
    date = v.date
    timezone = v.timezone
  }
  if (date === null || date === undefined) return null
  if (!(date instanceof Date)) throw new Error('$week requires a date')
  const d = wallClock(date, timezone)
  const y = d.getUTCFullYear()
  const dayOfYear = Math.floor((Date.UTC(y, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(y, 0, 1)) / DAY_MS)
  const firstSunday = (7 - new Date(Date.UTC(y, 0, 1)).getUTCDay()) % 7
  return dayOfYear < firstSunday ? 0 : Math.floor((dayOfYear - firstSunday) / 7) + 1
}

const intArg = (v: unknown, name: string, op: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${op}: ${name} must be an integer`)
  return v
}

const $indexOfCP: ExpressionOperator = (obj, expr, options) => {
  const args = computeValue(obj, expr, null, options) as unknown[]
  if (!Array.isArray(args) || args.length < 2 || args.length > 4) throw new Error('$indexOfCP takes 2 to 4 arguments')
  const [s, sub] = args
  if (s === null || s === undefined) return null
  if (typeof s !== 'string') throw new Error('$indexOfCP requires a string as its first argument')
  if (typeof sub !== 'string') throw new Error('$indexOfCP requires a string as its second argument')
  const cps = Array.from(s)
  const needle = Array.from(sub)
  const start = args.length > 2 ? intArg(args[2], 'the starting index', '$indexOfCP') : 0
  const end = Math.min(args.length > 3 ? intArg(args[3], 'the ending index', '$indexOfCP') : cps.length, cps.length)
  if (start < 0 || end < 0) throw new Error('$indexOfCP: indexes must be non-negative')
  for (let i = start; i + needle.length <= end; i++) {
    let k = 0
    while (k < needle.length && cps[i + k] === needle[k]) k++
    if (k === needle.length) return i
  }
  return -1
}

const $substrBytes: ExpressionOperator = (obj, expr, options) => {
  const args = computeValue(obj, expr, null, options) as unknown[]
  if (!Array.isArray(args) || args.length !== 3) throw new Error('$substrBytes takes 3 arguments')
  const [s, index, count] = args
  if (s === null || s === undefined) return ''
  const str = s instanceof Date ? s.toISOString() : String(s)
  const from = intArg(index, 'the starting index', '$substrBytes')
  const n = intArg(count, 'the length', '$substrBytes')
  if (from < 0) throw new Error('$substrBytes: the starting index must be non-negative')
  const buf = Buffer.from(str, 'utf8')
  if (from >= buf.length) return ''
  const to = n < 0 ? buf.length : Math.min(buf.length, from + n)
  const continuation = (i: number) => i < buf.length && (buf[i] & 0xc0) === 0x80
  if (continuation(from)) throw new Error('$substrBytes: invalid range, the starting index is a UTF-8 continuation byte')
  if (continuation(to)) throw new Error('$substrBytes: invalid range, the ending index is in the middle of a UTF-8 character')
  return buf.subarray(from, to).toString('utf8')
}

/** The mingo options that make queries and pipelines answer as MongoDB does. */
export const MONGO: Pick<Options, 'context' | 'useGlobalContext'> = {
  context: Context.init({ query: { $elemMatch }, expression: { $week, $indexOfCP, $substrBytes } }),
  useGlobalContext: true,
}
