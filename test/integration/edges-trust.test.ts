// Trust at the edges (issue 7): timers are the platform's, not a client's; grants are checked when a
// person is loaded, and one that lacks its scope id is dropped, never widened. Real handlers, the real
// SDK, the local cloud; the stored data is read back to show that nothing ran.
import { signToken } from '../../localcloud/gateway'
import { DEFAULT_ACCEPT_SLA_MS } from '../../shared/rules/sla'
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

const MIN = 60_000
let keys = 0
/** An order through the real submit call (each submission carries its own request key). */
async function submit(user: Cast['resident'], over: Record<string, unknown> = {}): Promise<string> {
  return (await must(user.call('order', 'submit', orderInput({ requestKey: `edges-trust-${++keys}`, ...over })))).id
}
const status = (id: string) => env.find('orders', id)?.status
const escalations = () => env.findAll('orders', { 'escalation.auto': true }).length

describe('timers are the platform’s', () => {
  let overdue: string
  beforeAll(async () => {
    overdue = await submit(c.resident, { urgency: 'red' })
    env.clock.advance(DEFAULT_ACCEPT_SLA_MS.red + MIN) // the sweep, if it ran, would call it up to the street
  })
  const timerEvent = () => ({ Type: 'Timer', TriggerName: 'slaSweep', Time: new Date(env.clock.now()).toISOString() })

  it('a logged-in user sending the timer event through the gateway gets an envelope refusal, and nothing runs', async () => {
    const token = signToken(env.cloud.secret, c.member.openid)
    const res = await fetch(`${env.url}/api/order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(timerEvent()),
    })
    const body = await res.json()
    expect(body).toMatchObject({ ok: false, error: { code: expect.any(String), reason: expect.any(String), message: expect.any(String) } })
    expect(status(overdue)).toBe('submitted')
    expect(escalations()).toBe(0)
  })

  it('the same event as callFunction data (the caller in the context, as in WeChat) is refused: TIMER_ONLY', async () => {
    const res = await env.cloud.runtime.invoke('order', timerEvent(), { openid: c.member.openid })
    expect(res).toEqual({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'TIMER_ONLY', message: '该操作只能由系统定时执行' } })
    expect(status(overdue)).toBe('submitted')
    expect(env.findAll('notifications', { _id: new RegExp(`^order:${overdue}:auto-escalate`) })).toEqual([])
  })

  it.each([
    ['a caller known only by unionid', () => timerEvent(), { unionid: 'union-1' }],
    ['a Time that is no real instant', () => ({ ...timerEvent(), Time: '2026-11-24T10:00:00+99:99' }), {}],
    ['a Time that is not text', () => ({ ...timerEvent(), Time: 1_800_000_000 }), {}],
    ['no trigger name', () => ({ Type: 'Timer', Time: new Date(env.clock.now()).toISOString() }), {}],
  ])('%s is refused and nothing runs', async (_name, event, identity) => {
    const res = await env.cloud.runtime.invoke('order', event(), identity)
    expect(res).toMatchObject({ ok: false, error: { reason: 'TIMER_ONLY' } })
    expect(status(overdue)).toBe('submitted')
  })

  it.each(['nope', 'constructor', 'toString', '__proto__'])('a trigger that is not declared (%s) runs nothing', async (name) => {
    const res = await env.cloud.runtime.invoke('order', { Type: 'Timer', TriggerName: name, Time: new Date(env.clock.now()).toISOString() }, {})
    expect(res).toMatchObject({ ok: false, error: { reason: 'UNKNOWN_ACTION' } })
    expect(status(overdue)).toBe('submitted')
  })

  it('the platform’s timer (no caller) runs the sweep', async () => {
    const res = await env.cloud.runtime.invoke('order', timerEvent(), {})
    expect(res).toMatchObject({ ok: true })
    expect(status(overdue)).toBe('escalated')
  })
})

describe('grants are checked when loaded', () => {
  let errors: jest.SpyInstance
  beforeEach(() => {
    // Watch what the handler logs (the log is the operator's signal that a stored grant is broken).
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  })
  afterEach(() => errors.mockRestore())

  function person(id: string, grants: unknown, extra: Record<string, unknown> = {}) {
    const at = new Date(env.clock.now())
    env.cloud.emulator.db.insert('users', [{ _id: id, nickname: id, realName: '测试', grants, skills: [], largeText: false, createdAt: at, updatedAt: at, ...extra }])
    return env.as(id)
  }

  let c1Order: string
  let deptOrder: string
  let c2Order: string
  beforeAll(async () => {
    c1Order = await submit(c.resident)
    deptOrder = await submit(c.resident)
    await must(c.admin.call('order', 'accept', acceptInput(env, deptOrder)))
    await must(c.admin.call('order', 'dispatch', { orderId: deptOrder, assignee: { type: 'department', id: 'd1' } }))
    c2Order = await submit(c.outsider, { place: { kind: 'room', buildingId: 'c2-g1-b1', room: '2单元201' } })
  })

  it('the shapes the real grants have pass (the department’s own queue holds its work)', async () => {
    const inbox = await must(c.dept.call('order', 'myTasks', { status: 'all' }))
    expect(inbox.items.map((o: { id: string }) => o.id)).toContain(deptOrder)
  })

  it.each([
    ['a department grant without its department', { role: 'department', streetId: 's1' }],
    ['a department grant with an empty department', { role: 'department', streetId: 's1', departmentId: '' }],
    ['a community admin grant without its community', { role: 'communityAdmin', streetId: 's1' }],
    ['a street admin grant without its street', { role: 'streetAdmin' }],
    ['a unit admin grant without its unit', { role: 'unitAdmin', streetId: 's1' }],
    ['a grid worker grant without its grid', { role: 'gridWorker', communityId: 'c1' }],
    ['a grant of a role that does not exist', { role: 'superAdmin', streetId: 's1' }],
    ['a scope id that is not text', { role: 'department', departmentId: 42 }],
    ['a scope id with a blank in it', { role: 'communityAdmin', communityId: 'c1 ' }],
  ])('%s is dropped: the holder sees nobody’s orders and the grant is logged', async (_name, grant) => {
    const openid = `bad-${Math.random().toString(36).slice(2, 8)}`
    const p = person(openid, [grant], { streetId: 's1' })
    for (const tab of ['todo', 'all'] as const) {
      const res = await p.call('order', 'inbox', { tab })
      expect(res).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    }
    expect(await p.call('order', 'get', { orderId: deptOrder })).toMatchObject({ ok: false })
    expect(await p.call('order', 'get', { orderId: c1Order })).toMatchObject({ ok: false })
    const profile = await must(p.call('member', 'profile', {}))
    expect(profile.grants).toEqual([])
    expect(errors.mock.calls.map((args) => args.join(' ')).some((line) => line.includes(openid) && line.includes('invalid grant'))).toBe(true)
  })

  it('an invalid grant beside a valid one: the valid one works, the invalid one widens nothing', async () => {
    const p = person('mixed-1', [{ role: 'communityAdmin', communityId: 'c2', streetId: 's1' }, { role: 'department', streetId: 's1' }])
    const ids = (await must(p.call('order', 'inbox', { tab: 'all' }))).items.map((o: { id: string }) => o.id)
    expect(ids).toContain(c2Order)
    expect(ids).not.toContain(deptOrder)
    expect(ids).not.toContain(c1Order)
    const profile = await must(p.call('member', 'profile', {}))
    expect(profile.grants).toEqual([{ role: 'communityAdmin', communityId: 'c2', streetId: 's1' }])
    expect(profile.roles).toEqual(['communityAdmin'])
  })

  it('grants stored as something other than a list leave a plain resident of the person’s community', async () => {
    const p = person('odd-1', { role: 'streetAdmin', streetId: 's1' }, { communityId: 'c1', streetId: 's1', gridId: 'c1-g1', buildingId: 'c1-g1-b1', room: '101' })
    const profile = await must(p.call('member', 'profile', {}))
    expect(profile.roles).toEqual(['resident'])
    expect(await p.call('order', 'inbox', { tab: 'all' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
  })
})
