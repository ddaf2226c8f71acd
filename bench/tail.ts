// Tail latency at concurrency: member.profile through the gateway (HTTP → function → 4 SDK reads) with
// 50 callers at once, beside direct database reads at the same concurrency, so the gap says what the
// gateway and the function layer add. Goal (issue 7): gateway p99 ≤ 4× its p50. Never asserted in tests.
// Runs alone with `npx tsx bench/tail.ts`; `npm run bench` calls it too.
import tcb from '@cloudbase/node-sdk'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { signToken } from '../localcloud/gateway'
import { pointSdkAt } from '../localcloud/runtime'
import { startLocalCloud } from '../localcloud/server'

type Put = (name: string, value: number, show: string) => void

const CONCURRENCY = Number(process.env.BENCH_TAIL_CONCURRENCY ?? 50)
const CALLS = Number(process.env.BENCH_TAIL_CALLS ?? 2000)

/** Runs `total` calls with `concurrency` callers each looping; returns every call's latency in ms. */
async function concurrent(concurrency: number, total: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++
        const s = process.hrtime.bigint()
        await f(i)
        times.push(Number(process.hrtime.bigint() - s) / 1e6)
      }
    }),
  )
  return times.sort((a, b) => a - b)
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]

export async function tailBench(put: Put): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-tail-'))
  const cloud = await startLocalCloud({ port: 0, dataDir, timeoutMs: 30_000 })
  try {
    const at = new Date('2026-01-01T00:00:00Z')
    const db0 = cloud.emulator.db
    db0.insert('streets', [{ _id: 's1', name: '连心街道', createdAt: at }])
    db0.insert('communities', [{ _id: 'c1', name: '和平社区', streetId: 's1', createdAt: at }])
    db0.insert('grids', [{ _id: 'c1-g1', name: '第一网格', communityId: 'c1', streetId: 's1', createdAt: at }])
    db0.insert('buildings', [{ _id: 'c1-g1-b1', name: '1号楼', gridId: 'c1-g1', communityId: 'c1', createdAt: at }])
    const users = Array.from({ length: CONCURRENCY }, (_, i) => ({
      _id: `tail-${i}`,
      nickname: `尾${i}`,
      grants: [],
      communityId: 'c1',
      streetId: 's1',
      gridId: 'c1-g1',
      buildingId: 'c1-g1-b1',
      createdAt: at,
      updatedAt: at,
    }))
    db0.insert('users', users)
    const tokens = users.map((u) => signToken(cloud.secret, u._id))
    const body = '{"action":"profile","payload":{}}'
    const profile = async (i: number) => {
      const res = await fetch(`${cloud.url}/api/member`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[i % tokens.length]}`, 'content-type': 'application/json' },
        body,
      })
      const out = (await res.json()) as { ok?: boolean }
      if (!out.ok) throw new Error(`member.profile failed: ${JSON.stringify(out)}`)
    }
    pointSdkAt(`${cloud.url}/admin`)
    const db = tcb.init({ env: 'local-env' }).database()
    const direct = (i: number) => db.collection('users').doc(`tail-${i % CONCURRENCY}`).get()

    await concurrent(CONCURRENCY, CONCURRENCY * 4, profile) // warm up: modules loaded, sockets open
    await concurrent(CONCURRENCY, CONCURRENCY * 4, direct)
    const gw = await concurrent(CONCURRENCY, CALLS, profile)
    const dbT = await concurrent(CONCURRENCY, CALLS, direct)
    const g50 = pct(gw, 0.5)
    const g99 = pct(gw, 0.99)
    put('gateway_member_profile_c50_p50_ms', g50, `${g50.toFixed(1)} ms p50 at ${CONCURRENCY} concurrent (${CALLS} calls)`)
    put('gateway_member_profile_c50_p99_ms', g99, `${g99.toFixed(1)} ms p99, ${(g99 / g50).toFixed(1)}× p50 (goal ≤ 4×)`)
    put('emu_doc_get_c50_p50_ms', pct(dbT, 0.5), `${pct(dbT, 0.5).toFixed(1)} ms p50 direct SDK reads at ${CONCURRENCY} concurrent`)
    put('emu_doc_get_c50_p99_ms', pct(dbT, 0.99), `${pct(dbT, 0.99).toFixed(1)} ms p99`)
  } finally {
    await cloud.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  process.env.SILENCE = 'true'
  tailBench((name, _v, show) => console.log(`  ${name.padEnd(36)} ${show}`)).catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
