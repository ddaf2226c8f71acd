// 我的消息: a person reads only their own notices, newest first, pages through them, sees the unread count,
// and marks them read — their own only, whatever ids they send.
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { cast, must, orderInput, publishedOrder, type Cast } from '../support/orders'

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

it('a claim tells the resident; the count, the list and marking read agree with the store', async () => {
  const before = await must(c.resident.call('notice', 'unread', {}))
  const id = await publishedOrder(env, c, { slots: 1 })
  env.clock.advance(60_000)
  await must(c.member.call('order', 'claim', { orderId: id }))
  const after = await must(c.resident.call('notice', 'unread', {}))
  // Accepted, then claimed.
  expect(after.count).toBe(before.count + 2)
  const list = await must(c.resident.call('notice', 'list', { size: 1 }))
  expect(list.items[0]).toMatchObject({ title: '有人领单了', read: false, body: '您的“维修”需求已有党员领取，会尽快与您联系。' })
  expect(list.nextCursor).toEqual(expect.any(String))
  const next = await must(c.resident.call('notice', 'list', { size: 50, cursor: list.nextCursor }))
  expect(next.items.map((n: { id: string }) => n.id)).not.toContain(list.items[0].id)

  // Someone else's ids change nothing.
  expect(await must(c.member.call('notice', 'read', { ids: [list.items[0].id] }))).toEqual({ count: 0 })
  expect(env.find('notifications', list.items[0].id).read).toBe(false)
  expect(await must(c.resident.call('notice', 'read', { ids: [list.items[0].id] }))).toEqual({ count: 1 })
  expect((await must(c.resident.call('notice', 'unread', {}))).count).toBe(after.count - 1)
  await must(c.resident.call('notice', 'read', {}))
  expect((await must(c.resident.call('notice', 'unread', {}))).count).toBe(0)
  expect((await must(c.resident.call('notice', 'list', { unreadOnly: true }))).items).toEqual([])
})

it('refuses the unknown, the logged out and bad input, and writes nothing', async () => {
  await must(c.resident.call('order', 'submit', orderInput()))
  const before = env.findAll('notifications')
  expect(await c.resident.call('notice', 'read', { ids: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  expect(await c.resident.call('notice', 'read', { ids: ['x'], extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  expect(await c.resident.call('notice', 'list', { size: 500 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  expect(await c.resident.call('notice', 'list', { cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { cursor: '翻页参数不正确' } } })
  expect(await c.resident.call('notice', 'delete', {})).toMatchObject({ ok: false, error: { reason: 'UNKNOWN_ACTION' } })
  expect(await env.cloud.runtime.invoke('notice', { action: 'unread', payload: {} }, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  expect(env.findAll('notifications')).toEqual(before)
})
