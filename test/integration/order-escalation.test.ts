// 吹哨 with a 完成期限 (issue 12, finding 8): an escalation carries a deadline (chosen, or the colour's
// default), shown to whoever it is sent to and to the community, and the sweep tells both once it
// passes. Escalating or returning never restarts the acceptance clock: an order handed back to 待受理
// after its deadline stays overdue and is not called up again by the timer.
import { DEFAULT_ACCEPT_SLA_MS, DEFAULT_ESCALATION_MS } from '../../shared/rules/sla'
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { cast, must, orderInput, type Cast } from '../support/orders'

jest.setTimeout(60_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

const HOUR = 3600_000
async function sweep() {
  const r = (await env.cloud.runtime.invoke('order', { Type: 'Timer', TriggerName: 'slaSweep' }, {})) as { ok: boolean; data: Record<string, { acted: number }> }
  expect(r.ok).toBe(true)
  return r.data
}
const notices = (openid: string, prefix: string) => env.findAll('notifications', { openid, _id: new RegExp(`^${prefix}`) })
const submit = async (urgency = 'yellow') => (await must(c.resident.call('order', 'submit', orderInput({ urgency })))).id as string

describe('an escalation carries a 完成期限', () => {
  it('the one chosen is shown to the department it was sent to and to the community, never to the resident', async () => {
    const id = await submit()
    const due = new Date(env.clock.now() + 3 * 24 * HOUR).toISOString()
    const v = await must(c.admin.call('order', 'escalate', { orderId: id, to: 'department', departmentId: 'd1', colour: 'yellow', reason: '需要执法', deadline: due }))
    expect(v.escalationDeadline).toBe(due)
    expect((await must(c.dept.call('order', 'get', { orderId: id }))).escalationDeadline).toBe(due)
    const tasks = await must(c.dept.call('order', 'myTasks', { status: 'open', size: 20 }))
    expect(tasks.items.find((x: { id: string }) => x.id === id)).toMatchObject({ escalationDeadline: due })
    expect((await must(c.resident.call('order', 'get', { orderId: id }))).escalationDeadline).toBeUndefined()
    // The notice says by when.
    expect(env.findAll('notifications', { _id: new RegExp(`^order:${id}:escalate`) })[0].body).toMatch(/前办结/)
  })

  it('without one, the colour default; a deadline in the past is refused and nothing is written', async () => {
    const id = await submit()
    const t0 = env.clock.now()
    const v = await must(c.admin.call('order', 'escalate', { orderId: id, to: 'street', colour: 'red', reason: '涉及多个社区' }))
    expect(new Date(v.escalationDeadline).getTime()).toBe(t0 + DEFAULT_ESCALATION_MS.red)

    const other = await submit()
    const before = env.find('orders', other)
    const r = await c.admin.call('order', 'escalate', { orderId: other, to: 'street', colour: 'red', reason: '上报', deadline: new Date(t0 - HOUR).toISOString() })
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { deadline: '完成期限要晚于现在' } } })
    expect(env.find('orders', other)).toEqual(before)
  })

  it('past its 完成期限, whoever has it and the community are told once', async () => {
    const id = await submit()
    const due = new Date(env.clock.now() + 2 * HOUR).toISOString()
    await must(c.admin.call('order', 'escalate', { orderId: id, to: 'street', colour: 'red', reason: '涉及多个社区', deadline: due }))
    await must(c.street.call('order', 'dispatch', { orderId: id, assignee: { type: 'department', id: 'd1' } }))
    env.clock.advance(HOUR)
    await sweep()
    expect(notices(c.dept.openid, `order:${id}:escalation-due`)).toHaveLength(0)
    env.clock.advance(2 * HOUR)
    await sweep()
    await sweep()
    expect(notices(c.dept.openid, `order:${id}:escalation-due`)).toHaveLength(1)
    expect(notices(c.admin.openid, `order:${id}:escalation-due`)).toEqual([expect.objectContaining({ title: '上报事项已超过完成期限' })])
    const stored = env.find('orders', id)
    expect(stored.timeline.filter((t: { action: string }) => t.action === 'remind')).toHaveLength(1)
    expect(stored.nextDue).toBeUndefined()
  })

  it('the timer gives an automatic call-up a 完成期限 too', async () => {
    const id = await submit('red')
    env.clock.advance(DEFAULT_ACCEPT_SLA_MS.red + HOUR)
    await sweep()
    const stored = env.find('orders', id)
    expect(stored.status).toBe('escalated')
    expect(new Date(stored.escalation.deadline).getTime()).toBe(env.clock.now() + DEFAULT_ESCALATION_MS.red)
  })
})

describe('escalating and returning keep the acceptance clock of the submission', () => {
  it('escalating does not restart it', async () => {
    const t0 = env.clock.now()
    const id = await submit('yellow')
    env.clock.advance(5 * HOUR)
    await must(c.admin.call('order', 'escalate', { orderId: id, to: 'street', colour: 'yellow', reason: '涉及多个社区' }))
    expect(new Date(env.find('orders', id).acceptDeadline).getTime()).toBe(t0 + DEFAULT_ACCEPT_SLA_MS.yellow)
  })

  it('an order returned after its deadline stays overdue and is not called up again', async () => {
    const t0 = env.clock.now()
    const id = await submit('yellow')
    env.clock.advance(3 * HOUR)
    await must(c.admin.call('order', 'escalate', { orderId: id, to: 'street', colour: 'yellow', reason: '涉及多个社区' }))
    env.clock.advance(DEFAULT_ACCEPT_SLA_MS.yellow)
    const back = await must(c.street.call('order', 'return', { orderId: id, reason: '属于社区自治事项' }))
    expect(back.status).toBe('submitted')
    // Not a fresh 24 h: the deadline of the submission, already past.
    expect(new Date(back.acceptDeadline).getTime()).toBe(t0 + DEFAULT_ACCEPT_SLA_MS.yellow)
    expect(new Date(back.acceptDeadline).getTime()).toBeLessThan(env.clock.now())
    expect(back.escalationDeadline).toBeUndefined()
    // The timer does not send it straight back up: the community has it, overdue, at the top of 待处理.
    await sweep()
    const stored = env.find('orders', id)
    expect(stored.status).toBe('submitted')
    expect(stored.acceptDue).toBeUndefined()
    expect(stored.timeline.filter((t: { action: string }) => t.action === 'escalate')).toHaveLength(1)
    const todo = await must(c.admin.call('order', 'inbox', { tab: 'todo', size: 50 }))
    expect(todo.items.map((x: { id: string }) => x.id)).toContain(id)
  })
})
