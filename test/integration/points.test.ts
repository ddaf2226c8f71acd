// The points function end to end on the local cloud: balances kept with the ledger, history, the
// admin's adjustments, reconciliation, the 爱心超市 (goods, redemptions, pickup, cancel), the service
// record and its public check, rankings; and every call refused out of its role or scope, writing nothing.
import { db } from '../../cloudfunctions/common/cloud'
import { deliver } from '../../cloudfunctions/common/outbox'
import { ledgerKey, type LedgerEffect } from '../../shared/core/effects'
import { orderPoints } from '../../shared/points/rules'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { acceptInput, cast, must, orderInput, type Cast } from '../support/orders'
import { checkBalances, makeGoods, pkey, seedPoints } from '../support/points'

jest.setTimeout(120_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

const sweep = () => env.cloud.runtime.invoke('points', { Type: 'Timer', TriggerName: 'pointsSweep' }, {}) as Promise<any>

/** An order done by `member` for `resident`, confirmed: the member is paid through the ledger. */
async function confirmedOrder(resident: TestUser, member: TestUser, over: Record<string, unknown> = {}) {
  const o = await must(resident.call('order', 'submit', orderInput()))
  await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { points: 10, hours: 2, ...over })))
  await must(c.admin.call('order', 'publish', { orderId: o.id }))
  await must(member.call('order', 'claim', { orderId: o.id }))
  await must(member.call('order', 'start', { orderId: o.id }))
  await must(member.call('order', 'complete', { orderId: o.id, note: '已处理好', photos: [] }))
  await must(resident.call('order', 'confirm', { orderId: o.id }))
  return o.id as string
}

describe('balance and history', () => {
  it('confirmed work shows in the balance, the history, the star level and the record', async () => {
    const m = await env.user({ community: 'c1', roles: ['member'], name: '钱积分' })
    const id = await confirmedOrder(c.resident, m)
    const b = await must(m.call('points', 'balance', {}))
    expect(b).toMatchObject({ points: 10, hours: 2, confirmedHours: 2, star: { level: 0, label: '未评星', nextAt: 100, nextLabel: '一星', toNext: 98 }, optOut: false })
    const h = await must(m.call('points', 'history', {}))
    expect(h.items).toEqual([expect.objectContaining({ id: `order:${id}:${m.openid}`, sourceType: 'order', points: 10, hours: 2 })])
    expect(env.find('balances', m.openid)).toMatchObject({ points: 10, hours: 2, confirmedHours: 2, version: 1 })
    const rec = await must(m.call('points', 'record', {}))
    expect(rec).toMatchObject({ confirmedHours: 2, communityName: '和平社区', items: [expect.objectContaining({ hours: 2, org: '和平社区' })] })
    // The same record again: the same code. Anyone can check it, without a login.
    expect((await must(m.call('points', 'record', {}))).code).toBe(rec.code)
    const check = await env.cloud.runtime.invoke('points', { action: 'verifyRecord', payload: { code: rec.code } }, {})
    expect(check).toEqual({ ok: true, data: expect.objectContaining({ valid: true, name: '钱*', confirmedHours: 2, count: 1 }) })
    expect(await env.cloud.runtime.invoke('points', { action: 'verifyRecord', payload: { code: 'ZZZZZZZZZZ' } }, {})).toEqual({ ok: true, data: { valid: false, code: 'ZZZZZZZZZZ' } })
    // Other calls still need a login.
    expect(await env.cloud.runtime.invoke('points', { action: 'balance', payload: {} }, {})).toMatchObject({ ok: false, error: { reason: 'NOT_LOGGED_IN' } })
    checkBalances(env)
  })

  it('the same adjustment sent 50 times at once is one entry and one balance change', async () => {
    const m = await env.user({ community: 'c1', roles: ['member'] })
    const payload = { requestKey: pkey(), openid: m.openid, points: 30, reason: '补记社区活动积分' }
    const results = await Promise.all(Array.from({ length: 50 }, async () => {
      for (let i = 0; i < 20; i++) {
        const r = await c.admin.call('points', 'adjust', payload)
        if (r.ok || r.error.code !== 'UNAVAILABLE') return r
      }
      throw new Error('never got through')
    }))
    expect(results.every((r) => r.ok)).toBe(true)
    expect(env.findAll('ledger', { openid: m.openid })).toHaveLength(1)
    expect(env.find('balances', m.openid)).toMatchObject({ points: 30, version: 1 })
    expect(env.findAll('audit', { targetId: m.openid })).toHaveLength(1)
    expect(env.findAll('notifications', { openid: m.openid, type: 'points' })).toHaveLength(1)
    checkBalances(env)
  })

  it('adjustments: a reason always; hours need evidence, are flagged and capped; never below zero', async () => {
    const m = await env.user({ community: 'c1', roles: ['member'] })
    const before = env.findAll('ledger').length
    const refuse = async (payload: object, reason: string) => expect(await c.admin.call('points', 'adjust', { requestKey: pkey(), openid: m.openid, ...payload })).toMatchObject({ ok: false, error: { reason } })
    await refuse({ points: 10 }, 'BAD_INPUT')
    await refuse({ points: 10, reason: '  ' }, 'BAD_INPUT')
    await refuse({ hours: 2, reason: '补录服务时长' }, 'ADJUSTMENT_INVALID')
    await refuse({ hours: 10, reason: '补录服务时长', evidence: ['cloud://x/y.jpg'] }, 'ADJUSTMENT_INVALID')
    await refuse({ points: -5, reason: '扣除' }, 'POINTS_INSUFFICIENT')
    await refuse({ points: 0, reason: '无' }, 'ADJUSTMENT_INVALID')
    expect(env.findAll('ledger')).toHaveLength(before)
    const e = await must(c.admin.call('points', 'adjust', { requestKey: pkey(), openid: m.openid, hours: 3, reason: '补录敬老院服务', evidence: ['cloud://env/uploads/x/202611/a.jpg'] }))
    expect(e).toMatchObject({ hours: 3, flagged: true, reason: '补录敬老院服务' })
    // Admin-entered hours count in hours, not in confirmed hours (the star level).
    expect(await must(m.call('points', 'balance', {}))).toMatchObject({ hours: 3, confirmedHours: 0 })
    expect((await must(m.call('points', 'record', {}))).items).toEqual([expect.objectContaining({ hours: 3, flagged: true })])
  })

  it('reconciliation finds a planted drift, fixes it from the ledger and tells the admin', async () => {
    const m = await env.user({ community: 'c1', roles: ['member'], name: '孙漂移' })
    await must(c.admin.call('points', 'adjust', { requestKey: pkey(), openid: m.openid, points: 40, reason: '活动奖励' }))
    // The timer checks everyone whose entries changed: nothing to fix.
    let report = await sweep()
    expect(report.data.reconcile.failed).toBe(0)
    expect(env.find('balances', m.openid).recheckAt).toBeUndefined()
    // Planted: the cached balance says 90.
    await db.collection('balances').doc(m.openid).update({ points: 90 })
    const r = await must(c.admin.call('points', 'reconcile', { openid: m.openid }))
    expect(r).toEqual({ checked: 1, fixed: 1, complete: true })
    expect(env.find('balances', m.openid)).toMatchObject({ points: 40 })
    const n = env.findAll('notifications', { openid: c.admin.openid, type: 'points' })
    expect(n).toEqual([expect.objectContaining({ title: '积分对账发现差异', body: expect.stringContaining('应为40') })])
    // The timer, too, for a person marked changed.
    await db.collection('balances').doc(m.openid).update({ points: 7, recheckAt: new Date(env.clock.now()) })
    env.clock.advance(1000)
    report = await sweep()
    expect(report.data.reconcile.acted).toBe(1)
    expect(env.find('balances', m.openid).points).toBe(40)
    // The whole community on demand.
    expect(await must(c.admin.call('points', 'reconcile', {}))).toMatchObject({ fixed: 0, complete: true })
    checkBalances(env)
  })

  it('farming hits the cool-down for the same pair and the daily cap', async () => {
    // Order pay as confirmation writes it (a ledger effect through the outbox), asking for the limits.
    const m = await env.user({ community: 'c1', roles: ['member'] })
    let n = 0
    const pay = async (resident: string, points: number, hours: number) => {
      const id = `farm-${++n}-${m.openid}`
      const effect: LedgerEffect = { kind: 'ledger', id: ledgerKey('order', id, m.openid), openid: m.openid, communityId: 'c1', sourceType: 'order', sourceId: id, points: orderPoints({ colour: 'green', points, hours }), hours, note: '服务单', at: new Date(env.clock.now()), counterpart: resident, limited: true }
      expect(await deliver('orders', { _id: id }, [effect])).toBe(true)
      // Delivered again (a retry, the sweep): nothing changes.
      expect(await deliver('orders', { _id: id }, [effect])).toBe(true)
      return env.find('ledger', effect.id)
    }
    expect(await pay('r-1', 10, 1)).toMatchObject({ points: 10, hours: 1 })
    // The same resident again within the cool-down: hours count, points do not.
    expect(await pay('r-1', 10, 1)).toMatchObject({ points: 0, hours: 1, capped: 'cooldown', requested: { points: 10, hours: 1 } })
    // No resident's id is kept in the member's entries (a hash of the pair only).
    expect(JSON.stringify(env.findAll('ledger', { openid: m.openid }))).not.toContain('r-1')
    // Others the same day: up to the daily cap of 100 (20 a time: 2 h of green work).
    const paid = []
    for (let i = 0; i < 6; i++) paid.push((await pay(`r-x${i}`, 30, 2)).points)
    expect(paid).toEqual([20, 20, 20, 20, 10, 0])
    expect(env.find('balances', m.openid)).toMatchObject({ points: 100, hours: 14, confirmedHours: 14 })
    const h = await must(m.call('points', 'history', { size: 20 }))
    const daily = h.items.filter((x: { capped?: string }) => x.capped === 'daily').map((x: { points: number; cappedLabel: string }) => [x.points, x.cappedLabel])
    expect(daily.sort()).toEqual([[0, '已达当日积分上限'], [10, '已达当日积分上限']])
    // The next day pays again; after the cool-down the same pair earns again.
    env.clock.advance(25 * 3600_000)
    expect((await pay('r-1', 10, 1)).points).toBe(10)
    checkBalances(env)
  })
})

describe('爱心超市', () => {
  it('goods, redeem, pickup by code, history on both sides; cancel gives stock and points back', async () => {
    const m = await env.user({ community: 'c1', roles: ['member'], name: '周兑换' })
    seedPoints(env, m.openid, 120)
    const g = await makeGoods(c.admin, { price: 50, stock: 2, limit: 2 })
    const list = await must(m.call('points', 'goods', {}))
    expect(list.items.map((x: { id: string }) => x.id)).toContain(g.id)
    const key = pkey()
    const r = await must(m.call('points', 'redeem', { requestKey: key, goodsId: g.id }))
    expect(r).toMatchObject({ status: 'ready', statusLabel: '待领取', code: expect.stringMatching(/^\d{8}$/), actions: ['cancel'] })
    // A retry of the same request: the same redemption, nothing taken twice.
    expect(await must(m.call('points', 'redeem', { requestKey: key, goodsId: g.id }))).toMatchObject({ id: r.id, code: r.code })
    expect(env.find('goods', g.id)).toMatchObject({ stock: 1, holds: [r.id] })
    expect(env.find('balances', m.openid).points).toBe(70)
    // The store sees it, without the code until it is checked off.
    const store = await must(c.admin.call('points', 'storeRedemptions', {}))
    expect(store.items[0]).toMatchObject({ id: r.id, personName: '周*' })
    expect(store.items[0].code).toBeUndefined()
    const done = await must(c.admin.call('points', 'verifyPickup', { code: r.code }))
    expect(done).toMatchObject({ id: r.id, status: 'collected' })
    expect(await c.admin.call('points', 'verifyPickup', { code: r.code })).toMatchObject({ ok: true, data: { status: 'collected' } })
    expect(env.find('goods', g.id)).toMatchObject({ stock: 1, holds: [] })
    expect(await m.call('points', 'cancelRedemption', { redemptionId: r.id })).toMatchObject({ ok: false, error: { reason: 'REDEMPTION_TRANSITION_NOT_ALLOWED' } })
    // A second one, cancelled: stock and points come back, once.
    const r2 = await must(m.call('points', 'redeem', { requestKey: pkey(), goodsId: g.id }))
    expect(env.find('balances', m.openid).points).toBe(20)
    expect(env.find('goods', g.id).stock).toBe(0)
    expect(await must(m.call('points', 'cancelRedemption', { redemptionId: r2.id }))).toMatchObject({ status: 'cancelled' })
    expect(await must(m.call('points', 'cancelRedemption', { redemptionId: r2.id }))).toMatchObject({ status: 'cancelled' })
    expect(env.find('goods', g.id)).toMatchObject({ stock: 1, holds: [] })
    expect(env.find('balances', m.openid).points).toBe(70)
    // The limit counts collected ones: one more is allowed (2), then no more.
    const r3 = await must(m.call('points', 'redeem', { requestKey: pkey(), goodsId: g.id }))
    expect(r3.status).toBe('ready')
    await must(c.admin.call('points', 'adjust', { requestKey: pkey(), openid: m.openid, points: 50, reason: '活动奖励' }))
    const g2 = await makeGoods(c.admin, { price: 10, stock: 5, limit: 2 })
    await must(m.call('points', 'redeem', { requestKey: pkey(), goodsId: g2.id }))
    await must(m.call('points', 'redeem', { requestKey: pkey(), goodsId: g2.id }))
    expect(await m.call('points', 'redeem', { requestKey: pkey(), goodsId: g2.id })).toMatchObject({ ok: false, error: { reason: 'GOODS_LIMIT_REACHED' } })
    const mine = await must(m.call('points', 'redemptions', {}))
    expect(mine.items.map((x: { status: string }) => x.status).sort()).toEqual(['cancelled', 'collected', 'ready', 'ready', 'ready'])
    expect(await m.call('points', 'redeem', { requestKey: pkey(), goodsId: g.id })).toMatchObject({ ok: false, error: { reason: 'GOODS_SOLD_OUT' } })
    checkBalances(env)
  })

  it('points short, off the shelf, a bad code: refused, nothing taken', async () => {
    const m = await env.user({ community: 'c1', roles: ['volunteer'] })
    seedPoints(env, m.openid, 10)
    const g = await makeGoods(c.admin, { price: 50, stock: 3 })
    const before = { redemptions: env.findAll('redemptions').length, ledger: env.findAll('ledger').length }
    expect(await m.call('points', 'redeem', { requestKey: pkey(), goodsId: g.id })).toMatchObject({ ok: false, error: { reason: 'POINTS_INSUFFICIENT', message: '积分不足' } })
    await must(c.admin.call('points', 'saveGoods', { id: g.id, name: '大米5斤', price: 5, stock: 3, limit: 1, on: false }))
    expect(await m.call('points', 'redeem', { requestKey: pkey(), goodsId: g.id })).toMatchObject({ ok: false, error: { reason: 'GOODS_OFF_SHELF' } })
    expect((await must(m.call('points', 'goods', {}))).items.map((x: { id: string }) => x.id)).not.toContain(g.id)
    expect((await must(c.admin.call('points', 'goods', { all: true }))).items.map((x: { id: string }) => x.id)).toContain(g.id)
    expect(await c.admin.call('points', 'verifyPickup', { code: '00000000' })).toMatchObject({ ok: false, error: { reason: 'PICKUP_CODE_UNKNOWN' } })
    expect({ redemptions: env.findAll('redemptions').length, ledger: env.findAll('ledger').length }).toEqual(before)
    expect(env.find('goods', g.id).stock).toBe(3)
  })

  it('500 concurrent redemptions of 20 items: exactly 20, stock 0, every balance its ledger sum', async () => {
    const g = await makeGoods(c.admin, { price: 30, stock: 20, limit: 1 })
    const people = await Promise.all(Array.from({ length: 500 }, (_, i) => env.user({ id: `rd-${i}`, community: 'c1', roles: ['member'] })))
    for (const p of people) seedPoints(env, p.openid, 50)
    const results = await Promise.all(people.map((p) => p.call('points', 'redeem', { requestKey: pkey(), goodsId: g.id })))
    const won = results.filter((r) => r.ok)
    expect(won).toHaveLength(20)
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ error: { reason: 'GOODS_SOLD_OUT' } })
    expect(env.find('goods', g.id)).toMatchObject({ stock: 0 })
    expect(env.find('goods', g.id).holds).toHaveLength(20)
    expect(env.findAll('redemptions', { goodsId: g.id, status: 'ready' })).toHaveLength(20)
    expect(env.findAll('ledger', { sourceType: 'store', points: -30 }).filter((e) => e.openid.startsWith('rd-'))).toHaveLength(20)
    checkBalances(env)
  })
})

describe('rankings', () => {
  it('monthly and yearly by community and by unit; ties share a rank; opting out leaves the board', async () => {
    const a = await env.user({ community: 'c3', roles: ['member'], name: '甲排名', unit: 'u1' })
    const b = await env.user({ community: 'c3', roles: ['member'], name: '乙排名' })
    const cc = await env.user({ community: 'c3', roles: ['member'], name: '丙排名' })
    const admin3 = await env.user({ community: 'c3', roles: ['communityAdmin'] })
    const res = [await env.user({ community: 'c3' }), await env.user({ community: 'c3' }), await env.user({ community: 'c3' })]
    const admin = c.admin
    c.admin = admin3
    try {
      const build = () => ({ ...orderInput(), place: { kind: 'room', buildingId: 'c3-g1-b1', room: '1单元101' } })
      const pay = async (r: TestUser, m: TestUser, points: number) => {
        const o = await must(r.call('order', 'submit', build()))
        await must(admin3.call('order', 'accept', acceptInput(env, o.id, { points, hours: 2 })))
        await must(admin3.call('order', 'publish', { orderId: o.id }))
        await must(m.call('order', 'claim', { orderId: o.id }))
        await must(m.call('order', 'start', { orderId: o.id }))
        await must(m.call('order', 'complete', { orderId: o.id, note: '好了', photos: [] }))
        await must(r.call('order', 'confirm', { orderId: o.id }))
      }
      await pay(res[0], a, 20)
      await pay(res[1], b, 20)
      await pay(res[2], cc, 10)
    } finally {
      c.admin = admin
    }
    const board = await must(a.call('points', 'ranking', { period: 'month' }))
    expect(board).toMatchObject({ scopeName: '友谊社区', period: '2026-11', mine: { points: 20 } })
    expect(board.items.map((r: { rank: number; points: number }) => [r.rank, r.points])).toEqual([[1, 20], [1, 20], [3, 10]])
    expect(board.items.find((r: { me?: boolean }) => r.me)).toMatchObject({ name: '甲*' })
    const paged = await must(a.call('points', 'ranking', { period: 'year', size: 2 }))
    const rest = await must(a.call('points', 'ranking', { period: 'year', size: 2, cursor: paged.nextCursor }))
    expect(rest.items).toEqual([expect.objectContaining({ rank: 3, points: 10 })])
    const unit = await must(a.call('points', 'ranking', { scope: 'unit' }))
    expect(unit).toMatchObject({ scopeName: '区税务局机关党支部', items: [expect.objectContaining({ rank: 1, points: 20 })] })
    await must(b.call('points', 'optOut', { optOut: true }))
    const after = await must(a.call('points', 'ranking', {}))
    expect(after.items.map((r: { rank: number; points: number }) => [r.rank, r.points])).toEqual([[1, 20], [2, 10]])
    // Another community's board is not theirs to read.
    expect(await a.call('points', 'ranking', { id: 'c1' })).toMatchObject({ ok: false, error: { reason: 'OUT_OF_SCOPE' } })
  })
})

describe('refusals: wrong role, other community, bad input → nothing written', () => {
  const snapshot = () => ['ledger', 'balances', 'goods', 'redemptions', 'audit', 'rankings'].map((k) => JSON.stringify(env.findAll(k)))
  it.each([
    ['a resident adjusts', 'resident', 'adjust', () => ({ requestKey: pkey(), openid: c.member.openid, points: 5, reason: '想加分' }), 'ROLE_REQUIRED'],
    ['a member adjusts', 'member', 'adjust', () => ({ requestKey: pkey(), openid: c.member.openid, points: 5, reason: '想加分' }), 'ROLE_REQUIRED'],
    ['another community’s admin adjusts', 'otherAdmin', 'adjust', () => ({ requestKey: pkey(), openid: c.member.openid, points: 5, reason: '加分' }), 'OUT_OF_SCOPE'],
    ['an adjustment without a person', 'admin', 'adjust', () => ({ requestKey: pkey(), points: 5, reason: '加分' }), 'BAD_INPUT'],
    ['a member saves goods', 'member', 'saveGoods', () => ({ requestKey: pkey(), name: '米', price: 5, stock: 1, limit: 1 }), 'ROLE_REQUIRED'],
    ['another admin edits goods', 'otherAdmin', 'saveGoods', () => ({ id: 'GOODS', name: '米', price: 5, stock: 1, limit: 1 }), 'OUT_OF_SCOPE'],
    ['goods at a negative stock', 'admin', 'saveGoods', () => ({ requestKey: pkey(), name: '米', price: 5, stock: -1, limit: 1 }), 'BAD_INPUT'],
    ['goods with someone else’s image', 'admin', 'saveGoods', () => ({ requestKey: pkey(), name: '米', price: 5, stock: 1, limit: 1, image: 'cloud://env/uploads/someone/202611/a.jpg' }), 'FILE_NOT_OWNED'],
    ['a resident redeems', 'resident', 'redeem', () => ({ requestKey: pkey(), goodsId: 'GOODS' }), 'ROLE_REQUIRED'],
    ['a member of another community redeems', 'outsiderMember', 'redeem', () => ({ requestKey: pkey(), goodsId: 'GOODS' }), 'OUT_OF_SCOPE'],
    ['a redemption with a bad key', 'member', 'redeem', () => ({ requestKey: 'x', goodsId: 'GOODS' }), 'BAD_INPUT'],
    ['a member checks off a pickup', 'member', 'verifyPickup', () => ({ code: '12345678' }), 'ROLE_REQUIRED'],
    ['another admin checks off a pickup', 'otherAdmin', 'verifyPickup', () => ({ code: 'CODE', communityId: 'c1' }), 'OUT_OF_SCOPE'],
    ['a member reconciles', 'member', 'reconcile', () => ({}), 'ROLE_REQUIRED'],
    ['another admin reconciles', 'otherAdmin', 'reconcile', () => ({ communityId: 'c1' }), 'OUT_OF_SCOPE'],
    ['a member reads the store', 'member', 'storeRedemptions', () => ({}), 'ROLE_REQUIRED'],
    ['another admin reads the store', 'otherAdmin', 'storeRedemptions', () => ({ communityId: 'c1' }), 'OUT_OF_SCOPE'],
    ['another admin reads the goods', 'otherAdmin', 'goods', () => ({ communityId: 'c1' }), 'OUT_OF_SCOPE'],
    ['someone else cancels', 'member2', 'cancelRedemption', () => ({ redemptionId: 'REDEMPTION' }), 'REDEMPTION_NOT_FOUND'],
    ['another admin cancels', 'otherAdmin', 'cancelRedemption', () => ({ redemptionId: 'REDEMPTION' }), 'OUT_OF_SCOPE'],
    ['a ranking of a month as a year', 'member', 'ranking', () => ({ period: 'year', at: '2026-11' }), 'BAD_INPUT'],
  ])('%s', async (_name, who, action, payload, reason) => {
    const outsiderMember = await env.user({ community: 'c2', roles: ['member'] })
    const owner = await env.user({ community: 'c1', roles: ['member'] })
    seedPoints(env, owner.openid, 100)
    const g = await makeGoods(c.admin, { price: 10, stock: 5 })
    const rd = await must(owner.call('points', 'redeem', { requestKey: pkey(), goodsId: g.id }))
    const people: Record<string, TestUser> = { ...c, outsiderMember, member2: c.member2 }
    const raw = JSON.stringify(payload()).replace('"GOODS"', JSON.stringify(g.id)).replace('"REDEMPTION"', JSON.stringify(rd.id)).replace('"CODE"', JSON.stringify(rd.code))
    const before = snapshot()
    expect(await people[who].call('points', action, JSON.parse(raw))).toMatchObject({ ok: false, error: { reason } })
    expect(snapshot()).toEqual(before)
  })
})
