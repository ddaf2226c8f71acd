// A small PDF writer for documents of text, lines and shaded boxes, with Chinese text and no font to
// bundle: the text is set in STSong-Light, one of the standard CJK fonts a PDF may name without embedding
// it (a Type0 font over the CID font of Adobe-GB1, encoding UniGB-UCS2-H, strings as UCS-2 big-endian in
// hex), as reportlab and iText do; readers draw it with a Song/Ming font of their own. Pure: pages in,
// the file's bytes out (uncompressed, every offset of the cross-reference table counted in bytes).
import { createHash } from 'node:crypto'

export const A4 = { width: 595.28, height: 841.89 } as const

export type PdfOp =
  | { kind: 'text'; x: number; y: number; size: number; text: string; bold?: boolean }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width?: number; gray?: number }
  | { kind: 'box'; x: number; y: number; w: number; h: number; gray: number }

export interface PdfInfo {
  title: string
  author?: string
  subject?: string
  created: Date
}

/** The font's widths, in thousandths of the size: half-width for ASCII (CIDs 1–95), full width for the rest. */
const charWidth = (c: number) => (c >= 0x20 && c <= 0x7e ? 500 : 1000)

/** Code units the font can show: BMP characters; control characters become spaces, others outside the BMP '?'. */
function units(text: string): number[] {
  const out: number[] = []
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c > 0xffff || (c >= 0xd800 && c <= 0xdfff)) out.push(0x3f)
    else if (c < 0x20 || c === 0x7f) out.push(0x20)
    else out.push(c)
  }
  return out
}

export function textWidth(text: string, size: number): number {
  return (units(text).reduce((n, c) => n + charWidth(c), 0) * size) / 1000
}

/** Lines of at most `width`, broken between characters (Chinese has no spaces); at most `maxLines`, the last one cut with …. */
export function wrap(text: string, size: number, width: number, maxLines = Infinity): string[] {
  const lines: string[] = []
  for (const para of text.split(/\r?\n/)) {
    let line = ''
    for (const ch of para) {
      if (line && textWidth(line + ch, size) > width) {
        lines.push(line)
        line = ''
      }
      line += ch
    }
    lines.push(line)
  }
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, maxLines)
  let last = kept[maxLines - 1]
  while (last && textWidth(`${last}…`, size) > width) last = Array.from(last).slice(0, -1).join('')
  kept[maxLines - 1] = `${last}…`
  return kept
}

const num = (n: number) => (Math.round(n * 100) / 100).toString()
const hex4 = (c: number) => c.toString(16).toUpperCase().padStart(4, '0')
/** A text string for the font: UCS-2 big-endian, in hex. */
const cjk = (text: string) => `<${units(text).map(hex4).join('')}>`
/** A text string outside content (the document information): UTF-16BE with its byte-order mark. */
function utf16(text: string): string {
  let out = 'FEFF'
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i))
  return `<${out}>`
}

function pdfDate(d: Date): string {
  const b = new Date(d.getTime() + 8 * 3600_000).toISOString()
  return `(D:${b.slice(0, 4)}${b.slice(5, 7)}${b.slice(8, 10)}${b.slice(11, 13)}${b.slice(14, 16)}${b.slice(17, 19)}+08'00')`
}

function content(ops: PdfOp[]): string {
  const out: string[] = []
  for (const op of ops) {
    if (op.kind === 'text') {
      // Bold by stroking the outline too (the font has no bold face to name).
      const mode = op.bold ? `2 Tr ${num(op.size / 30)} w ` : ''
      out.push(`BT /F1 ${num(op.size)} Tf ${mode}1 0 0 1 ${num(op.x)} ${num(op.y)} Tm ${cjk(op.text)} Tj ET`)
    } else if (op.kind === 'line') {
      out.push(`q ${num(op.gray ?? 0)} G ${num(op.width ?? 0.5)} w ${num(op.x1)} ${num(op.y1)} m ${num(op.x2)} ${num(op.y2)} l S Q`)
    } else {
      out.push(`q ${num(op.gray)} g ${num(op.x)} ${num(op.y)} ${num(op.w)} ${num(op.h)} re f Q`)
    }
  }
  return `${out.join('\n')}\n`
}

/** The file: one page per list of operations, on A4, in the order given. */
export function pdf(pages: PdfOp[][], info: PdfInfo): Buffer {
  // Objects 1–5: catalog, page tree, the font (Type0, its CID font, its descriptor); 6: information;
  // then each page and its content stream.
  const objects: string[] = []
  const pageIds = pages.map((_, i) => 7 + i * 2)
  objects.push('<< /Type /Catalog /Pages 2 0 R >>')
  objects.push(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`)
  objects.push('<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>')
  objects.push('<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>')
  objects.push('<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 857 /Descent -143 /CapHeight 857 /StemV 93 >>')
  objects.push(
    `<< /Title ${utf16(info.title)}${info.author ? ` /Author ${utf16(info.author)}` : ''}${info.subject ? ` /Subject ${utf16(info.subject)}` : ''} /Producer (lianxinqiao) /CreationDate ${pdfDate(info.created)} >>`,
  )
  for (const [i, ops] of pages.entries()) {
    const stream = content(ops)
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(A4.width)} ${num(A4.height)}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i] + 1} 0 R >>`)
    objects.push(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}endstream`)
  }
  // Everything after the header is ASCII (text is in hex), so a string's length is its length in bytes.
  const head = Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1')
  const parts: Buffer[] = [head]
  let offset = head.length
  const offsets: number[] = []
  for (const [i, body] of objects.entries()) {
    const chunk = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1')
    offsets.push(offset)
    parts.push(chunk)
    offset += chunk.length
  }
  // The file's identifier: a digest of what it says (the same document gives the same bytes).
  const hash = createHash('md5')
  for (const p of parts) hash.update(p)
  const id = hash.digest('hex').toUpperCase()
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R /ID [<${id}> <${id}>] >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n')
  parts.push(Buffer.from(xref, 'latin1'))
  return Buffer.concat(parts)
}
