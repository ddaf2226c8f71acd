// Draws the four tabBar icons (81×81 PNG, grey and party-red) without any image library: each icon is a
// few shapes given as signed-distance functions, supersampled 4×4 for smooth edges, written with zlib.
// WeChat wants local PNG files ≤ 40 KB for tabBar icons. Run: node miniprogram/scripts/make-tab-icons.mjs
import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const SIZE = 81
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tab')
const COLORS = { normal: [0x8a, 0x8a, 0x8a], active: [0xc8, 0x16, 0x1d] }

// --- signed distance helpers (negative inside), coordinates in a 0..1 box ---
const len = (x, y) => Math.hypot(x, y)
const circle = (cx, cy, r) => (x, y) => len(x - cx, y - cy) - r
const ring = (cx, cy, r, w) => (x, y) => Math.abs(len(x - cx, y - cy) - r) - w / 2
function box(cx, cy, hw, hh, r = 0) {
  return (x, y) => {
    const qx = Math.abs(x - cx) - hw + r
    const qy = Math.abs(y - cy) - hh + r
    return len(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
  }
}
const outline = (sdf, w) => (x, y) => Math.abs(sdf(x, y)) - w / 2
function segment(ax, ay, bx, by, w) {
  return (x, y) => {
    const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay
    const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)))
    return len(px - dx * h, py - dy * h) - w / 2
  }
}
/** Convex polygon, either winding; the sign is exact (negative inside), which is all sampling needs. */
function poly(pts) {
  const edges = (list) => (x, y) => {
    let d = -Infinity
    for (let i = 0; i < list.length; i++) {
      const [ax, ay] = list[i]
      const [bx, by] = list[(i + 1) % list.length]
      const nx = by - ay, ny = ax - bx
      d = Math.max(d, ((x - ax) * nx + (y - ay) * ny) / len(nx, ny))
    }
    return d
  }
  const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length
  const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length
  const f = edges(pts)
  return f(cx, cy) <= 0 ? f : edges(pts.slice().reverse())
}
const union = (...fs) => (x, y) => Math.min(...fs.map((f) => f(x, y)))
const minus = (a, b) => (x, y) => Math.max(a(x, y), -b(x, y))
const clipY = (f, maxY) => (x, y) => Math.max(f(x, y), y - maxY)

const W = 0.07 // stroke width
const ICONS = {
  // house: roof, walls, door
  home: union(
    segment(0.14, 0.47, 0.5, 0.16, W),
    segment(0.5, 0.16, 0.86, 0.47, W),
    outline(box(0.5, 0.63, 0.27, 0.22, 0.04), W),
    box(0.5, 0.73, 0.07, 0.12, 0.02),
  ),
  // clipboard with two ticked lines
  tasks: union(
    outline(box(0.5, 0.55, 0.29, 0.35, 0.06), W),
    box(0.5, 0.2, 0.12, 0.06, 0.03),
    segment(0.33, 0.47, 0.39, 0.53, W * 0.85),
    segment(0.39, 0.53, 0.47, 0.42, W * 0.85),
    segment(0.53, 0.47, 0.68, 0.47, W * 0.85),
    segment(0.33, 0.7, 0.68, 0.7, W * 0.85),
  ),
  // flag on a pole, with a swallow-tail notch
  activities: union(
    segment(0.26, 0.12, 0.26, 0.88, W),
    outline(minus(box(0.53, 0.34, 0.25, 0.18, 0.02), poly([[0.8, 0.14], [0.64, 0.34], [0.8, 0.54]])), W),
  ),
  // person: head and shoulders
  mine: union(ring(0.5, 0.33, 0.15, W), clipY(ring(0.5, 0.92, 0.32, W), 0.86)),
}

function png(pixels) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    out.write(type, 4, 'ascii')
    data.copy(out, 8)
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length)
    return out
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE)
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0 // filter: none
    pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function render(sdf, [r, g, b]) {
  const px = Buffer.alloc(SIZE * SIZE * 4)
  const S = 4
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let cover = 0
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          if (sdf((x + (sx + 0.5) / S) / SIZE, (y + (sy + 0.5) / S) / SIZE) <= 0) cover++
        }
      }
      const i = (y * SIZE + x) * 4
      px[i] = r
      px[i + 1] = g
      px[i + 2] = b
      px[i + 3] = Math.round((255 * cover) / (S * S))
    }
  }
  return png(px)
}

mkdirSync(OUT, { recursive: true })
for (const [name, sdf] of Object.entries(ICONS)) {
  writeFileSync(join(OUT, `${name}.png`), render(sdf, COLORS.normal))
  writeFileSync(join(OUT, `${name}-active.png`), render(sdf, COLORS.active))
}
console.log('tab icons written to', OUT)
