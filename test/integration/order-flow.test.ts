// The whole loop through the real calls: 点单 → 接单 → 领单 → 办结 → 评单, and the race for places.
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { acceptInput, cast, must, orderInput, publishedOrder, type Cast } from '../support/orders'

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

it('runs the whole loop and grants points once', async () => {
  const o = await must(c.resident.call('order', 'submit', orderInput()))
  expect(o).toMatchObject({ status: 'submitted', orderer: { name: '王秀兰', phone: '13811112222', me: true }, gridName: '第1网格', room: '1单元302' })
  const inbox = await must(c.admin.call('order', 'inbox', { tab: 'todo' }))
  expect(inbox.items.map((x: { id: string }) => x.id)).toContain(o.id)

  await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { points: 20, hours: 2, slots: 2 })))
  await must(c.admin.call('order', 'publish', { orderId: o.id }))
  const hall = await must(c.member.call('order', 'hall', {}))
  const card = hall.items.find((x: { id: string }) => x.id === o.id)
  expect(card).toMatchObject({ orderer: { name: '王*' }, slots: 2, taken: 0 })
  expect(card.orderer.phone).toBeUndefined()

  const claimed = await must(c.member.call('order', 'claim', { orderId: o.id }))
  expect(claimed).toMatchObject({ status: 'published', statusLabel: '还差1人', myClaim: 'claimed', taken: 1, entitled: true, orderer: { name: '王秀兰', phone: '13811112222' }, room: '1单元302' })
  await must(c.member.call('order', 'start', { orderId: o.id }))
  const done = await must(c.member.call('order', 'complete', { orderId: o.id, note: '已更换灯泡', photos: [] }))
  // The one who came did the work: the place nobody took is withdrawn, and the resident is asked to confirm.
  expect(done).toMatchObject({ status: 'done', slots: 1, taken: 1 })
  const confirmed = await must(c.resident.call('order', 'confirm', { orderId: o.id }))
  expect(confirmed.status).toBe('confirmed')
  expect(env.find('ledger', `order:${o.id}:${c.member.openid}`)).toMatchObject({ points: 20, hours: 2, official: true })
  // A retried confirm (a lost reply) answers ok with the order as it is, and grants nothing more.
  const again = await c.resident.call('order', 'confirm', { orderId: o.id })
  expect(again).toMatchObject({ ok: true, data: { status: 'confirmed' } })
  expect(env.findAll('ledger', { sourceId: o.id })).toHaveLength(1)
  // Someone else's confirm is still refused.
  expect(await c.grid.call('order', 'confirm', { orderId: o.id })).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } })

  const rated = await must(c.resident.call('order', 'rate', { orderId: o.id, stars: 5, comment: '很及时，谢谢' }))
  expect(rated).toMatchObject({ status: 'rated', rating: { stars: 5, comment: '很及时，谢谢' } })
  const closed = await must(c.admin.call('order', 'close', { orderId: o.id, code: 'solved', note: '已修好' }))
  expect(closed).toMatchObject({ status: 'closed', closure: { label: '已解决' } })
  expect(closed.timeline.map((t: { action: string }) => t.action)).toEqual(['submit', 'accept', 'publish', 'claim', 'start', 'complete', 'confirm', 'rate', 'close'])

  env.clock.advance(3 * 24 * 3600_000)
  const reopened = await must(c.resident.call('order', 'reopen', { orderId: o.id, reason: '灯又不亮了' }))
  expect(reopened.status).toBe('reopened')
})

it('200 members race for 3 places: exactly 3 win, the rest hear 名额已满, the order agrees', async () => {
  const id = await publishedOrder(env, c, { slots: 3 })
  const racers = await Promise.all(Array.from({ length: 200 }, (_, i) => env.user({ id: `racer-${i}`, community: 'c1', roles: ['member'] })))
  const results = await Promise.all(racers.map((m) => m.call('order', 'claim', { orderId: id })))
  const won = results.filter((r) => r.ok)
  const lost = results.filter((r) => !r.ok)
  expect(won).toHaveLength(3)
  expect(lost).toHaveLength(197)
  for (const r of lost) expect(r).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'ORDER_FULL', message: '名额已满，下次早点来' } })
  const stored = env.find('orders', id)
  expect(stored).toMatchObject({ taken: 3, slotsFree: 0, status: 'published' })
  expect(stored.claimerIds).toHaveLength(3)
  expect(stored.claims.map((x: { status: string }) => x.status)).toEqual(['claimed', 'claimed', 'claimed'])
  expect(new Set(stored.claims.map((x: { openid: string }) => x.openid))).toEqual(new Set(stored.claimerIds))
  expect(won.map((r) => (r as { data: { myClaim: string } }).data.myClaim)).toEqual(['claimed', 'claimed', 'claimed'])
})

it('a double tap claims once, and every tap hears ok', async () => {
  const id = await publishedOrder(env, c, { slots: 5 })
  const taps = await Promise.all(Array.from({ length: 10 }, () => c.member2.call('order', 'claim', { orderId: id })))
  for (const r of taps) expect(r).toMatchObject({ ok: true, data: { myClaim: 'claimed', taken: 1 } })
  expect(env.find('orders', id)).toMatchObject({ taken: 1, slotsFree: 4, claimerIds: [c.member2.openid] })
  expect(env.find('orders', id).claims).toHaveLength(1)
})

it('offers admins whom to dispatch to, best skill match first, and no one else', async () => {
  const skilled = await env.user({ community: 'c1', roles: ['member'], name: '钱师傅', skills: ['维修', '水电'] })
  const o = await must(c.resident.call('order', 'submit', orderInput()))
  await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { skills: ['维修'] })))
  const opts = await must(c.admin.call('order', 'assignees', { orderId: o.id }))
  // one matching skill, plus half a point for living in the order's grid
  expect(opts.members[0]).toMatchObject({ id: skilled.openid, name: '钱师傅', match: 1.5 })
  expect(opts.members.every((m: { id: string }) => m.id !== c.volunteer.openid)).toBe(true)
  expect(opts.departments).toEqual([{ id: 'd1', name: '区城市管理局' }])
  expect(await c.otherAdmin.call('order', 'assignees', { orderId: o.id })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
  expect(await c.member.call('order', 'assignees', { orderId: o.id })).toMatchObject({ ok: false, error: { reason: 'ROLE_REQUIRED' } })
  await must(c.admin.call('order', 'dispatch', { orderId: o.id, assignee: { type: 'member', id: skilled.openid } }))
  expect(env.find('orders', o.id)).toMatchObject({ status: 'dispatched', claimerIds: [skilled.openid], claims: [{ openid: skilled.openid, status: 'claimed', viaDispatch: true }] })
})

it('a neighbour who said 我也遇到 can follow the order, masked', async () => {
  const neighbour = await env.user({ community: 'c1', grid: 'c1-g1', name: '邻居甲' })
  const o = await must(c.resident.call('order', 'submit', orderInput()))
  await must(neighbour.call('order', 'join', { orderId: o.id }))
  const seen = await must(neighbour.call('order', 'get', { orderId: o.id }))
  expect(seen).toMatchObject({ entitled: false, orderer: { name: '王*' }, alsoAffected: 1 })
  expect(JSON.stringify(seen)).not.toMatch(/13811112222|1单元302|王秀兰/)
})

it('a claim released by the SLA timer puts the work back in the hall with a fresh deadline', async () => {
  const id = await publishedOrder(env, c, { slots: 1 })
  await must(c.member2.call('order', 'claim', { orderId: id }))
  env.clock.advance(48 * 3600_000 + 1) // past the deadline: reminded
  await env.cloud.runtime.invoke('order', { Type: 'Timer', TriggerName: 'slaSweep' }, {})
  env.clock.advance(2 * 3600_000 + 1) // past the grace period: released
  await env.cloud.runtime.invoke('order', { Type: 'Timer', TriggerName: 'slaSweep' }, {})
  const o = env.find('orders', id)
  expect(o).toMatchObject({ status: 'published', taken: 0, slotsFree: 1 })
  expect(new Date(o.deadline).getTime()).toBeGreaterThan(env.clock.now() + 24 * 3600_000 - 1)
})

it('lists the community categories, the orders one joined, and restarts the accept clock on reopen', async () => {
  env.cloud.emulator.db.insert('communities', [{ _id: 'c9', name: '试点社区', streetId: 's1', categories: ['理发', '修脚'] }])
  const pilot = await env.user({ community: 'c9' })
  expect(await must(pilot.call('order', 'categories', {}))).toEqual(['理发', '修脚'])
  expect(await must(c.resident.call('order', 'categories', {}))).toContain('维修')
  const refused = await pilot.call('order', 'submit', orderInput({ category: '维修', place: { kind: 'point', lat: 30, lng: 120, label: '小区门口' } }))
  expect(refused).toMatchObject({ ok: false, error: { reason: 'ORDER_CATEGORY_UNKNOWN' } })

  const neighbour = await env.user({ community: 'c1', grid: 'c1-g1' })
  const o = await must(c.resident.call('order', 'submit', orderInput({ text: '单元门禁坏了' })))
  await must(neighbour.call('order', 'join', { orderId: o.id }))
  const mine = await must(neighbour.call('order', 'listMine', { status: 'open' }))
  expect(mine.items.map((x: { id: string }) => x.id)).toContain(o.id)

  await must(c.admin.call('order', 'accept', acceptInput(env, o.id)))
  await must(c.admin.call('order', 'close', { orderId: o.id, code: 'partly', note: '已报修厂家' }))
  env.clock.advance(24 * 3600_000)
  await must(c.resident.call('order', 'reopen', { orderId: o.id, reason: '还是打不开' }))
  expect(new Date(env.find('orders', o.id).acceptDeadline).getTime()).toBe(env.clock.now() + 24 * 3600_000)
})

it('closing an order whose work was never confirmed ends the live claims without points', async () => {
  const id = await publishedOrder(env, c, { slots: 2 })
  await must(c.member.call('order', 'claim', { orderId: id }))
  await must(c.member.call('order', 'start', { orderId: id }))
  await must(c.member.call('order', 'complete', { orderId: id, note: '已处理', photos: [] }))
  await must(c.admin.call('order', 'close', { orderId: id, code: 'partly', note: '居民联系不上，先归档' }))
  expect(env.find('orders', id).claims.map((x: { status: string }) => x.status)).toEqual(['ended'])
  expect(env.findAll('ledger', { sourceId: id })).toEqual([])
})
