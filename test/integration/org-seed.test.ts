// The org demo data is made through the calls (localcloud/seed-org.ts): u1 an approved 共建单位 of
// 和平社区, three needs, a project done and one under way; run again (a resumed start), it adds nothing.
import { seedDemo, seedMembers } from '../../localcloud/seed'
import { seedOrg } from '../../localcloud/seed-org'
import { startTestCloud, type TestCloud } from '../support/localCloud'

jest.setTimeout(120_000)

let env: TestCloud
beforeAll(async () => {
  env = await startTestCloud({ world: false })
  seedDemo(env.cloud.emulator)
  await seedMembers(env.cloud)
})
afterAll(() => env.close())

const snapshot = () => ['unit_registrations', 'needs', 'projects', 'audit', 'notifications'].map((c) => env.findAll(c).sort((a, b) => (a._id < b._id ? -1 : 1)))

it('seeds the unit, its approval, the needs and the projects through the calls, once', async () => {
  await seedOrg(env.cloud.runtime)
  expect(env.findAll('unit_registrations')).toEqual([expect.objectContaining({ unitId: 'u1', communityId: 'c1', status: 'approved', outbox: [] })])
  expect(env.findAll('needs').map((n) => n.title).sort()).toEqual(['暑期少儿托管', '楼道堆物清理', '老年人法律援助'].sort())
  expect(Object.fromEntries(env.findAll('projects').map((p) => [p.title, p.status]))).toEqual({ 老年人法律援助: 'done', 楼道清理党员先锋行动: 'implementing' })
  const before = snapshot()
  await seedOrg(env.cloud.runtime, { resuming: true })
  expect(snapshot()).toEqual(before)

  // The unit's ledger lists its members (双报到 with the unit), and residents see the public board.
  const ledger = (await env.as('demo-unit-admin').call('org', 'unitMembers', { size: 50 })) as { ok: true; data: { items: unknown[] } }
  expect(ledger.data.items.length).toBeGreaterThanOrEqual(12)
  const board = (await env.as('demo-resident-1').call('org', 'projects', {})) as { ok: true; data: { items: Array<{ unitName: string }> } }
  expect(board.data.items.map((p) => p.unitName)).toEqual(['区税务局机关党支部', '区税务局机关党支部'])
})
