// Retired places (org.retirePlace) stay on old records but take no new 报到 and are no new home: member.report
// and member.updateProfile refuse a retired community, grid or building, naming the field, and write nothing.
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { reporter, reportInput } from '../support/reports'

let env: TestCloud
let street: TestUser
beforeAll(async () => {
  env = await startTestCloud()
  street = await env.user({ street: 's1', roles: ['streetAdmin'] })
  for (const [kind, id] of [
    ['building', 'c1-g1-b2'],
    ['grid', 'c1-g2'],
    ['community', 'c2'],
  ] as const) {
    const r = await street.call('org', 'retirePlace', { kind, id, reason: '区划调整' })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
  }
})
afterAll(() => env.close())

const world = () => ['registrations', 'users', 'notifications', 'audit'].map((c) => env.findAll(c).sort((a, b) => (a._id < b._id ? -1 : 1)))
async function refused(run: () => Promise<unknown>, field: string) {
  const before = world()
  expect(await run()).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'PLACE_RETIRED', fields: { [field]: '该社区、网格或楼栋已撤销' } } })
  expect(world()).toEqual(before)
}

it('member.report: not to a retired building, grid or community', async () => {
  const p = await reporter(env, { name: '周撤销' })
  await refused(() => p.call('member', 'report', reportInput({ buildingId: 'c1-g1-b2' })), 'buildingId')
  await refused(() => p.call('member', 'report', reportInput({ gridId: 'c1-g2', buildingId: 'c1-g2-b1' })), 'gridId')
  // Someone who lived in 幸福社区 before it was retired.
  const q = await reporter(env, { community: 'c2', name: '吴旧居' })
  await refused(() => q.call('member', 'report', reportInput({ communityId: 'c2', gridId: 'c2-g1', buildingId: 'c2-g1-b1' })), 'communityId')
  // The live places still take it.
  expect(await p.call('member', 'report', reportInput())).toMatchObject({ ok: true, data: { status: 'pending' } })
})

it('member.updateProfile: a retired place is no new choice; where one lived stays as it was', async () => {
  const p = await reporter(env, { name: '郑搬家' })
  await refused(() => p.call('member', 'updateProfile', { communityId: 'c2', gridId: 'c2-g1', buildingId: 'c2-g1-b1' }), 'communityId')
  await refused(() => p.call('member', 'updateProfile', { gridId: 'c1-g2' }), 'gridId')
  await refused(() => p.call('member', 'updateProfile', { buildingId: 'c1-g1-b2' }), 'buildingId')
  // A person whose building was retired may still save the rest of their profile, sending it back as it was.
  const q = await env.user({ community: 'c1', building: 'c1-g1-b2', name: '钱老住户' })
  expect(await q.call('member', 'updateProfile', { gridId: 'c1-g1', buildingId: 'c1-g1-b2', room: '3单元303' })).toMatchObject({ ok: true, data: { buildingId: 'c1-g1-b2', room: '3单元303' } })
  expect(await p.call('member', 'updateProfile', { gridId: 'c1-g1', buildingId: 'c1-g1-b1' })).toMatchObject({ ok: true, data: { buildingId: 'c1-g1-b1' } })
})
