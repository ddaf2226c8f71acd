// One page, one masking (issue 12, finding 6): whoever may see a dispatched member's full name (the
// community's admin, the orderer, the member) reads it in the timeline too, not 派给张* beside 张杰 in
// 领单人; whoever may not (the member once the order was handed back) reads the masked form everywhere.
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { acceptInput, cast, must, orderInput, type Cast } from '../support/orders'

jest.setTimeout(60_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

const NAME = '李党员'
const dispatchNote = (v: { timeline: { action: string; note?: string }[] }) => v.timeline.find((t) => t.action === 'dispatch')?.note

it('the timeline names a dispatched member as the rest of the page does, for each viewer', async () => {
  const { id } = await must(c.resident.call('order', 'submit', orderInput()))
  await must(c.admin.call('order', 'accept', acceptInput(env, id)))
  const admin = await must(c.admin.call('order', 'dispatch', { orderId: id, assignee: { type: 'member', id: c.member.openid }, note: '请带工具' }))
  expect(admin.assignee).toEqual({ type: 'member', name: NAME })
  expect(admin.claimers.map((x: { name: string }) => x.name)).toEqual([NAME])
  expect(dispatchNote(admin)).toBe(`派给${NAME}：请带工具`)

  expect(dispatchNote(await must(c.resident.call('order', 'get', { orderId: id })))).toBe(`派给${NAME}：请带工具`)
  expect(dispatchNote(await must(c.member.call('order', 'get', { orderId: id })))).toBe(`派给${NAME}：请带工具`)

  // Handed back, the member is no longer entitled: the masked form everywhere, the admin's words nowhere.
  await must(c.member.call('order', 'return', { orderId: id, reason: '时间冲突' }))
  const past = await must(c.member.call('order', 'get', { orderId: id }))
  expect(past.entitled).toBe(false)
  expect(dispatchNote(past)).toBe('派给李*')
  const json = JSON.stringify(past)
  expect(json).not.toContain(NAME)
  expect(json).not.toContain('请带工具')
})
