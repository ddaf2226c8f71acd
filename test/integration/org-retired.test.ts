// A retired building stays on old records but is no longer offered or accepted for new ones; and what an
// org move could not deliver is delivered by the org timer.
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { cast, must, orderInput, type Cast } from '../support/orders'

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

it('a retired building is not offered in the tree and not accepted for a new order; old orders keep it', async () => {
  const old = await must(c.resident.call('order', 'submit', orderInput({ place: { kind: 'room', buildingId: 'c1-g1-b2', room: '101' } })))
  await must(c.street.call('org', 'retirePlace', { kind: 'building', id: 'c1-g1-b2', reason: '楼栋已拆除' }))
  const tree = await must(c.resident.call('member', 'orgTree', {}))
  expect(tree.buildings.map((b: { id: string }) => b.id)).not.toContain('c1-g1-b2')
  expect(tree.buildings.map((b: { id: string }) => b.id)).toContain('c1-g1-b1')
  const before = env.findAll('orders').length
  expect(await c.resident.call('order', 'submit', orderInput({ place: { kind: 'room', buildingId: 'c1-g1-b2', room: '101' } }))).toMatchObject({
    ok: false,
    error: { reason: 'BUILDING_NOT_IN_GRID', fields: { 'place.buildingId': '请选择本社区的楼栋' } },
  })
  expect(env.findAll('orders')).toHaveLength(before)
  expect(await must(c.resident.call('order', 'get', { orderId: old.id }))).toMatchObject({ buildingName: expect.any(String) })
})

it('the org timer delivers the audit entry a retire could not', async () => {
  env.cloud.emulator.setFaults({ errorRate: 1, seed: 2, actions: ['database.insertDocument'] })
  await must(c.street.call('org', 'retirePlace', { kind: 'building', id: 'c1-g2-b1', reason: '合并到其他楼栋' }))
  env.cloud.emulator.setFaults(undefined)
  const pending = env.find('buildings', 'c1-g2-b1').outbox
  expect(pending.length).toBeGreaterThan(0)
  env.clock.advance(2 * 60_000)
  const r = (await env.cloud.runtime.invoke('org', { Type: 'Timer', TriggerName: 'orgSweep' }, {})) as { ok: boolean }
  expect(r.ok).toBe(true)
  expect(env.find('buildings', 'c1-g2-b1').outbox).toEqual([])
  for (const e of pending) if (e.kind === 'audit') expect(env.find('audit', e.id)).toMatchObject({ action: e.action, by: c.street.openid })
})
