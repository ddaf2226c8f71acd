// 微心愿 pay by the earning rules like orders do: a donor who fulfils wishes of the same wisher again within
// the cool-down earns the hours but no points, and the wishes of one day pay up to the daily cap. Wishes a
// grid worker posts for different neighbours are each their own wisher. The donor is told why; the
// balance stays equal to its ledger.
import { uploadPath } from '../../cloudfunctions/common/files'
import { EARNING } from '../../shared/points/rules'
import { WISH_HOURS, WISH_POINTS } from '../../shared/wishes/rules'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { cast, type Cast } from '../support/orders'
import { checkBalances } from '../support/points'
import { must, openWish, wishInput } from '../support/wishes'

jest.setTimeout(120_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

const HOUR = 3600_000
let photos = 0
const photoOf = (u: TestUser) => env.cloud.emulator.storage.put(uploadPath(u.openid, new Date(env.clock.now()), `gift-${++photos}.jpg`), Buffer.from('jpeg'), 'image/jpeg')

/** `donor` claims, delivers and `confirmer` confirms the wish; answers the donor's ledger entry for it. */
async function fulfilled(id: string, donor: TestUser, confirmer: TestUser) {
  await must(donor.call('wish', 'claim', { wishId: id }))
  await must(donor.call('wish', 'fulfil', { wishId: id, note: '已送到', photos: [photoOf(donor)] }))
  await must(confirmer.call('wish', 'confirm', { wishId: id }))
  return env.find('ledger', `wish:${id}:${donor.openid}`)!
}
const farm = async (wisher: TestUser, donor: TestUser, title: string) => fulfilled(await openWish(env, wisher, c.admin, { title }), donor, wisher)
const cappedNotices = (m: TestUser) => env.findAll('notifications', { openid: m.openid, type: 'points' }).filter((n) => String(n._id).endsWith(':capped'))

it('the same wisher again within the cool-down: hours count, points do not; the donor is told; after it, points again', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'] })
  const r = await env.user({ community: 'c1', grid: 'c1-g1' })
  const first = await farm(r, m, '想要一个新书包')
  expect(first).toMatchObject({ points: WISH_POINTS, hours: WISH_HOURS })
  expect(first.capped).toBeUndefined()
  const second = await farm(r, m, '想要一盏台灯')
  expect(second).toMatchObject({ points: 0, hours: WISH_HOURS, capped: 'cooldown', requested: { points: WISH_POINTS, hours: WISH_HOURS } })
  // No one's id in the donor's entry or balance: the pair is kept as a hash.
  expect(JSON.stringify([second, env.find('balances', m.openid)])).not.toContain(r.openid)
  expect(cappedNotices(m)).toEqual([expect.objectContaining({ title: '本次积分按规则计入', body: expect.stringContaining('24小时内为同一居民服务，本次计入0积分') })])
  // Another wisher the same hour pays in full.
  const other = await env.user({ community: 'c1', grid: 'c1-g2' })
  expect((await farm(other, m, '想要一双棉鞋')).points).toBe(WISH_POINTS)
  // The same wisher after the cool-down pays again.
  env.clock.advance(EARNING.pairCooldownMs + HOUR)
  expect((await farm(r, m, '想要一本字典')).points).toBe(WISH_POINTS)
  expect(env.find('balances', m.openid)).toMatchObject({ points: 3 * WISH_POINTS, hours: 4 * WISH_HOURS, confirmedHours: 4 * WISH_HOURS })
  checkBalances(env)
})

it('the daily cap: wishes of many neighbours in one day pay up to the cap, the rest hours only', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'] })
  const cap = EARNING.dailyCap.wish!
  const paid: number[] = []
  const n = cap / WISH_POINTS + 2
  for (let i = 0; i < n; i++) paid.push((await farm(await env.user({ community: 'c1', grid: 'c1-g1' }), m, `想要一件冬衣${i}`)).points)
  expect(paid).toEqual([...Array(cap / WISH_POINTS).fill(WISH_POINTS), 0, 0])
  expect(env.find('balances', m.openid)).toMatchObject({ points: cap, hours: n * WISH_HOURS })
  const capped = env.findAll('ledger', { openid: m.openid, sourceType: 'wish' }).filter((e) => e.capped)
  expect(capped.map((e) => e.capped)).toEqual(['daily', 'daily'])
  expect(cappedNotices(m).map((x) => x.body)).toEqual([expect.stringContaining('今日积分已达上限'), expect.stringContaining('今日积分已达上限')])
  // The next day pays again.
  env.clock.advance(24 * HOUR)
  expect((await farm(await env.user({ community: 'c1', grid: 'c1-g1' }), m, '想要一个暖水袋')).points).toBe(WISH_POINTS)
  checkBalances(env)
})

it('wishes a grid worker posts for different neighbours are different wishers; the same neighbour twice is one', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'] })
  const forElder = async (name: string, phone: string, title: string) => {
    const w = await must(c.grid.call('wish', 'post', wishInput(env, { title, category: '陪伴探访', beneficiaryType: '老人', ageBand: '80岁及以上', onBehalfOf: { name, phone, buildingId: 'c1-g1-b2', room: '7单元701' } })))
    await must(c.admin.call('wish', 'review', { wishId: w.id, decision: 'approve' }))
    return fulfilled(w.id, m, c.grid)
  }
  expect((await forElder('李奶奶', '13900002222', '想有人陪我聊聊天')).points).toBe(WISH_POINTS)
  expect((await forElder('张爷爷', '13900003333', '想有人陪我下象棋')).points).toBe(WISH_POINTS)
  expect(await forElder('李奶奶', '13900002222', '想有人陪我散散步')).toMatchObject({ points: 0, capped: 'cooldown' })
  checkBalances(env)
})
