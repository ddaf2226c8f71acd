// The points function when the platform fails: requests error out and replies are lost after the write
// was made (10% and 5% of database calls). Clients retry the way the app does (the same request again);
// afterwards, from the stored data: one entry per grant, stock never below zero and exactly what was
// redeemed, every balance equal to its ledger, nothing held that no live redemption holds.
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { retryingOn } from '../support/retry'
import { cast, must, type Cast } from '../support/orders'
import { checkBalances, makeGoods, pkey, seedPoints } from '../support/points'

jest.setTimeout(300_000)

let env: TestCloud
let c: Cast
const quiet = [jest.spyOn(console, 'error').mockImplementation(() => undefined), jest.spyOn(console, 'warn').mockImplementation(() => undefined), jest.spyOn(console, 'log').mockImplementation(() => undefined)]
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(async () => {
  await env.close()
  for (const q of quiet) q.mockRestore()
})

const sweep = () => env.cloud.runtime.invoke('points', { Type: 'Timer', TriggerName: 'pointsSweep' }, {}) as Promise<any>

const retrying = retryingOn('points')

const faults = (seed: number) => env.cloud.emulator.setFaults({ errorRate: 0.1, dropReplyRate: 0.05, seed, actions: ['database.'] })

it('the same grant sent 50 times at once under faults: one entry, one balance change, one audit entry', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'] })
  const payload = { requestKey: pkey(), openid: m.openid, points: 25, reason: '补记活动积分' }
  faults(3)
  const results = await Promise.all(Array.from({ length: 50 }, () => retrying(c.admin, 'adjust', payload)))
  env.cloud.emulator.setFaults(undefined)
  expect(results.every((r) => r.ok)).toBe(true)
  expect(env.findAll('ledger', { openid: m.openid })).toHaveLength(1)
  expect(env.find('balances', m.openid)).toMatchObject({ points: 25, version: 1 })
  expect(env.findAll('audit', { targetId: m.openid })).toHaveLength(1)
  checkBalances(env)
})

it('500 concurrent redemptions of 20 items under faults: exactly 20, stock 0, balances equal their ledger', async () => {
  const g = await makeGoods(c.admin, { price: 30, stock: 20, limit: 1 })
  const people = await Promise.all(Array.from({ length: 500 }, (_, i) => env.user({ id: `fr-${i}`, community: 'c1', roles: ['member'] })))
  for (const p of people) seedPoints(env, p.openid, 50)
  faults(5)
  const results = await Promise.all(people.map((p) => retrying(p, 'redeem', { requestKey: pkey(), goodsId: g.id })))
  const injected = env.cloud.emulator.stats().faultsInjected
  env.cloud.emulator.setFaults(undefined)
  expect(injected.error).toBeGreaterThan(50)
  expect(injected.dropReply).toBeGreaterThan(10)
  // The timer finishes what a call left halfway, a minute on.
  env.clock.advance(2 * 60_000)
  const report = await sweep()
  expect(report.ok).toBe(true)
  const won = results.filter((r) => r.ok)
  for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ error: { reason: 'GOODS_SOLD_OUT' } })
  const ready = env.findAll('redemptions', { goodsId: g.id, status: 'ready' })
  expect(ready).toHaveLength(20)
  // Whoever heard ok holds one; whoever holds one heard ok.
  expect(won.map((r) => (r.ok ? (r.data as { id: string }).id : '')).sort()).toEqual(ready.map((r) => r._id).sort())
  const goods = env.find('goods', g.id)
  expect(goods.stock).toBe(0)
  expect([...goods.holds].sort()).toEqual(ready.map((r) => r._id).sort())
  // Points taken exactly once per live redemption, and given back for every other.
  for (const p of people) {
    const b = env.find('balances', p.openid)
    const holds = ready.some((r) => r.openid === p.openid)
    expect([p.openid, b.points]).toEqual([p.openid, holds ? 20 : 50])
  }
  expect(env.findAll('redemptions', { goodsId: g.id, status: 'placed' })).toEqual([])
  expect(env.findAll('redemptions', { goodsId: g.id, due: { $exists: true } })).toEqual([])
  checkBalances(env)
})

it('cancellations and pickups under faults give back exactly what was taken', async () => {
  const g = await makeGoods(c.admin, { price: 10, stock: 30, limit: 1 })
  const people = await Promise.all(Array.from({ length: 30 }, (_, i) => env.user({ id: `fc-${i}`, community: 'c1', roles: ['volunteer'] })))
  for (const p of people) seedPoints(env, p.openid, 10)
  const got = await Promise.all(people.map(async (p) => must(p.call('points', 'redeem', { requestKey: pkey(), goodsId: g.id }))))
  faults(9)
  await Promise.all(
    got.map((r, i) => (i % 2 ? retrying(people[i], 'cancelRedemption', { redemptionId: r.id }) : retrying(c.admin, 'verifyPickup', { code: r.code }))),
  )
  env.cloud.emulator.setFaults(undefined)
  env.clock.advance(2 * 60_000)
  await sweep()
  const goods = env.find('goods', g.id)
  expect(goods).toMatchObject({ stock: 15, holds: [] })
  for (const [i, p] of people.entries()) expect(env.find('balances', p.openid).points).toBe(i % 2 ? 10 : 0)
  expect(env.findAll('redemptions', { goodsId: g.id, due: { $exists: true } })).toEqual([])
  checkBalances(env)
})
