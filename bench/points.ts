// The ranking (排行榜) at 10,000 and 100,000 members of one community: p50 of points.ranking, first page
// and a deep page, through the real handler. Rows are stored and updated with the ledger (one document
// per period, scope and person), so a board is one indexed page and two counts: it must stay flat.
import { rankSort } from '../cloudfunctions/common/balances'
import { startTestCloud, type TestCloud } from '../test/support/localCloud'

type Put = (name: string, value: number, show: string) => void

async function p50(n: number, f: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10; i++) await f()
  const t: number[] = []
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint()
    await f()
    t.push(Number(process.hrtime.bigint() - s) / 1e6)
  }
  return t.sort((a, b) => a - b)[Math.floor(n / 2)]
}

function fill(env: TestCloud, from: number, to: number) {
  const db = env.cloud.emulator.db
  const rows: object[] = []
  const users: object[] = []
  for (let i = from; i < to; i++) {
    const openid = `rk-${i}`
    // Points spread with many ties, as real boards have.
    const points = (i * 7919) % 3000
    const hours = (i % 40) / 2
    rows.push({ _id: `m2026-11:c:c1:${openid}`, scope: 'c:c1', period: 'm2026-11', openid, points, hours, sort: rankSort(points, hours), listed: i % 20 !== 0, updatedAt: new Date() })
    users.push({ _id: openid, nickname: `成员${i}`, realName: `成员${i}`, grants: [], communityId: 'c1', streetId: 's1', createdAt: new Date(), updatedAt: new Date() })
    if (rows.length === 5000) {
      db.insert('rankings', rows.splice(0))
      db.insert('users', users.splice(0))
    }
  }
  if (rows.length) db.insert('rankings', rows)
  if (users.length) db.insert('users', users)
}

export async function pointsBench(put: Put, sizes = [10_000, 100_000], n = 100): Promise<void> {
  const env = await startTestCloud()
  try {
    const member = await env.user({ community: 'c1', roles: ['member'] })
    const call = async (payload: object) => {
      const r = await member.call('points', 'ranking', { period: 'month', at: '2026-11', ...payload })
      if (!r.ok) throw new Error(JSON.stringify(r.error))
      return r.data as { nextCursor?: string }
    }
    let have = 0
    for (const size of sizes) {
      fill(env, have, size)
      have = size
      const first = await p50(n, () => call({}))
      put(`points_ranking_p50_ms_${size}`, first, `${first.toFixed(1)} ms`)
      // Ten pages in.
      let cursor: string | undefined
      for (let i = 0; i < 10; i++) cursor = (await call({ cursor })).nextCursor
      const deep = await p50(n, () => call({ cursor }))
      put(`points_ranking_page10_p50_ms_${size}`, deep, `${deep.toFixed(1)} ms`)
    }
  } finally {
    await env.close()
  }
}

if (require.main === module) {
  const rows: Array<[string, string]> = []
  pointsBench((name, _v, show) => rows.push([name, show]), process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : undefined)
    .then(() => {
      for (const [k, v] of rows) console.log(`  ${k.padEnd(40)}  ${v}`)
    })
    .catch((err) => {
      console.error(err)
      process.exitCode = 1
    })
}
