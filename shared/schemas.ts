// The input rules every contract uses: text, ids, instants and dates, stepped numbers, pages. One set,
// so that "required", "a real time" and "in half hours" mean the same in every call. Each check is
// exact (no regex that admits impossible values, no floating-point tolerance) and speaks Chinese.
import { z } from 'zod'

// ---------------------------------------------------------------------------------------------- text

/**
 * Characters that show nothing: Unicode white space (including the ideographic space U+3000 and the
 * no-break spaces), control characters, and the default-ignorable marks (zero-width space / joiners
 * U+200B-U+200D, direction marks and embeddings, word joiner U+2060, BOM U+FEFF, soft hyphen, the
 * Hangul fillers, variation selectors) plus the blank Braille pattern U+2800, a well-known way to type
 * an "empty" name.
 */
const BLANK_CHARS =
  '\\s\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F' +
  '\\u200B-\\u200F\\u2028-\\u202F\\u205F-\\u206F\\u2800\\u3000\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0'
/* eslint-disable no-misleading-character-class -- classes of single invisible code points, on purpose */
const BLANK = new RegExp(`[${BLANK_CHARS}]`, 'g')
const IS_BLANK = new RegExp(`^[${BLANK_CHARS}]$`)
const HAS_BLANK = new RegExp(`[${BLANK_CHARS}]`)
/* eslint-enable no-misleading-character-class */
/** Variation selectors belong to the emoji before them: never cut from the end. */
const isEdgeBlank = (ch: string) => IS_BLANK.test(ch) && !(ch >= '\uFE00' && ch <= '\uFE0F')
/** Control characters nobody types (tab and line breaks stay: a description may have paragraphs). */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

/** The text as stored: NFC, no invisible characters at either end, no stray control characters. */
export function cleanText(s: string): string {
  const v = s.normalize('NFC').replace(CONTROLS, '')
  // A scan, not a /^x+|x+$/ regex: that backtracks quadratically on a long run of blanks.
  let start = 0
  let end = v.length
  while (start < end && isEdgeBlank(v[start])) start++
  while (end > start && isEdgeBlank(v[end - 1])) end--
  return v.slice(start, end)
}

/** How many characters a person sees (blanks and zero-width marks do not count). */
export function visibleLength(s: string): number {
  return charCount(s.replace(BLANK, ''))
}

/** Characters as people count them: code points, so an emoji or a rare hanzi is one, not two. */
export function charCount(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

export interface TextRule {
  /** Least visible characters; 1 (the default) means required, 0 allows an empty string. */
  min?: number
  max: number
  /** The field's name in messages: 请填写{label}, {label}最多{max}个字. */
  label: string
}

/**
 * A piece of user text. Cleaned (see cleanText) before it is measured; `min` counts visible characters
 * only, so text made of spaces or zero-width characters does not pass "required"; `max` counts the
 * cleaned text's characters.
 */
export function text({ min = 1, max, label }: TextRule) {
  return z
    .string({ required_error: `请填写${label}`, invalid_type_error: `${label}格式不正确` })
    .transform((raw, ctx) => {
      const v = cleanText(raw)
      if (visibleLength(v) < min) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: min <= 1 ? `请填写${label}` : `${label}至少${min}个字` })
        return z.NEVER
      }
      if (charCount(v) > max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label}最多${max}个字` })
        return z.NEVER
      }
      return v
    })
}

/** Optional user text: blank (only spaces or invisible characters) reads as absent. */
export function optionalText({ max, label }: Omit<TextRule, 'min'>) {
  return z
    .string({ invalid_type_error: `${label}格式不正确` })
    .optional()
    .transform((v) => (v === undefined || visibleLength(v) === 0 ? undefined : v))
    .pipe(text({ min: 1, max, label }).optional())
}

// ------------------------------------------------------------------------------------------ ids etc.

/** A record's id: printable, no blanks or invisible characters anywhere. */
export const id = z
  .string({ required_error: '缺少编号', invalid_type_error: '编号格式不正确' })
  .trim()
  .min(1, '缺少编号')
  .max(64, '编号过长')
  .refine((s) => !HAS_BLANK.test(s), '编号格式不正确')
/** A mainland mobile number; the message says what is wrong with it, not only what is wanted. */
export const phone = z.string({ required_error: '请输入11位手机号' }).superRefine((s, ctx) => {
  const problem = /^1\d{10}$/.test(s) ? undefined : /^\d{11}$/.test(s) ? '手机号应以1开头' : s.length === 11 ? '手机号只能是数字' : '请输入11位手机号'
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem })
})
export const personName = text({ max: 20, label: '姓名' })

// --------------------------------------------------------------------------------- instants and days

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  return d <= (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1])
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/
// Extended ISO-8601 only (the form JSON, dayjs and Date#toISOString write): date, 'T', hh:mm[:ss[.fff]],
// and a zone that is 'Z' or ±hh:mm, ±hhmm or ±hh. Without a zone a time is not an instant.
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)$/

/** Milliseconds of a real calendar day 'YYYY-MM-DD' at 00:00 UTC, or null. */
export function parseDay(s: string): number | null {
  const m = DAY_RE.exec(s)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (!realDay(y, mo, d)) return null
  const t = new Date(Date.UTC(2000, mo - 1, d))
  t.setUTCFullYear(y)
  return t.getTime()
}

/**
 * Milliseconds since the epoch of an ISO-8601 instant, or null when the text names no real instant:
 * a day that does not exist (02-30, 02-29 of a common year), hour > 23, minute or second > 59, or a
 * zone offset beyond ±14:00 or with minutes ≥ 60 (real offsets run from -12:00 to +14:00).
 */
export function parseInstant(s: string): number | null {
  const m = INSTANT_RE.exec(s)
  if (!m) return null
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]))
  const sec = m[6] === undefined ? 0 : Number(m[6])
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3))
  if (!realDay(y, mo, d) || h > 23 || mi > 59 || sec > 59) return null
  let offset = 0
  if (m[8] !== 'Z') {
    const oh = Number(m[10])
    const om = m[11] === undefined ? 0 : Number(m[11])
    if (oh > 14 || om > 59 || oh * 60 + om > 14 * 60) return null
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  // Date.UTC reads years 0-99 as 1900-1999: build in a leap year, then set the real one.
  const t = new Date(Date.UTC(2000, mo - 1, d, h, mi, sec, ms))
  t.setUTCFullYear(y)
  return t.getTime() - offset * 60_000
}

/**
 * A point in time as ISO-8601 text with its zone (what dayjs().format() and toISOString() write). The
 * text is kept as given (its offset says the local time it was picked in); compare instants with
 * parseInstant, not as strings, since offsets may differ.
 */
export function instant(label = '时间') {
  return z
    .string({ required_error: `请选择${label}`, invalid_type_error: `${label}格式不正确` })
    .refine((s) => parseInstant(s) !== null, `${label}格式不正确`)
}

/** A calendar day, 'YYYY-MM-DD', that exists. */
export function day(label = '日期') {
  return z
    .string({ required_error: `请选择${label}`, invalid_type_error: `${label}格式不正确` })
    .refine((s) => parseDay(s) !== null, `${label}不正确`)
}

// ------------------------------------------------------------------------------------------- numbers

/** Decimal places of a step written in plain decimal: 0.5 → 1, 0.25 → 2, 1 → 0. */
function decimalsOf(step: number): number {
  const m = /^\d+(?:\.(\d{1,6}))?$/.exec(String(step))
  if (!m || step <= 0) throw new Error(`step ${step} must be a positive decimal with at most 6 places`)
  return m[1]?.length ?? 0
}

/**
 * Whether v is a whole number of steps from 0, in integer arithmetic: v must carry no more decimal
 * places than the step (1e-9 does not pass a half-hour step, nor 0.30000000000000004 a 0.1 step), and
 * then v·10^d is a whole multiple of step·10^d.
 */
export function onStep(v: number, step: number): boolean {
  const d = decimalsOf(step)
  const scale = 10 ** d
  const units = Math.round(v * scale)
  if (!Number.isSafeInteger(units) || units / scale !== v) return false
  return units % Math.round(step * scale) === 0
}

export interface NumberRule {
  min: number
  max: number
  /** 1 for whole numbers, 0.5 for half hours… */
  step: number
  label: string
  /** The unit in messages, e.g. 小时; and how the step reads, e.g. 半小时. */
  unit?: string
  stepLabel?: string
}

/** A finite number between min and max in whole steps, with Chinese messages naming the field. */
export function steppedNumber({ min, max, step, label, unit = '', stepLabel }: NumberRule) {
  decimalsOf(step) // a step we cannot check exactly is a programming error: fail at load
  const stepText = stepLabel ?? (step === 1 ? '整数' : `${step}${unit}`)
  return z
    .number({ required_error: `请填写${label}`, invalid_type_error: `${label}须为数字` })
    .finite(`${label}须为数字`)
    .min(min, `${label}不能小于${min}${unit}`)
    .max(max, `${label}不能大于${max}${unit}`)
    .refine((v) => onStep(v, step), step === 1 ? `${label}须为整数` : `${label}以${stepText}为单位`)
}

/** Service hours: 0 to 24, in half hours. */
export const hours = steppedNumber({ min: 0, max: 24, step: 0.5, label: '时长', unit: '小时', stepLabel: '半小时' })

// --------------------------------------------------------------------------------------------- pages

export const pageInput = z.object({
  /** Opaque cursor from the previous page; absent for the first page. */
  cursor: z.string().max(200).optional(),
  size: z.number().int().min(1).max(50).default(20),
})
export type PageInput = z.infer<typeof pageInput>
export interface Page<T> {
  items: T[]
  /** Absent when there is nothing more. */
  nextCursor?: string
}
