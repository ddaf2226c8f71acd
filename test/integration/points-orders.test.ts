// Orders pay by the earning rules: every path that confirms an order (the resident, the grid worker who
// co-signs, the timer after the confirmation window) pays each claimer what the rules give the order
// (the admin's points, capped by colour and hours) and applies the limits: the cool-down per
// resident–member pair and the daily cap per person. Hours always count; the person is told why points
// were cut; the balance stays equal to its ledger.
import { db } from '../../cloudfunctions/common/cloud'
import { AUTO_CONFIRM_DAYS } from '../../cloudfunctions/order/model'
import { EARNING, monthOf } from '../../shared/points/rules'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { acceptInput, cast, must, orderInput, type Cast } from '../support/orders'
import { checkBalances } from '../support/points'

jest.setTimeout(120_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

const HOUR = 3600_000
const slaSweep = () => env.cloud.runtime.invoke('order', { Type: 'Timer', TriggerName: 'slaSweep' }, {}) as Promise<any>

/** An order by `orderer`, done by `member` and waiting for the confirmation. */
async function doneOrder(orderer: TestUser, member: TestUser, terms: Record<string, unknown> = {}, input: Record<string, unknown> = {}) {
  const o = await must(orderer.call('order', 'submit', orderInput(input)))
  await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { colour: 'yellow', points: 10, hours: 1, ...terms })))
  await must(c.admin.call('order', 'publish', { orderId: o.id }))
  await must(member.call('order', 'claim', { orderId: o.id }))
  await must(member.call('order', 'start', { orderId: o.id }))
  await must(member.call('order', 'complete', { orderId: o.id, note: '已处理好', photos: [] }))
  return o.id as string
}

const entry = (orderId: string, m: TestUser) => env.find('ledger', `order:${orderId}:${m.openid}`)
const cappedNotices = (m: TestUser) => env.findAll('notifications', { openid: m.openid, type: 'points' }).filter((n) => String(n._id).endsWith(':capped'))

it('the admin cannot set more points than the rules allow for the colour and hours: refused naming the most, nothing written', async () => {
  const r = await env.user({ community: 'c1' })
  const o = await must(r.call('order', 'submit', orderInput()))
  const before = env.find('orders', o.id)
  const audits = env.findAll('audit', { targetId: o.id }).length
  const notices = env.findAll('notifications').length
  // Green, one hour: at most 10; yellow, two hours: 30; red, half an hour: 10; no hours: the floor, 5.
  const refuse = async (terms: Record<string, unknown>, message: string) =>
    expect(await c.admin.call('order', 'accept', acceptInput(env, o.id, terms))).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { points: message } } })
  await refuse({ colour: 'green', points: 11, hours: 1 }, '积分最多10分（绿色·一般，1小时）')
  await refuse({ colour: 'yellow', points: 31, hours: 2 }, '积分最多30分（黄色·较急，2小时）')
  await refuse({ colour: 'red', points: 11, hours: 0.5 }, '积分最多10分（红色·紧急，0.5小时）')
  await refuse({ colour: 'green', points: 6, hours: 0 }, `积分最多${EARNING.orderFloor}分（绿色·一般，0小时）`)
  expect(env.find('orders', o.id)).toEqual(before)
  expect(env.findAll('audit', { targetId: o.id })).toHaveLength(audits)
  expect(env.findAll('notifications')).toHaveLength(notices)
  // At the most it is accepted.
  expect(await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { colour: 'green', points: 10, hours: 1 })))).toMatchObject({ status: 'accepted', points: 10 })
})

it('pays the rules’ points for the order: the admin’s points, capped by colour and hours', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'] })
  const r = await env.user({ community: 'c1' })
  // Green work of one hour pays at most 10, even for an order that says more (accepted before the rule).
  const id = await doneOrder(r, m, { colour: 'green', points: 10, hours: 1 })
  await db.collection('orders').doc(id).update({ points: 50 })
  await must(r.call('order', 'confirm', { orderId: id }))
  expect(entry(id, m)).toMatchObject({ points: EARNING.orderPerHour.green, hours: 1 })
  expect(entry(id, m).capped).toBeUndefined()
  expect(env.findAll('notifications', { openid: m.openid, title: '服务已确认' })).toEqual([expect.objectContaining({ body: expect.stringContaining('获得10积分') })])
  checkBalances(env)
})

it('the resident confirming twice for the same member within the cool-down: hours count, points do not; the member is told', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'], name: '冷却期' })
  const r = await env.user({ community: 'c1' })
  const first = await doneOrder(r, m)
  await must(r.call('order', 'confirm', { orderId: first }))
  expect(entry(first, m)).toMatchObject({ points: 10, hours: 1 })
  env.clock.advance(2 * HOUR)
  const second = await doneOrder(r, m)
  await must(r.call('order', 'confirm', { orderId: second }))
  expect(entry(second, m)).toMatchObject({ points: 0, hours: 1, capped: 'cooldown', requested: { points: 10, hours: 1 } })
  // The order is paid (the claim), the hours are the member's, the points are not.
  expect(env.find('orders', second).claims).toEqual([expect.objectContaining({ openid: m.openid, status: 'paid' })])
  expect(env.find('balances', m.openid)).toMatchObject({ points: 10, hours: 2, confirmedHours: 2 })
  expect(cappedNotices(m)).toEqual([expect.objectContaining({ title: '本次积分按规则计入', body: expect.stringContaining('24小时内为同一居民服务，本次计入0积分') })])
  // No resident's id is kept in the member's entries.
  expect(JSON.stringify(env.findAll('ledger', { openid: m.openid }))).not.toContain(r.openid)
  // Another resident the same hour pays in full; the same resident after the cool-down pays again.
  const r2 = await env.user({ community: 'c1' })
  const other = await doneOrder(r2, m)
  await must(r2.call('order', 'confirm', { orderId: other }))
  expect(entry(other, m)).toMatchObject({ points: 10 })
  env.clock.advance(EARNING.pairCooldownMs)
  const later = await doneOrder(r, m)
  await must(r.call('order', 'confirm', { orderId: later }))
  expect(entry(later, m)).toMatchObject({ points: 10 })
  checkBalances(env)
})

it('the grid worker’s co-signed confirmation (代确认 of an order placed for an elder) applies the limits too', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'] })
  const placer = await env.user({ community: 'c1', grid: 'c1-g1', roles: ['gridWorker'] })
  const input = { place: { kind: 'room', buildingId: 'c1-g1-b2', room: '3单元101' }, onBehalfOf: { name: '钱爷爷' } }
  const first = await doneOrder(placer, m, {}, input)
  await must(c.grid.call('order', 'confirm', { orderId: first }))
  const second = await doneOrder(placer, m, {}, input)
  await must(c.grid.call('order', 'confirm', { orderId: second }))
  expect(env.find('orders', second).timeline.at(-1)).toMatchObject({ action: 'confirm', by: c.grid.openid })
  expect([entry(first, m).points, entry(second, m).points, entry(second, m).capped]).toEqual([10, 0, 'cooldown'])
  checkBalances(env)
})

it('代点单: the pair is the person the grid worker ordered for, not the grid worker', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'] })
  const place = { kind: 'room', buildingId: 'c1-g1-b2', room: '3单元101' }
  const forLi = await doneOrder(c.grid, m, {}, { place, onBehalfOf: { name: '李奶奶', phone: '13900001111' } })
  const forWang = await doneOrder(c.grid, m, {}, { place, onBehalfOf: { name: '王爷爷', phone: '13900002222' } })
  const forLiAgain = await doneOrder(c.grid, m, {}, { place, onBehalfOf: { name: '李奶奶', phone: '13900001111' } })
  for (const id of [forLi, forWang, forLiAgain]) await must(c.grid.call('order', 'confirm', { orderId: id }))
  expect([forLi, forWang, forLiAgain].map((id) => entry(id, m).points)).toEqual([10, 10, 0])
  checkBalances(env)
})

it('the daily cap: many neighbours served in one day pay up to the cap, the rest hours only', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'] })
  const cap = EARNING.dailyCap.order!
  const paid: number[] = []
  // 15 a time (yellow, one hour): the cap of 100 is reached on the seventh.
  for (let i = 0; i < 8; i++) {
    const r = await env.user({ community: 'c1' })
    const id = await doneOrder(r, m, { points: 15 })
    await must(r.call('order', 'confirm', { orderId: id }))
    paid.push(entry(id, m).points)
  }
  expect(paid).toEqual([15, 15, 15, 15, 15, 15, 10, 0])
  expect(paid.reduce((a, b) => a + b, 0)).toBe(cap)
  expect(env.find('balances', m.openid)).toMatchObject({ points: cap, hours: 8, confirmedHours: 8 })
  const bodies = cappedNotices(m).map((n) => n.body)
  expect(bodies).toHaveLength(2)
  expect(bodies).toEqual(expect.arrayContaining([expect.stringContaining('今日积分已达上限，本次计入0积分'), expect.stringContaining('今日积分已达上限，本次计入10积分')]))
  const h = await must(m.call('points', 'history', { size: 20 }))
  expect(h.items.filter((x: { capped?: string }) => x.capped === 'daily')).toHaveLength(2)
  checkBalances(env)
})

it('the timer’s auto-confirmation applies the limits: two orders of one pair confirmed together pay once', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'] })
  const r = await env.user({ community: 'c1' })
  const a = await doneOrder(r, m)
  const b = await doneOrder(r, m)
  env.clock.advance(AUTO_CONFIRM_DAYS * 24 * HOUR + 60_000)
  const report = await slaSweep()
  expect(report.ok).toBe(true)
  expect([a, b].map((id) => env.find('orders', id).status)).toEqual(['confirmed', 'confirmed'])
  const entries = [entry(a, m), entry(b, m)]
  expect(entries.map((e) => e.hours)).toEqual([1, 1])
  expect(entries.map((e) => e.points).sort()).toEqual([0, 10])
  expect(entries.filter((e) => e.capped === 'cooldown')).toHaveLength(1)
  checkBalances(env)
})

it('the claim keeps the claimer’s unit: the work counts for the unit they served under, without looking the person up', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'], unit: 'u1' })
  const r = await env.user({ community: 'c1' })
  const id = await doneOrder(r, m)
  expect(env.find('orders', id).claims).toEqual([expect.objectContaining({ openid: m.openid, unitId: 'u1' })])
  // They leave the unit before the confirmation: the work was done under u1 and counts there.
  await db.collection('users').doc(m.openid).update({ grants: db.command.set([{ role: 'member', communityId: 'c1', streetId: 's1' }]) })
  await must(r.call('order', 'confirm', { orderId: id }))
  expect(entry(id, m)).toMatchObject({ unitId: 'u1' })
  expect(env.find('rankings', `m${monthOf(env.clock.now())}:u:u1:${m.openid}`)).toMatchObject({ points: 10, hours: 1 })
  // A member without a unit: no unit row.
  const plain = await env.user({ community: 'c1', roles: ['member'] })
  const other = await doneOrder(await env.user({ community: 'c1' }), plain)
  expect(env.find('orders', other).claims[0].unitId).toBeNull()
})

it('a first delivery that finds its entry already written (another delivery was first) writes nothing more', async () => {
  const { deliver } = await import('../../cloudfunctions/common/outbox')
  const m = await env.user({ community: 'c1', roles: ['member'] })
  const effect = { kind: 'ledger' as const, id: `order:dup-1:${m.openid}`, openid: m.openid, communityId: 'c1', sourceType: 'order' as const, sourceId: 'dup-1', points: 10, hours: 1, note: '服务单', at: new Date(env.clock.now()), unitId: null }
  expect(await deliver('orders', { _id: 'dup-1' }, [effect], { fresh: true })).toBe(true)
  const results = await Promise.all(Array.from({ length: 10 }, () => deliver('orders', { _id: 'dup-1' }, [effect], { fresh: true })))
  expect(results.every(Boolean)).toBe(true)
  expect(env.findAll('ledger', { openid: m.openid })).toHaveLength(1)
  expect(env.find('balances', m.openid)).toMatchObject({ points: 10, hours: 1, version: 1 })
  expect(env.find('rankings', `m${monthOf(env.clock.now())}:c:c1:${m.openid}`)).toMatchObject({ points: 10, hours: 1 })
  checkBalances(env)
})
