// Sizes of the builds: WeChat packages (main + each subpackage) and the h5 JavaScript, gzipped.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const ROOT = path.resolve(__dirname, '..')
export const WEAPP_DIST = path.join(ROOT, 'miniprogram', 'dist', 'weapp')
export const H5_DIST = path.join(ROOT, 'miniprogram', 'dist', 'h5')

function walk(dir: string, base = dir): Array<{ file: string; bytes: number }> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    return d.isDirectory() ? walk(p, base) : [{ file: path.relative(base, p), bytes: fs.statSync(p).size }]
  })
}

export function weappPackages() {
  const app = JSON.parse(fs.readFileSync(path.join(WEAPP_DIST, 'app.json'), 'utf8'))
  const subRoots: string[] = (app.subPackages ?? app.subpackages ?? []).map((s: { root: string }) => s.root.replace(/\/$/, ''))
  // Source maps and licence notes are not uploaded to WeChat.
  const files = walk(WEAPP_DIST).filter((f) => !f.file.endsWith('.map') && !f.file.endsWith('.LICENSE.txt'))
  const sizes: Record<string, number> = { main: 0 }
  for (const r of subRoots) sizes[r] = 0
  for (const f of files) sizes[subRoots.find((r) => f.file.startsWith(r + '/')) ?? 'main'] += f.bytes
  return { app, sizes, subRoots, total: files.reduce((s, f) => s + f.bytes, 0) }
}

export function h5JsGzipBytes(): number {
  return walk(H5_DIST)
    .filter((f) => f.file.endsWith('.js'))
    .reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(H5_DIST, f.file)), { level: 9 }).length, 0)
}

/** What a first visit downloads before the first page chunk: the scripts index.html names, gzipped. */
export function h5FirstLoadGzipBytes(): number {
  const html = fs.readFileSync(path.join(H5_DIST, 'index.html'), 'utf8')
  const srcs = [...html.matchAll(/<script[^>]*src="\/?([^"]+)"/g)].map((m) => m[1])
  return srcs.reduce((sum, src) => sum + zlib.gzipSync(fs.readFileSync(path.join(H5_DIST, src)), { level: 9 }).length, 0)
}
