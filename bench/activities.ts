// Volunteer activities: the sign-up rush (1,000 people at once for 100 places, over HTTP through the
// gateway as the app sends them) — wall time and each call's p50 / p99; and the activity list with
// 100,000 activities in the store (one community's upcoming page, first and deep).
import { startTestCloud } from '../test/support/localCloud'
import { activityInput, overHttp } from '../test/support/activities'

type Put = (name: string, value: number, show: string) => void

export async function activitiesBench(put: Put, rush = Number(process.env.BENCH_RUSH ?? 1000), docs = Number(process.env.BENCH_DOCS ?? 100_000)): Promise<void> {
  const env = await startTestCloud()
  try {
    const admin = await env.user({ community: 'c1', roles: ['communityAdmin'] })
    const pub = await admin.call('activity', 'publish', activityInput(env, { capacity: Math.round(rush / 10) }))
    if (!pub.ok) throw new Error(JSON.stringify(pub.error))
    const people = await Promise.all(Array.from({ length: rush }, (_, i) => env.user({ id: `bench-a-${i}`, community: 'c1', roles: ['volunteer'] })))
    const times: number[] = []
    let failed = 0
    const t0 = process.hrtime.bigint()
    await Promise.all(
      people.map(async (p) => {
        const s = process.hrtime.bigint()
        const r = await overHttp(env, p).call('activity', 'signup', { activityId: pub.data.id })
        times.push(Number(process.hrtime.bigint() - s) / 1e6)
        if (!r.ok) failed++
      }),
    )
    const wall = Number(process.hrtime.bigint() - t0) / 1e6
    times.sort((a, b) => a - b)
    put('activity_rush_wall_ms', wall, `${(wall / 1000).toFixed(1)} s for ${rush} sign-ups at once (${((rush / wall) * 1000).toFixed(0)} per s), ${failed} asked to retry`)
    put('activity_rush_p50_ms', times[Math.floor(rush / 2)], `${times[Math.floor(rush / 2)].toFixed(0)} ms p50 per call (queued in the gateway)`)
    put('activity_rush_p99_ms', times[Math.floor(rush * 0.99)], `${times[Math.floor(rush * 0.99)].toFixed(0)} ms p99`)

    // The list at scale: activities spread over 50 communities and two years.
    const db = env.cloud.emulator.db
    const at = env.clock.now() - 365 * 24 * 3600_000
    const batch: object[] = []
    for (let i = 0; i < docs; i++) {
      const start = new Date(at + i * 10 * 60_000)
      batch.push({ _id: `ba${i}`, version: 1, outbox: [], status: i % 10 ? 'published' : 'finished', communityId: i % 50 ? `cx${i % 50}` : 'c1', streetId: 's1', title: `活动${i}`, description: '', category: '环境整治', place: { name: '广场', radius: 300 }, start, end: new Date(start.getTime() + 7200_000), signupStart: new Date(start.getTime() - 86400_000), signupEnd: start, cutoffHours: 2, offerHours: 12, buckets: [{ key: 'b1', name: '参与者', capacity: 10, membersOnly: false, skills: [], minAge: 0, points: { mode: 'hour', rate: 10 } }], reg: { b1: [] }, taken: { b1: 0 }, wl: { b1: [] }, offers: [], codeKey: 'x', createdBy: 'x', createdAt: start, updatedAt: start, timeline: [] })
      if (batch.length === 5000) db.insert('activities', batch.splice(0))
    }
    if (batch.length) db.insert('activities', batch.splice(0))
    const resident = await env.user({ community: 'c1' })
    const p50 = async (f: () => Promise<unknown>) => {
      const t: number[] = []
      for (let i = 0; i < 60; i++) {
        const s = process.hrtime.bigint()
        await f()
        t.push(Number(process.hrtime.bigint() - s) / 1e6)
      }
      return t.sort((a, b) => a - b)[30]
    }
    const first = await p50(() => resident.call('activity', 'list', {}))
    put('activity_list_100k_p50_ms', first, `${first.toFixed(1)} ms p50, upcoming page with ${docs} activities stored`)
    const past = await p50(() => resident.call('activity', 'list', { when: 'past' }))
    put('activity_list_past_100k_p50_ms', past, `${past.toFixed(1)} ms p50, past page`)
  } finally {
    await env.close()
  }
}
