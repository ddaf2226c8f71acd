// Orders as each role meets them (issue 12): who the timeline and the notices say did what.
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { cast, must, publishedOrder, type Cast } from '../support/orders'

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
