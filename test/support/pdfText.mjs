// Reads a PDF as a reader does (pdf.js, the legacy build for Node, with the CMaps that map the standard
// CJK fonts' codes to Unicode) and prints each page's text lines as JSON: [[line, …], …]. A child process
// of the tests, since pdf.js ships as ES modules only. Usage: node test/support/pdfText.mjs file.pdf
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

const require = createRequire(import.meta.url)
const root = path.dirname(require.resolve('pdfjs-dist/package.json'))
const data = new Uint8Array(fs.readFileSync(process.argv[2]))
const doc = await getDocument({
  data,
  cMapUrl: `${path.join(root, 'cmaps')}/`,
  cMapPacked: true,
  standardFontDataUrl: `${path.join(root, 'standard_fonts')}/`,
  useSystemFonts: false,
  disableFontFace: true,
  verbosity: 0,
}).promise
const pages = []
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i)
  const { items } = await page.getTextContent()
  // One line per text-showing operation (this writer shows each line with one).
  pages.push(items.filter((it) => 'str' in it && it.str.trim() !== '').map((it) => it.str))
}
const info = await doc.getMetadata()
process.stdout.write(JSON.stringify({ numPages: doc.numPages, pages, title: info.info?.Title ?? null }))
await doc.destroy()
