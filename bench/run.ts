// npm run bench: size and speed figures, printed as a table and written to bench/results.json.
// Each latency is measured beside a bare Node HTTP server in the same run, so the ratio says what the
// emulator and gateway add on this machine, whatever its load. Never asserted in tests.
import tcb from '@cloudbase/node-sdk'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { signToken } from '../localcloud/gateway'
import { pointSdkAt } from '../localcloud/runtime'
import { startLocalCloud } from '../localcloud/server'
import { h5FirstLoadGzipBytes, h5JsGzipBytes, weappPackages } from '../scripts/sizes'
import { a11yBench } from './a11y'
import { activitiesBench } from './activities'
import { h5PaintBench } from './h5-paint'
import { ordersBench } from './orders'
import { pointsBench } from './points'
import { tailBench } from './tail'

const N = Number(process.env.BENCH_N ?? 300)
const DOCS = Number(process.env.BENCH_DOCS ?? 100_000)

async function timeIt(n: number, f: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number; mean: number }> {
  const t: number[] = []
  for (let i = 0; i < Math.min(20, n); i++) await f(i) // warm up
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint()
    await f(i)
    t.push(Number(process.hrtime.bigint() - s) / 1e6)
  }
  t.sort((a, b) => a - b)
  return { p50: t[Math.floor(n / 2)], p95: t[Math.floor(n * 0.95)], mean: t.reduce((a, b) => a + b, 0) / n }
}

async function main() {
  const metrics: Record<string, number> = {}
  const rows: Array<[string, string]> = []
  const put = (name: string, value: number, show: string) => {
    metrics[name] = Math.round(value * 1000) / 1000
    rows.push([name, show])
  }

  if (fs.existsSync(path.join(__dirname, '..', 'miniprogram', 'dist', 'weapp', 'app.json'))) {
    const w = weappPackages()
    put('weapp_main_bytes', w.sizes.main, `${(w.sizes.main / 1024).toFixed(1)} KB (limit 2048 KB)`)
    for (const r of w.subRoots) put(`weapp_sub_${r.replace(/\W/g, '_')}_bytes`, w.sizes[r], `${(w.sizes[r] / 1024).toFixed(1)} KB`)
    put('weapp_total_bytes', w.total, `${(w.total / 1024).toFixed(1)} KB`)
  } else rows.push(['weapp', 'not built (npm run build:weapp)'])
  if (fs.existsSync(path.join(__dirname, '..', 'miniprogram', 'dist', 'h5', 'index.html'))) {
    const g = h5JsGzipBytes()
    put('h5_js_gzip_bytes', g, `${(g / 1024).toFixed(1)} KB gzip, all chunks`)
    const first = h5FirstLoadGzipBytes()
    put('h5_first_load_js_gzip_bytes', first, `${(first / 1024).toFixed(1)} KB gzip before the first page`)
  } else rows.push(['h5', 'not built (npm run build:h5)'])

  // A bare Node HTTP server answering JSON: the floor for any local round trip.
  const bare = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'))
  })
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()))
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`
  const bareT = await timeIt(N, () => fetch(bareUrl, { method: 'POST', body: '{"action":"x"}' }).then((r) => r.json()))
  put('bare_http_p50_ms', bareT.p50, `${bareT.p50.toFixed(2)} ms p50`)

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-'))
  const cloud = await startLocalCloud({ port: 0, dataDir, timeoutMs: 30_000 })
  try {
    const emu = cloud.emulator
    const at = Date.parse('2026-01-01T00:00:00Z')
    const batch: object[] = []
    for (let i = 0; i < DOCS; i++) {
      batch.push({ _id: `b${i}`, communityId: `c${i % 50}`, status: ['submitted', 'accepted', 'closed'][i % 3], createdAt: new Date(at + i * 60_000), n: i })
      if (batch.length === 5000) emu.db.insert('orders', batch.splice(0))
    }
    if (batch.length) emu.db.insert('orders', batch.splice(0))
    emu.db.insert('streets', [{ _id: 's1', name: '连心街道' }])
    emu.db.insert('communities', [{ _id: 'c1', name: '和平社区', streetId: 's1' }])
    emu.db.insert('users', [{ _id: 'bench-user', nickname: '测', grants: [], communityId: 'c1', streetId: 's1', createdAt: new Date(at), updatedAt: new Date(at) }])

    pointSdkAt(`${cloud.url}/admin`)
    const db = tcb.init({ env: 'local-env' }).database()
    const _ = db.command
    const get = await timeIt(N, (i) => db.collection('orders').doc(`b${(i * 7919) % DOCS}`).get())
    put('emu_doc_get_p50_ms', get.p50, `${get.p50.toFixed(2)} ms p50, ${get.p95.toFixed(2)} p95`)
    const eq = await timeIt(N, (i) => db.collection('orders').where({ communityId: `c${i % 50}`, status: 'accepted' }).limit(20).get())
    put('emu_where_indexed_eq_100k_p50_ms', eq.p50, `${eq.p50.toFixed(2)} ms p50 on ${DOCS} docs`)
    const range = await timeIt(N, (i) =>
      db.collection('orders').where({ communityId: `c${i % 50}`, status: 'submitted', createdAt: _.gte(new Date(at + (i % 1000) * 3600_000)) }).orderBy('createdAt', 'desc').limit(20).get(),
    )
    put('emu_where_indexed_range_100k_p50_ms', range.p50, `${range.p50.toFixed(2)} ms p50 on ${DOCS} docs`)
    const upd = await timeIt(N, (i) => db.collection('orders').where({ _id: `b${i}`, n: _.gte(0) }).update({ n: _.inc(1) }))
    put('emu_where_update_p50_ms', upd.p50, `${upd.p50.toFixed(2)} ms p50 (fsync'd)`)
    const token = signToken(cloud.secret, 'bench-user')
    const gw = await timeIt(N, () =>
      fetch(`${cloud.url}/api/member`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"action":"profile","payload":{}}' }).then((r) => r.json()),
    )
    put('gateway_member_profile_p50_ms', gw.p50, `${gw.p50.toFixed(2)} ms p50 (function + 4 SDK reads)`)
    put('ratio_doc_get_vs_bare', get.p50 / bareT.p50, `${(get.p50 / bareT.p50).toFixed(1)}×`)
    put('ratio_indexed_eq_vs_bare', eq.p50 / bareT.p50, `${(eq.p50 / bareT.p50).toFixed(1)}×`)
    put('ratio_gateway_vs_bare', gw.p50 / bareT.p50, `${(gw.p50 / bareT.p50).toFixed(1)}×`)
  } finally {
    await cloud.close()
    bare.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }

  await tailBench(put)
  await ordersBench(put)
  await pointsBench(put)
  await activitiesBench(put)
  await h5PaintBench(put)
  await a11yBench(put)

  const width = Math.max(...rows.map((r) => r[0].length))
  console.log(`\nbench (${os.cpus().length} cores, N=${N})`)
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`)
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify({ at: new Date().toISOString(), metrics }, null, 2))
  console.log('\n→ bench/results.json')
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
