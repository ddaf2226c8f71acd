// Order lists at 100 / 10,000 / 100,000 orders (p50 of hall, inbox and listMine, which must stay flat:
// every list pages on an index), and database round trips per call (submit, claim, confirm, hall,
// profile), counted as requests reaching the local cloud's database endpoint. Run by npm run bench.
import { settle } from '../cloudfunctions/order/model'
import type { OrderDoc } from '../shared/orders/model'
import { startTestCloud, type TestCloud, type TestUser } from '../test/support/localCloud'
import { acceptInput, cast, orderInput } from '../test/support/orders'

type Put = (name: string, value: number, show: string) => void

async function must<T = any>(p: Promise<{ ok: boolean; data?: T; error?: unknown }>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.data as T
}

function bulk(env: TestCloud, from: number, n: number): OrderDoc[] {
  const t0 = env.clock.now() - 30 * 24 * 3600_000
  const out: OrderDoc[] = []
  for (let i = from; i < from + n; i++) {
    const at = new Date(t0 + i * 20_000)
    // Every size has full pages: the first 60 orders fill the hall, the to-do list and one resident's list.
    const hall = i % 50 === 0 || (i < 60 && i % 3 === 0)
    const waiting = !hall && (i % 100 === 1 || (i < 60 && i % 3 === 1))
    const status = hall ? 'published' : waiting ? 'submitted' : 'closed'
    const o = settle({
      _id: `bench-${String(i).padStart(7, '0')}`, no: `B${i}`, streetId: 's1', communityId: 'c1', gridId: 'c1-g1', ordererId: i % 1000 === 0 || i < 60 ? 'bench-resident' : `r-${i % 5000}`, ordererName: '张三',
      category: '维修', text: '历史服务单', photos: [], urgencySuggested: 'green', colour: 'green', held: false, status, version: 1, points: 5, hours: 1, slots: 1, slotsFree: hall ? 1 : 0, taken: 0,
      membersOnly: false, skills: [], deadline: new Date(env.clock.now() + 48 * 3600_000), acceptDeadline: new Date(at.getTime() + 72 * 3600_000), publishedAt: hall ? at : undefined,
      claims: [], claimerIds: [], alsoAffected: [], priority: 0, timeline: [], outbox: [], createdAt: at, updatedAt: at, people: [], parties: [], open: true, stage: 'todo',
    } as unknown as OrderDoc)
    if (!waiting) delete o.acceptDue
    out.push(o)
  }
  return out
}

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

export async function ordersBench(put: Put, sizes = [100, 10_000, 100_000], n = 100): Promise<void> {
  const env = await startTestCloud()
  try {
    const c = await cast(env)
    const resident = env.as('bench-resident')
    env.cloud.emulator.db.insert('users', [{ _id: 'bench-resident', nickname: '居民', grants: [], communityId: 'c1', streetId: 's1', gridId: 'c1-g1', createdAt: new Date(), updatedAt: new Date() }])

    // Round trips: every request to the database endpoint during one call.
    const emu = env.cloud.emulator as unknown as { handle: (req: { url?: string }, res: unknown) => Promise<boolean> }
    const handle = emu.handle.bind(emu)
    let trips = 0
    emu.handle = (req, res) => {
      if (req.url?.startsWith('/admin')) trips++
      return handle(req, res)
    }
    const count = async (name: string, user: TestUser, action: string, payload: object, fn = 'order') => {
      trips = 0
      await must(user.call(fn, action, payload))
      put(`trips_${name}`, trips, `${trips} database round trips`)
    }
    // Warm: place names are cached a minute per instance, as a warm cloud function would.
    await must(c.member.call('order', 'hall', {}))
    await count('profile', c.resident, 'profile', {}, 'member')
    const sub = orderInput()
    trips = 0
    const o = await must<{ id: string }>(c.resident.call('order', 'submit', sub))
    put('trips_submit', trips, `${trips} database round trips (content check and notice included)`)
    await must(c.admin.call('order', 'accept', acceptInput(env, o.id)))
    await must(c.admin.call('order', 'publish', { orderId: o.id }))
    await count('claim', c.member, 'claim', { orderId: o.id })
    await count('hall_page', c.member2, 'hall', { size: 20 })
    await must(c.member.call('order', 'start', { orderId: o.id }))
    await must(c.member.call('order', 'complete', { orderId: o.id, note: '好了', photos: [] }))
    await count('confirm', c.resident, 'confirm', { orderId: o.id })

    let loaded = 0
    for (const size of sizes) {
      while (loaded < size) {
        const k = Math.min(10_000, size - loaded)
        env.cloud.emulator.db.insert('orders', bulk(env, loaded, k))
        loaded += k
      }
      const label = size >= 1000 ? `${size / 1000}k` : String(size)
      const hall = await p50(n, () => must(c.member.call('order', 'hall', { size: 20 })))
      const inbox = await p50(n, () => must(c.admin.call('order', 'inbox', { tab: 'todo', size: 20 })))
      const mine = await p50(n, () => must(resident.call('order', 'listMine', { status: 'all', size: 20 })))
      put(`hall_p50_ms_${label}`, hall, `${hall.toFixed(2)} ms p50 at ${size} orders`)
      put(`inbox_todo_p50_ms_${label}`, inbox, `${inbox.toFixed(2)} ms p50 at ${size} orders`)
      put(`listMine_p50_ms_${label}`, mine, `${mine.toFixed(2)} ms p50 at ${size} orders`)
      // 首页's figures: the secretary's counts (by colour, overdue, this month's rates) over the whole community.
      const home = await p50(Math.min(n, 30), () => must(c.admin.call('order', 'summary', {})))
      put(`summary_admin_p50_ms_${label}`, home, `${home.toFixed(2)} ms p50 at ${size} orders (order.summary, 社区书记)`)
    }
  } finally {
    await env.close()
  }
}

if (require.main === module) {
  const rows: string[] = []
  void ordersBench((name, _v, show) => rows.push(`${name.padEnd(28)} ${show}`)).then(() => console.log(rows.join('\n')))
}
