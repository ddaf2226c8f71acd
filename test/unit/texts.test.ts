// User-facing Chinese text lives in the domain package (shared/messages.ts, shared/*/texts.ts,
// shared/orders/notices.ts), never in the use cases: no string or template literal under cloudfunctions/
// holds a CJK character. Literals are found with the TypeScript parser, so comments never count.
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const ROOT = path.resolve(__dirname, '..', '..')
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p)
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : []
  })
}

/** Every string, template or JSX text in the code that holds a CJK character, as `line: text`. */
function cjkLiterals(fileName: string, code: string): string[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, kind)
  const found: string[] = []
  const report = (node: ts.Node, text: string) => found.push(`${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${text.trim()}`)
  const visit = (node: ts.Node): void => {
    if (ts.isTemplateExpression(node)) {
      // One report per template, from its literal parts (the expressions inside are visited on their own).
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)]
      if (parts.some((p) => CJK.test(p))) report(node, parts.join('${…}'))
      node.templateSpans.forEach((s) => visit(s.expression))
      return
    }
    if ((ts.isStringLiteralLike(node) || ts.isJsxText(node)) && CJK.test(node.text)) report(node, node.text)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('the detector', () => {
  it('finds strings, templates and JSX text, and ignores comments', () => {
    const code = [
      '// 注释',
      "const a = '中文'",
      '/* 块注释 */ const b = `x${a}模板${a}尾`',
      'const c = "plain" // 行尾注释',
      'const d = `前${c}`',
    ].join('\n')
    expect(cjkLiterals('probe.ts', code)).toEqual(['2: 中文', '3: x${…}模板${…}尾', '5: 前${…}'])
    expect(cjkLiterals('probe.tsx', 'const e = <b>文字</b>\n')).toEqual(['1: 文字'])
    expect(cjkLiterals('probe.ts', 'const f = `${`内层`}`\n')).toEqual(['1: 内层'])
  })
})

it('no use case under cloudfunctions/ writes Chinese text (it belongs to the domain package)', () => {
  const files = sourceFiles(path.join(ROOT, 'cloudfunctions'))
  expect(files.length).toBeGreaterThan(10)
  const offenders = files.flatMap((f) => {
    const rel = path.relative(ROOT, f).split(path.sep).join('/')
    return cjkLiterals(f, fs.readFileSync(f, 'utf8')).map((hit) => `${rel}:${hit}`)
  })
  expect(offenders).toEqual([])
})
