// The SLA clocks through the real timer trigger, with the injected clock: orders not accepted in time are
// called up to the street by themselves (red 2 h, yellow 24 h, green 72 h); claims past their deadline
// are reminded once, then released back to the hall, and the community is told. Sweeps are idempotent.
import { CLAIM_GRACE_MS, DEFAULT_ACCEPT_SLA_MS } from '../../shared/rules/sla'
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
const HOUR = 60 * MIN

interface Report {
  escalated: number
  reminded: number
  released: number
}
async function sweep(): Promise<Report> {
  const r = (await env.cloud.runtime.invoke('order', { Type: 'Timer', TriggerName: 'slaSweep' }, {})) as { ok: boolean; data: Report }
  expect(r.ok).toBe(true)
  return r.data
}
const status = (id: string) => env.find('orders', id).status
const notices = (openid: string, prefix: string) => env.findAll('notifications', { openid, _id: new RegExp(`^${prefix}`) })
function world() {
  return ['orders', 'order_claims', 'ledger', 'audit', 'notifications'].map((k) => env.findAll(k).sort((a, b) => (a._id < b._id ? -1 : 1)))
}

describe('accept SLA: an order nobody accepts is called up to the street by itself', () => {
  it('red after 2 h, yellow after 24 h, green after 72 h — and not a minute before', async () => {
    const t0 = env.clock.now()
    const submit = async (urgency: string) => (await must(c.resident.call('order', 'submit', orderInput({ urgency })))).id as string
    const red = await submit('red')
    const yellow = await submit('yellow')
    const green = await submit('green')
    const redAccepted = await submit('red')
    env.clock.advance(HOUR)
    await must(c.admin.call('order', 'accept', acceptInput(env, redAccepted, { colour: 'red' })))

    const at = async (ms: number) => {
      env.clock.set(t0 + ms)
      return sweep()
    }
    await at(DEFAULT_ACCEPT_SLA_MS.red - MIN)
    expect([status(red), status(yellow), status(green)]).toEqual(['submitted', 'submitted', 'submitted'])

    const r1 = await at(DEFAULT_ACCEPT_SLA_MS.red + MIN)
    expect(r1.escalated).toBe(1)
    expect([status(red), status(yellow), status(green), status(redAccepted)]).toEqual(['escalated', 'submitted', 'submitted', 'accepted'])
    const stored = env.find('orders', red)
    expect(stored.escalation).toMatchObject({ to: 'street', colour: 'red', auto: true, reason: '超时未受理' })
    expect(stored.timeline[stored.timeline.length - 1]).toMatchObject({ by: 'system', role: 'system', action: 'escalate', from: 'submitted', to: 'escalated', internal: true })

    // The street admins get it in their notifications and their to-do inbox; the community hears too.
    expect(notices(c.street.openid, `order:${red}:auto-escalate`)).toEqual([expect.objectContaining({ type: 'order', title: '超时未受理，已自动上报', read: false })])
    expect(notices(c.admin.openid, `order:${red}:auto-escalate`)).toHaveLength(1)
    const streetTodo = await must(c.street.call('order', 'inbox', { tab: 'todo', size: 50 }))
    expect(streetTodo.items.map((x: { id: string }) => x.id)).toContain(red)
    // …and the street can act on it at once.
    expect(await must(c.street.call('order', 'dispatch', { orderId: red, assignee: { type: 'department', id: 'd1' } }))).toMatchObject({ status: 'dispatched' })

    await at(DEFAULT_ACCEPT_SLA_MS.yellow - MIN)
    expect([status(yellow), status(green)]).toEqual(['submitted', 'submitted'])
    const r2 = await at(DEFAULT_ACCEPT_SLA_MS.yellow + MIN)
    expect(r2.escalated).toBe(1)
    expect([status(yellow), status(green)]).toEqual(['escalated', 'submitted'])

    await at(DEFAULT_ACCEPT_SLA_MS.green - MIN)
    expect(status(green)).toBe('submitted')
    const r3 = await at(DEFAULT_ACCEPT_SLA_MS.green + MIN)
    expect(r3.escalated).toBe(1)
    expect(status(green)).toBe('escalated')
    expect(status(redAccepted)).toBe('accepted')
    expect(notices(c.street.openid, `order:${yellow}:auto-escalate`)).toHaveLength(1)
    expect(notices(c.street.openid, `order:${green}:auto-escalate`)).toHaveLength(1)
  })

  it('an order withdrawn or rejected in time is left alone', async () => {
    const a = (await must(c.resident.call('order', 'submit', orderInput({ urgency: 'red' })))).id
    const b = (await must(c.resident.call('order', 'submit', orderInput({ urgency: 'red' })))).id
    await must(c.resident.call('order', 'withdraw', { orderId: a }))
    await must(c.admin.call('order', 'reject', { orderId: b, reason: '重复提交' }))
    env.clock.advance(3 * HOUR)
    await sweep()
    expect([status(a), status(b)]).toEqual(['withdrawn', 'rejected'])
  })
})

describe('claim deadline: reminded once, then released back to the hall', () => {
  it('reminds at the deadline, once; releases after the grace period; the community is told', async () => {
    const o = await must(c.resident.call('order', 'submit', orderInput()))
    const deadline = env.clock.now() + 48 * HOUR
    await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { slots: 1, deadline: new Date(deadline).toISOString() })))
    await must(c.admin.call('order', 'publish', { orderId: o.id }))
    await must(c.member.call('order', 'claim', { orderId: o.id }))
    const claimId = `${o.id}_${c.member.openid}`
    expect(env.find('order_claims', claimId)).toMatchObject({ status: 'active' })

    env.clock.set(deadline - MIN)
    await sweep()
    expect(env.find('order_claims', claimId).remindedAt).toBeUndefined()
    expect(notices(c.member.openid, `claim:${claimId}:remind`)).toHaveLength(0)

    env.clock.set(deadline + MIN)
    const first = await sweep()
    expect(first.reminded).toBe(1)
    const reminded = env.find('order_claims', claimId)
    expect(reminded).toMatchObject({ status: 'active', remindedAt: new Date(deadline + MIN) })
    expect(notices(c.member.openid, `claim:${claimId}:remind`)).toEqual([expect.objectContaining({ title: '任务已到期' })])
    expect(status(o.id)).toBe('claimed')

    // A second sweep (and one an hour later) does not remind again, nor release yet.
    const again = await sweep()
    expect(again).toMatchObject({ reminded: 0, released: 0 })
    env.clock.set(deadline + HOUR)
    expect(await sweep()).toMatchObject({ reminded: 0, released: 0 })
    expect(env.find('order_claims', claimId)).toEqual(reminded)
    expect(notices(c.member.openid, `claim:${claimId}:remind`)).toHaveLength(1)

    env.clock.set(deadline + CLAIM_GRACE_MS + MIN)
    const released = await sweep()
    expect(released.released).toBe(1)
    expect(env.find('orders', o.id)).toMatchObject({ status: 'published', taken: 0, slotsFree: 1, claimerIds: [] })
    expect(env.find('order_claims', claimId)).toMatchObject({ status: 'released', releaseReason: '超过完成期限，自动释放' })
    const last = env.find('orders', o.id).timeline.at(-1)
    expect(last).toMatchObject({ action: 'release', role: 'system', by: 'system', from: 'claimed' })
    expect(notices(c.member.openid, `claim:${claimId}:released`)).toHaveLength(1)
    expect(notices(c.admin.openid, `claim:${claimId}:released-admin`)).toEqual([expect.objectContaining({ title: '领单超时已释放' })])
    // Back in the hall for others; the member who let it lapse no longer sees the orderer.
    const hall = await must(c.member2.call('order', 'hall', { size: 50 }))
    expect(hall.items.find((x: { id: string }) => x.id === o.id)).toMatchObject({ taken: 0, slots: 1 })
    expect(await c.member.call('order', 'get', { orderId: o.id })).toMatchObject({ ok: true, data: { entitled: false, claimers: [] } })

    // And another sweep changes nothing.
    const before = world()
    expect(await sweep()).toEqual({ escalated: 0, reminded: 0, released: 0 })
    expect(world()).toEqual(before)
  })

  it('releases every late claimer of work in progress; the last one out puts it back in the hall', async () => {
    const o = await must(c.resident.call('order', 'submit', orderInput()))
    const deadline = env.clock.now() + 24 * HOUR
    await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { slots: 2, deadline: new Date(deadline).toISOString() })))
    await must(c.admin.call('order', 'publish', { orderId: o.id }))
    await must(c.member.call('order', 'claim', { orderId: o.id }))
    await must(c.member2.call('order', 'claim', { orderId: o.id }))
    await must(c.member.call('order', 'start', { orderId: o.id }))
    expect(env.find('orders', o.id)).toMatchObject({ status: 'in_progress', taken: 2, slotsFree: 0 })

    env.clock.set(deadline + MIN)
    expect((await sweep()).reminded).toBe(2)
    env.clock.set(deadline + CLAIM_GRACE_MS + MIN)
    expect((await sweep()).released).toBe(2)
    expect(env.find('orders', o.id)).toMatchObject({ status: 'published', taken: 0, slotsFree: 2, claimerIds: [] })
    expect(env.findAll('order_claims', { orderId: o.id }).map((x) => x.status)).toEqual(['released', 'released'])
    expect(notices(c.admin.openid, `claim:${o.id}_`)).toHaveLength(2)
  })

  it('a member the community dispatched is reminded but not released (the community decides)', async () => {
    const o = await must(c.resident.call('order', 'submit', orderInput()))
    const deadline = env.clock.now() + 24 * HOUR
    await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { deadline: new Date(deadline).toISOString() })))
    await must(c.admin.call('order', 'dispatch', { orderId: o.id, assignee: { type: 'member', id: c.member.openid } }))
    const claimId = `${o.id}_${c.member.openid}`
    env.clock.set(deadline + MIN)
    await sweep()
    env.clock.set(deadline + 3 * CLAIM_GRACE_MS)
    await sweep()
    expect(env.find('order_claims', claimId)).toMatchObject({ status: 'active', viaDispatch: true })
    expect(notices(c.member.openid, `claim:${claimId}:remind`)).toHaveLength(1)
    expect(env.find('orders', o.id)).toMatchObject({ status: 'dispatched', claimerIds: [c.member.openid] })
  })
})

describe('idempotence', () => {
  it('two sweeps in a row, or three at once, act once', async () => {
    const submit = async () => (await must(c.resident.call('order', 'submit', orderInput({ urgency: 'red' })))).id as string
    const a = await submit()
    const b = await submit()
    const o = await must(c.resident.call('order', 'submit', orderInput()))
    const deadline = env.clock.now() + HOUR * 3
    await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { deadline: new Date(deadline).toISOString() })))
    await must(c.admin.call('order', 'publish', { orderId: o.id }))
    await must(c.member.call('order', 'claim', { orderId: o.id }))

    env.clock.set(deadline + MIN) // both red orders overdue, and the claim
    const reports = await Promise.all([sweep(), sweep(), sweep()])
    expect(reports.reduce((n, r) => n + r.escalated, 0)).toBe(2)
    expect(reports.reduce((n, r) => n + r.reminded, 0)).toBe(1)
    for (const id of [a, b]) {
      expect(env.find('orders', id).timeline.filter((t: { action: string }) => t.action === 'escalate')).toHaveLength(1)
      expect(notices(c.street.openid, `order:${id}:auto-escalate`)).toHaveLength(1)
    }
    const before = world()
    expect(await sweep()).toEqual({ escalated: 0, reminded: 0, released: 0 })
    expect(world()).toEqual(before)

    env.clock.set(deadline + CLAIM_GRACE_MS + MIN)
    const released = await Promise.all([sweep(), sweep()])
    expect(released.reduce((n, r) => n + r.released, 0)).toBe(1)
    expect(env.find('orders', o.id)).toMatchObject({ status: 'published', taken: 0, slotsFree: 1, claimerIds: [] })
    const after = world()
    expect(await sweep()).toEqual({ escalated: 0, reminded: 0, released: 0 })
    expect(world()).toEqual(after)
  })
})
