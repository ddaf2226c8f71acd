// 核销员: a community admin appoints a person as the 爱心超市's verifier for their community (a grant,
// storeVerifier, given by org.assign like every staff role: audited, the person told). The verifier checks
// off pickups there by code, and nothing else: not another community's pickups, not the goods, not the
// store's list, not someone else's redemption. Taken back by org.revoke, the power goes with it.
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { cast, must, type Cast } from '../support/orders'
import { makeGoods, pkey, seedPoints } from '../support/points'

jest.setTimeout(120_000)

let env: TestCloud
let c: Cast
let verifier: TestUser
let admin2: TestUser
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
  verifier = await env.user({ community: 'c1', name: '郑核销', phone: '13800007777' })
  admin2 = c.otherAdmin
})
afterAll(() => env.close())

/** Everything the points and org calls write, to prove a refusal wrote nothing. */
const world = () => ['ledger', 'balances', 'goods', 'redemptions', 'audit', 'notifications', 'users'].map((k) => JSON.stringify(env.findAll(k)))

/** A ready redemption of a member of `communityId`, made in that community's store by `admin`. */
async function readyRedemption(admin: TestUser, communityId = 'c1') {
  const m = await env.user({ community: communityId, roles: ['member'], name: '冯兑换' })
  seedPoints(env, m.openid, 100, communityId)
  const g = await makeGoods(admin, { price: 20, stock: 5, limit: 3 })
  const r = await must(m.call('points', 'redeem', { requestKey: pkey(), goodsId: g.id }))
  return { member: m, goods: g, redemption: r as { id: string; code: string } }
}

describe('appointing a 核销员', () => {
  it('a community admin appoints a person of their community: the grant, an audit entry, a notice that says where to work', async () => {
    const person = await must(c.admin.call('org', 'assign', { userId: verifier.openid, role: 'storeVerifier', scopeId: 'c1', reason: '超市值班' }))
    expect(person.grants).toEqual([expect.objectContaining({ role: 'storeVerifier', communityId: 'c1', label: '核销员', scopeName: '和平社区' })])
    expect(env.find('users', verifier.openid).grants).toEqual([{ role: 'storeVerifier', streetId: 's1', communityId: 'c1' }])
    expect(env.findAll('audit', { targetId: verifier.openid, action: 'assign' })).toEqual([expect.objectContaining({ by: c.admin.openid, role: 'communityAdmin', note: '任命为核销员（和平社区）：超市值班' })])
    expect(env.findAll('notifications', { openid: verifier.openid })).toEqual([expect.objectContaining({ title: '您有新的任命', body: expect.stringContaining('爱心超市核销'), link: '/packages/points/admin/index' })])
    // Their profile lists the role.
    expect((await must(verifier.call('member', 'profile', {}))).roles).toContain('storeVerifier')
  })

  it('only for their own community, and only by those who may appoint', async () => {
    const someone = await env.user({ community: 'c1' })
    const before = world()
    expect(await admin2.call('org', 'assign', { userId: someone.openid, role: 'storeVerifier', scopeId: 'c1', reason: '跨社区' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'OUT_OF_SCOPE' } })
    expect(await c.admin.call('org', 'assign', { userId: someone.openid, role: 'storeVerifier', scopeId: 'c2', reason: '跨社区' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'OUT_OF_SCOPE' } })
    expect(await c.member.call('org', 'assign', { userId: someone.openid, role: 'storeVerifier', scopeId: 'c1', reason: '自荐' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    // A verifier appoints nobody.
    expect(await verifier.call('org', 'assign', { userId: someone.openid, role: 'storeVerifier', scopeId: 'c1', reason: '帮手' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await c.admin.call('org', 'assign', { userId: someone.openid, role: 'storeVerifier', scopeId: 'c1' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { reason: expect.any(String) } } })
    expect(world()).toEqual(before)
    // The street appoints one for any community of the street.
    await must(c.street.call('org', 'assign', { userId: someone.openid, role: 'storeVerifier', scopeId: 'c2', reason: '街道统筹' }))
    expect(env.find('users', someone.openid).grants).toEqual([{ role: 'storeVerifier', streetId: 's1', communityId: 'c2' }])
  })
})

describe('what a 核销员 may do', () => {
  it('checks off a pickup of their community by code: collected, the stock’s hold let go, the person told', async () => {
    const { member, goods, redemption } = await readyRedemption(c.admin)
    const done = await must(verifier.call('points', 'verifyPickup', { code: redemption.code }))
    expect(done).toMatchObject({ id: redemption.id, status: 'collected', personName: '冯*', code: redemption.code })
    // The store's actions (cancel) are not theirs.
    expect(done.actions).toEqual([])
    const stored = env.find('redemptions', redemption.id)
    expect(stored).toMatchObject({ status: 'collected' })
    expect(stored.timeline.at(-1)).toMatchObject({ action: 'collect', by: verifier.openid })
    expect(env.find('goods', goods.id).holds).toEqual([])
    expect(env.findAll('notifications', { openid: member.openid, title: '已领取' })).toHaveLength(1)
    // Again: the same answer, nothing more.
    expect(await must(verifier.call('points', 'verifyPickup', { code: redemption.code }))).toMatchObject({ status: 'collected' })
  })

  it('not another community’s pickups, and nothing else of the store', async () => {
    const inC2 = await readyRedemption(admin2, 'c2')
    const inC1 = await readyRedemption(c.admin)
    const before = world()
    // Named: out of scope. Not named: their own community's store has no such code.
    expect(await verifier.call('points', 'verifyPickup', { code: inC2.redemption.code, communityId: 'c2' })).toMatchObject({ ok: false, error: { reason: 'OUT_OF_SCOPE' } })
    expect(await verifier.call('points', 'verifyPickup', { code: inC2.redemption.code })).toMatchObject({ ok: false, error: { reason: 'PICKUP_CODE_UNKNOWN' } })
    expect(await verifier.call('points', 'saveGoods', { requestKey: pkey(), name: '米', price: 5, stock: 1, limit: 1 })).toMatchObject({ ok: false, error: { reason: 'ROLE_REQUIRED' } })
    expect(await verifier.call('points', 'saveGoods', { id: inC1.goods.id, name: '米', price: 1, stock: 99, limit: 1 })).toMatchObject({ ok: false, error: { reason: 'ROLE_REQUIRED' } })
    expect(await verifier.call('points', 'storeRedemptions', {})).toMatchObject({ ok: false, error: { reason: 'ROLE_REQUIRED' } })
    expect(await verifier.call('points', 'adjust', { requestKey: pkey(), openid: inC1.member.openid, points: 5, reason: '加分' })).toMatchObject({ ok: false, error: { reason: 'ROLE_REQUIRED' } })
    expect(await verifier.call('points', 'cancelRedemption', { redemptionId: inC1.redemption.id })).toMatchObject({ ok: false, error: { reason: 'ROLE_REQUIRED' } })
    expect(world()).toEqual(before)
  })

  it('a 核销员 who is also a member there cancels only their own redemption, never someone else’s', async () => {
    const both = await env.user({ community: 'c1', roles: ['member', 'storeVerifier'] })
    const { redemption } = await readyRedemption(c.admin)
    const before = world()
    expect(await both.call('points', 'cancelRedemption', { redemptionId: redemption.id })).toMatchObject({ ok: false, error: { reason: 'REDEMPTION_NOT_FOUND' } })
    expect(world()).toEqual(before)
    // …but checks it off.
    expect(await must(both.call('points', 'verifyPickup', { code: redemption.code }))).toMatchObject({ status: 'collected' })
  })

  it('a 核销员 of another community cannot check off this one’s pickups', async () => {
    const other = await env.user({ community: 'c2', roles: ['storeVerifier'] })
    const { redemption } = await readyRedemption(c.admin)
    const before = world()
    expect(await other.call('points', 'verifyPickup', { code: redemption.code, communityId: 'c1' })).toMatchObject({ ok: false, error: { reason: 'OUT_OF_SCOPE' } })
    expect(await other.call('points', 'verifyPickup', { code: redemption.code })).toMatchObject({ ok: false, error: { reason: 'PICKUP_CODE_UNKNOWN' } })
    expect(world()).toEqual(before)
    expect(env.find('redemptions', redemption.id).status).toBe('ready')
  })

  it('revoked, the power goes: the next pickup is refused', async () => {
    const { redemption } = await readyRedemption(c.admin)
    await must(c.admin.call('org', 'revoke', { userId: verifier.openid, role: 'storeVerifier', scopeId: 'c1', reason: '值班结束' }))
    expect(env.find('users', verifier.openid).grants).toEqual([])
    expect(await verifier.call('points', 'verifyPickup', { code: redemption.code })).toMatchObject({ ok: false, error: { reason: 'ROLE_REQUIRED' } })
    expect(env.find('redemptions', redemption.id).status).toBe('ready')
  })
})
