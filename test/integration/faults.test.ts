// The platform fails: requests error out, replies are lost after the write was made. Claims and points
// must still add up once the SLA sweep has reconciled what interrupted calls left behind.
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { acceptInput, cast, must, orderInput, publishedOrder, type Cast } from '../support/orders'

let env: TestCloud
let c: Cast
// The handler logs each unexpected failure; here they are expected, so keep them off the test output.
const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined)
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(async () => {
  await env.close()
  logged.mockRestore()
})

const sweep = () => env.cloud.runtime.invoke('order', { Type: 'Timer', TriggerName: 'slaSweep' }, {})

function invariants(orderId: string, slots: number) {
  const o = env.find('orders', orderId)
  const active = env.findAll('order_claims', { orderId, status: 'active' }).map((x) => x.openid).sort()
  expect(env.findAll('order_claims', { orderId, status: 'pending' })).toEqual([])
  expect([...o.claimerIds].sort()).toEqual(active)
  expect(o.taken).toBe(active.length)
  expect(o.taken + o.slotsFree).toBe(slots)
  expect(o.taken).toBeLessThanOrEqual(slots)
  return o
}

it('100 racing claims under injected errors and lost replies never overfill, and reconcile', async () => {
  const id = await publishedOrder(env, c, { slots: 5 })
  const racers = await Promise.all(Array.from({ length: 100 }, (_, i) => env.user({ id: `f-racer-${i}`, community: 'c1', roles: ['member'] })))
  env.cloud.emulator.setFaults({ errorRate: 0.15, dropReplyRate: 0.05, seed: 7, actions: ['database.'] })
  const results = await Promise.all(racers.map((m) => m.call('order', 'claim', { orderId: id })))
  const injected = env.cloud.emulator.stats().faultsInjected
  env.cloud.emulator.setFaults(undefined)
  expect(injected.error).toBeGreaterThan(0)
  expect(injected.dropReply).toBeGreaterThan(0)
  // Unknown failures are logged with the request id before the INTERNAL answer.
  expect(logged.mock.calls.some(([first]) => /^\[[0-9a-f-]{36}\]$/.test(String(first)))).toBe(true)
  // Every answer is an envelope with a code from the closed set, never a thrown error.
  for (const r of results) if (!r.ok) expect(['FAILED_PRECONDITION', 'ALREADY_EXISTS', 'UNAVAILABLE', 'INTERNAL', 'NOT_FOUND']).toContain(r.error.code)
  expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(5)

  env.clock.advance(61_000) // interrupted claims are reconciled after a minute
  await sweep()
  invariants(id, 5)
})

it('a confirmation retried after a lost reply grants points exactly once', async () => {
  const o = await must(c.resident.call('order', 'submit', orderInput()))
  await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { points: 30, hours: 2 })))
  await must(c.admin.call('order', 'publish', { orderId: o.id }))
  await must(c.member.call('order', 'claim', { orderId: o.id }))
  await must(c.member.call('order', 'start', { orderId: o.id }))
  await must(c.member.call('order', 'complete', { orderId: o.id, note: '已办好', photos: [] }))
  // The commit is applied but its reply is lost: the resident sees an error and taps again.
  env.cloud.emulator.setFaults({ dropReplyRate: 1, actions: ['database.commitTransaction'] })
  const first = await c.resident.call('order', 'confirm', { orderId: o.id })
  env.cloud.emulator.setFaults(undefined)
  expect(first.ok).toBe(false)
  const second = await c.resident.call('order', 'confirm', { orderId: o.id })
  expect(second).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } })
  expect(env.find('orders', o.id).status).toBe('confirmed')
  expect(env.findAll('ledger', { sourceId: o.id })).toEqual([expect.objectContaining({ openid: c.member.openid, points: 30, hours: 2 })])
})

it('a failing database answers INTERNAL with a Chinese message and writes nothing', async () => {
  const before = env.findAll('orders').length
  env.cloud.emulator.setFaults({ errorRate: 1, actions: ['database.insertDocument'] })
  const r = await c.resident.call('order', 'submit', orderInput())
  env.cloud.emulator.setFaults(undefined)
  expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: '系统开小差了，请稍后再试' } })
  expect(env.findAll('orders')).toHaveLength(before)
})
