// The demo data npm start writes: what the README promises, made through the real calls.
import { seedDemo, seedMembers } from '../../localcloud/seed'
import { seedActivities } from '../../localcloud/seed-activities'
import { seedOrders } from '../../localcloud/seed-orders'
import { startTestCloud, type TestCloud } from '../support/localCloud'

jest.setTimeout(60_000)

let env: TestCloud
beforeAll(async () => {
  env = await startTestCloud({ world: false })
})
afterAll(() => env.close())

it('seeds every role, 60+ approved members in the first community, and orders in several states (one confirmed, done by a member of the unit u1)', async () => {
  expect(seedDemo(env.cloud.emulator)).toBe(true)
  expect(seedDemo(env.cloud.emulator)).toBe(false) // only into an empty store
  // Nobody is a member by hand: they report and are approved through the calls.
  expect(env.findAll('users', { 'grants.role': 'member' })).toEqual([])
  expect(await seedMembers(env.cloud)).toBe(66)
  expect(await seedMembers(env.cloud)).toBe(66) // again: the same requests, nothing new
  expect(env.findAll('registrations')).toHaveLength(66)
  expect(env.findAll('users', { demo: true, 'consent.version': { $exists: true } })).toHaveLength(env.findAll('users', { demo: true }).length)
  const members = env.findAll('users', { grants: { $elemMatch: { role: 'member', communityId: 'c1' } } })
  expect(members.length).toBeGreaterThanOrEqual(60)
  expect(env.findAll('registrations', { communityId: 'c1', status: 'approved', type: 'member' }).length).toBeGreaterThanOrEqual(60)
  for (const role of ['gridWorker', 'communityAdmin', 'streetAdmin', 'unitAdmin', 'department', 'volunteer']) {
    expect(env.findAll('users', { 'grants.role': role }).length).toBeGreaterThan(0)
  }
  expect(env.findAll('users', { 'grants.role': 'communityAdmin', communityId: 'c2' })).toHaveLength(1)
  // The 核销员 of 和平社区's 爱心超市, appointed by its admin through org.assign (once, though seeded twice).
  expect(env.find('users', 'demo-verifier-c1')).toMatchObject({ realName: '黄淑珍', communityId: 'c1', grants: [expect.objectContaining({ role: 'storeVerifier', communityId: 'c1' })] })
  expect(env.find('users', 'demo-verifier-c1').grants).toHaveLength(1)
  expect(env.findAll('audit', { targetId: 'demo-verifier-c1', action: 'assign' })).toEqual([expect.objectContaining({ by: 'demo-admin-c1', role: 'communityAdmin' })])

  await seedOrders(env.cloud.runtime, env.clock.now())
  const states = env.findAll('orders').map((o) => o.status).sort()
  expect(states).toEqual(['confirmed', 'done', 'published', 'published', 'submitted', 'submitted', 'submitted'])
  // One in the hall with its place taken (已领单), one still open.
  expect(env.findAll('orders', { status: 'published' }).map((o) => o.taken).sort()).toEqual([0, 1])
  // Work done by a member of the unit u1 and confirmed: the unit's 报到台账 shows it.
  const ledger = await env.as('demo-unit-admin').call('org', 'unitMembers', { size: 50 })
  expect(ledger.ok && ledger.data.items.find((m: { id: string }) => m.id === 'demo-member-10')).toMatchObject({ ordersDone: 1, hours: 2, points: 20 })
})

it('seeds volunteer activities: open with people signed up, role buckets, one full with a waiting list, a draft; again writes nothing new', async () => {
  expect(await seedActivities(env.cloud.runtime, env.clock.now())).toBe(4)
  const before = JSON.stringify(env.findAll('activities').map((a) => [a._id, a.version]))
  expect(await seedActivities(env.cloud.runtime, env.clock.now())).toBe(4)
  expect(JSON.stringify(env.findAll('activities').map((a) => [a._id, a.version]))).toBe(before)
  const all = env.findAll('activities')
  expect(all.map((a) => a.status).sort()).toEqual(['draft', 'published', 'published', 'published'])
  const clinic = all.find((a) => a.title === '周末义诊引导员')
  expect(clinic).toMatchObject({ reg: { b1: ['demo-member-01'] }, wl: { b1: ['demo-volunteer-2'] } })
  const list = await env.as('demo-resident-1').call('activity', 'list', {})
  expect(list.ok && list.data.items.map((x: { title: string }) => x.title)).toEqual(['社区环境清洁日', '周末义诊引导员', '敬老院陪伴日'])
  expect(env.findAll('activity_signups', { place: 'registered' })).toHaveLength(5)
})
