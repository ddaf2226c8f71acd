// Reading a PDF in the tests: as a reader does (pdf.js in a child process, pdfText.mjs) and from the raw
// hex strings this project's writer shows its text with.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface ReadPdf {
  numPages: number
  /** Each page's text items, in the order shown. */
  pages: string[][]
  title: string | null
}

/** What pdf.js extracts, page by page (a child process: pdf.js is ES modules only). */
export function readerText(bytes: Buffer): ReadPdf {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-pdf-'))
  const file = path.join(dir, 'r.pdf')
  fs.writeFileSync(file, bytes)
  try {
    return JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'pdfText.mjs'), file], { encoding: 'utf8' }))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** The text shown on the pages, decoded from the hex UCS-2 strings of every Tj. */
export function rawText(bytes: Buffer): string[] {
  return [...bytes.toString('latin1').matchAll(/<([0-9A-F]+)> Tj/g)].map((m) => String.fromCharCode(...(m[1].match(/.{4}/g) ?? []).map((h) => parseInt(h, 16))))
}
