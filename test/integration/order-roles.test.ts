// Orders as each role meets them (issue 12): who the timeline and the notices say did what.
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { acceptInput, cast, must, orderInput, publishedOrder, type Cast } from '../support/orders'

jest.setTimeout(60_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

type Entry = { action: string; byRole: string }
const byRoleOf = (view: { timeline: Entry[] }, action: string) => view.timeline.filter((t) => t.action === action).map((t) => t.byRole)

it('a party member who claims is shown as 党员 (亮身份), on a 仅限党员 task too, and the resident is told so', async () => {
  const id = await publishedOrder(env, c, { membersOnly: true })
  await must(c.member.call('order', 'claim', { orderId: id }))
  await must(c.member.call('order', 'start', { orderId: id }))
  const seen = await must(c.resident.call('order', 'get', { orderId: id }))
  expect(byRoleOf(seen, 'claim')).toEqual(['党员'])
  expect(byRoleOf(seen, 'start')).toEqual(['党员'])
  expect(seen.claimers[0].label).toMatch(/^党员/)
  const notices = await must(c.resident.call('notice', 'list', {}))
  const told = notices.items.find((n: { title: string; link?: string }) => n.title === '有人领单了' && n.link?.includes(id))
  expect(told.body).toContain('已有党员领取')
  expect(told.body).not.toContain('志愿者')
})

it('a volunteer who claims is shown as 志愿者', async () => {
  const id = await publishedOrder(env, c)
  await must(c.volunteer.call('order', 'claim', { orderId: id }))
  const seen = await must(c.resident.call('order', 'get', { orderId: id }))
  expect(byRoleOf(seen, 'claim')).toEqual(['志愿者'])
  const notices = await must(c.resident.call('notice', 'list', {}))
  expect(notices.items.find((n: { title: string; link?: string }) => n.title === '有人领单了' && n.link?.includes(id)).body).toContain('已有志愿者领取')
})

it('a department has one queue, 我的任务: what is sent to it while open, then under 已完成; no second inbox that disagrees', async () => {
  const o = await must(c.resident.call('order', 'submit', orderInput()))
  await must(c.admin.call('order', 'accept', acceptInput(env, o.id)))
  await must(c.admin.call('order', 'dispatch', { orderId: o.id, assignee: { type: 'department', id: 'd1' } }))
  const open = await must(c.dept.call('order', 'myTasks', { status: 'open', size: 50 }))
  const card = open.items.find((x: { id: string }) => x.id === o.id)
  // Sent to the department: its card says so, and the screen shows no points and places for it.
  expect(card).toMatchObject({ sentTo: 'department' })
  expect(await c.dept.call('order', 'inbox', { tab: 'todo' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })

  await must(c.dept.call('order', 'start', { orderId: o.id }))
  await must(c.dept.call('order', 'complete', { orderId: o.id, note: '已修好', photos: [] }))
  await must(c.resident.call('order', 'confirm', { orderId: o.id }))
  await must(c.resident.call('order', 'rate', { orderId: o.id, stars: 5 }))
  const ids = async (status: 'open' | 'closed') => (await must(c.dept.call('order', 'myTasks', { status, size: 50 }))).items.map((x: { id: string }) => x.id)
  expect(await ids('open')).not.toContain(o.id)
  expect(await ids('closed')).toContain(o.id)
})

it('a member’s hall card carries no sentTo (points and places are shown for it)', async () => {
  const id = await publishedOrder(env, c)
  const hall = await must(c.member2.call('order', 'hall', { size: 50 }))
  expect(hall.items.find((x: { id: string }) => x.id === id).sentTo).toBeUndefined()
})

it('a half-filled task says 还差1人 to those who may still claim it, and 已领单 once full', async () => {
  const id = await publishedOrder(env, c, { slots: 2 })
  await must(c.member.call('order', 'claim', { orderId: id }))
  const hall = await must(c.member2.call('order', 'hall', { size: 50 }))
  expect(hall.items.find((x: { id: string }) => x.id === id)).toMatchObject({ statusLabel: '还差1人', taken: 1, slots: 2 })
  expect(await must(c.member2.call('order', 'claim', { orderId: id }))).toMatchObject({ statusLabel: '已领单' })
})
