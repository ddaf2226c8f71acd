// The 志愿服务记录 as a PDF to download and print: the person, their star level and totals, a table of the
// confirmed service (date, what, hours, the confirming organisation) over as many pages as it takes, the
// verification code and where anyone checks it. Pure layout: the record in, the pages' operations out.
import type { ServiceRecordView } from '../../shared/contracts/points'
import { dayOf } from '../../shared/points/rules'
import { recordPdfTexts as T } from '../../shared/points/texts'
import { A4, textWidth, wrap, type PdfOp } from '../common/pdf'

const M = 50
const W = A4.width - 2 * M
const TOP = A4.height - M
const BOTTOM = 60
/** 日期, 服务内容, 时长, 确认组织. */
const COLS = [78, W - 78 - 52 - 120, 52, 120]
const SIZE = 10
const LEAD = 14
const PAD = 4

const colX = (i: number) => M + COLS.slice(0, i).reduce((n, w) => n + w, 0)

/** Where the record's code is checked: the deployment's public page when it names one, else the mini-program's. */
export function verifyAddress(code: string, base = process.env.RECORD_VERIFY_URL): string {
  if (!base) return T.inApp(code)
  return `${base}${base.includes('?') ? '&' : '?'}code=${encodeURIComponent(code)}`
}

export function recordPages(r: ServiceRecordView, address: string): PdfOp[][] {
  const pages: PdfOp[][] = []
  let ops: PdfOp[] = []
  let y = TOP
  const text = (x: number, yy: number, s: string, size = SIZE, bold = false) => ops.push({ kind: 'text', x, y: yy, size, text: s, ...(bold ? { bold } : {}) })

  const tableHead = () => {
    const h = LEAD + 2 * PAD
    ops.push({ kind: 'box', x: M, y: y - h, w: W, h, gray: 0.9 })
    T.columns.forEach((c, i) => text(colX(i) + PAD, y - PAD - SIZE * 0.9, c, SIZE, true))
    ops.push({ kind: 'line', x1: M, y1: y - h, x2: M + W, y2: y - h, width: 0.8 })
    y -= h
  }
  const newPage = () => {
    pages.push(ops)
    ops = []
    y = TOP
    text(M, y - 14, T.continued, 14, true)
    text(M + W - textWidth(T.field(T.code, r.code), SIZE), y - 14, T.field(T.code, r.code))
    y -= 30
  }

  // The head: title, the person and the totals.
  text((A4.width - textWidth(T.title, 22)) / 2, y - 22, T.title, 22, true)
  y -= 52
  const half = W / 2
  const pairs: Array<[string, string]> = [
    [T.field(T.name, r.name), T.field(T.org, r.communityName)],
    [T.field(T.star, r.star.label), T.field(T.hours, T.hoursValue(r.confirmedHours))],
    [T.field(T.code, r.code), T.field(T.issued, dayOf(r.issuedAt))],
    [T.field(T.count, T.countValue(r.items.length)), ''],
  ]
  for (const [left, right] of pairs) {
    text(M, y - 11, wrap(left, 11, half - 8, 1)[0], 11)
    if (right) text(M + half, y - 11, wrap(right, 11, half, 1)[0], 11)
    y -= 20
  }
  y -= 8

  // The table, its head again on every page it runs onto.
  tableHead()
  if (!r.items.length) {
    text(M + PAD, y - PAD - SIZE * 0.9, T.empty)
    y -= LEAD + 2 * PAD
  }
  for (const it of r.items) {
    const cells = [[it.date], wrap(`${it.note}${it.flagged ? T.flagged : ''}`, SIZE, COLS[1] - 2 * PAD, 4), [T.hoursValue(it.hours)], wrap(it.org, SIZE, COLS[3] - 2 * PAD, 2)]
    const h = Math.max(...cells.map((c) => c.length)) * LEAD + 2 * PAD
    if (y - h < BOTTOM) {
      newPage()
      tableHead()
    }
    cells.forEach((lines, i) => lines.forEach((l, j) => text(colX(i) + PAD, y - PAD - SIZE * 0.9 - j * LEAD, l)))
    ops.push({ kind: 'line', x1: M, y1: y - h, x2: M + W, y2: y - h, width: 0.4, gray: 0.6 })
    y -= h
  }

  // How to check it.
  const note = [...wrap(T.verifyHint, SIZE, W), ...wrap(T.verifyAt(address), SIZE, W)]
  if (y - 16 - note.length * LEAD < BOTTOM) newPage()
  y -= 16
  for (const l of note) {
    text(M, y - SIZE, l)
    y -= LEAD
  }
  pages.push(ops)

  // Every page's foot: the code, and which page of how many.
  return pages.map((p, i) => {
    const n = T.page(i + 1, pages.length)
    return [...p, { kind: 'line', x1: M, y1: 42, x2: M + W, y2: 42, width: 0.4, gray: 0.6 }, { kind: 'text', x: M, y: 30, size: 8, text: T.footer(r.code) }, { kind: 'text', x: M + W - textWidth(n, 8), y: 30, size: 8, text: n }]
  })
}
