// The timers through the real timer trigger, with the injected clock: orders not accepted in time are
// called up to the street by themselves (red 2 h, yellow 24 h, green 72 h; reopened orders too); claims
// past their deadline are reminded once, then released back to the hall, and the community is told;
// unconfirmed work is confirmed after N days and paid; rated orders are archived. Sweeps are idempotent,
// read only what needs action, never stall behind records they cannot act on, and stop within a budget.
import { CLAIM_GRACE_MS, DEFAULT_ACCEPT_SLA_MS } from '../../shared/rules/sla'
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { _, db } from '../../cloudfunctions/common/cloud'
import { runPass } from '../../cloudfunctions/common/sweep'
import { AUTO_CONFIRM_DAYS } from '../../cloudfunctions/order/model'
import { ORDER_PASSES } from '../../cloudfunctions/order/sweep'
import { acceptInput, cast, must, orderInput, publishedOrder, type Cast } from '../support/orders'

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

interface Pass {
  acted: number
  skipped: number
  failed: number
  complete: boolean
}
type Report = Record<'accept' | 'claims' | 'confirm' | 'archive' | 'outbox', Pass> & { repair: { checked: number; repaired: number } }
async function sweep(): Promise<Report> {
  const r = (await env.cloud.runtime.invoke('order', { Type: 'Timer', TriggerName: 'slaSweep' }, {})) as { ok: boolean; data: Report }
  expect(r.ok).toBe(true)
  return r.data
}
const acted = (r: Report) => Object.fromEntries((['accept', 'claims', 'confirm', 'archive', 'outbox'] as const).map((k) => [k, r[k].acted]))
const NONE = { accept: 0, claims: 0, confirm: 0, archive: 0, outbox: 0 }
const status = (id: string) => env.find('orders', id).status
const notices = (openid: string, prefix: string) => env.findAll('notifications', { openid, _id: new RegExp(`^${prefix}`) })
function world() {
  return ['orders', 'ledger', 'audit', 'notifications'].map((k) => env.findAll(k).sort((a, b) => (a._id < b._id ? -1 : 1)))
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
    expect(r1.accept.acted).toBe(1)
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
    expect(r2.accept.acted).toBe(1)
    expect([status(yellow), status(green)]).toEqual(['escalated', 'submitted'])

    await at(DEFAULT_ACCEPT_SLA_MS.green - MIN)
    expect(status(green)).toBe('submitted')
    const r3 = await at(DEFAULT_ACCEPT_SLA_MS.green + MIN)
    expect(r3.accept.acted).toBe(1)
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
  const claimKey = (id: string, openid: string) => `order:${id}:claim:${openid}:`
  it('reminds at the deadline, once; releases after the grace period; the community is told', async () => {
    const o = await must(c.resident.call('order', 'submit', orderInput()))
    const deadline = env.clock.now() + 48 * HOUR
    await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { slots: 1, deadline: new Date(deadline).toISOString() })))
    await must(c.admin.call('order', 'publish', { orderId: o.id }))
    await must(c.member.call('order', 'claim', { orderId: o.id }))
    const claim = () => env.find('orders', o.id).claims[0]
    expect(claim()).toMatchObject({ openid: c.member.openid, status: 'claimed' })

    env.clock.set(deadline - MIN)
    await sweep()
    expect(claim().remindedAt).toBeUndefined()
    expect(notices(c.member.openid, claimKey(o.id, c.member.openid))).toHaveLength(0)

    env.clock.set(deadline + MIN)
    const first = await sweep()
    expect(first.claims.acted).toBe(1)
    expect(claim()).toMatchObject({ status: 'claimed', remindedAt: new Date(deadline + MIN), deadline: new Date(deadline) })
    expect(notices(c.member.openid, claimKey(o.id, c.member.openid))).toEqual([expect.objectContaining({ title: '任务已到期' })])
    expect(status(o.id)).toBe('published')

    // A second sweep (and one an hour later) does not remind again, nor release yet.
    expect(acted(await sweep())).toEqual(NONE)
    env.clock.set(deadline + HOUR)
    expect(acted(await sweep())).toEqual(NONE)
    expect(notices(c.member.openid, claimKey(o.id, c.member.openid))).toHaveLength(1)

    env.clock.set(deadline + CLAIM_GRACE_MS + MIN)
    const released = await sweep()
    expect(released.claims.acted).toBe(1)
    const stored = env.find('orders', o.id)
    expect(stored).toMatchObject({ status: 'published', taken: 0, slotsFree: 1, claimerIds: [] })
    expect(claim()).toMatchObject({ status: 'released', reason: '超过完成期限，自动释放' })
    // Back in the hall past its deadline, it gets the time it was first given again.
    expect(new Date(stored.deadline).getTime()).toBeGreaterThanOrEqual(env.clock.now() + 24 * HOUR)
    expect(stored.timeline.at(-1)).toMatchObject({ action: 'release', role: 'system', by: 'system' })
    expect(notices(c.member.openid, claimKey(o.id, c.member.openid)).map((n) => n.title).sort()).toEqual(['任务已到期', '任务已释放'])
    expect(notices(c.admin.openid, claimKey(o.id, c.member.openid))).toEqual([expect.objectContaining({ title: '领单超时已释放' })])
    // Back in the hall for others; the member who let it lapse no longer sees the orderer.
    const hall = await must(c.member2.call('order', 'hall', { size: 50 }))
    expect(hall.items.find((x: { id: string }) => x.id === o.id)).toMatchObject({ taken: 0, slots: 1 })
    expect(await c.member.call('order', 'get', { orderId: o.id })).toMatchObject({ ok: true, data: { entitled: false, claimers: [] } })

    // And another sweep changes nothing.
    const before = world()
    expect(acted(await sweep())).toEqual(NONE)
    expect(world()).toEqual(before)
  })

  it('each claimer of a multi-place order moves on their own: late ones are released and their places refilled from the hall', async () => {
    const o = await must(c.resident.call('order', 'submit', orderInput()))
    const deadline = env.clock.now() + 24 * HOUR
    await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { slots: 3, points: 30, hours: 2, deadline: new Date(deadline).toISOString() })))
    await must(c.admin.call('order', 'publish', { orderId: o.id }))
    const third = await env.user({ community: 'c1', roles: ['member'], name: '孙党员' })
    const fourth = await env.user({ community: 'c1', roles: ['member'], name: '钱党员' })
    await must(c.member.call('order', 'claim', { orderId: o.id }))
    await must(c.member2.call('order', 'claim', { orderId: o.id }))
    // One place is still free: the order stays in the hall while the first claimer works.
    await must(c.member.call('order', 'start', { orderId: o.id }))
    expect(env.find('orders', o.id)).toMatchObject({ status: 'published', taken: 2, slotsFree: 1 })
    const hall = await must(third.call('order', 'hall', { size: 50 }))
    expect(hall.items.find((x: { id: string }) => x.id === o.id)).toMatchObject({ statusLabel: '办理中', taken: 2, slots: 3 })
    await must(third.call('order', 'claim', { orderId: o.id }))
    // The second claimer has not started and lets go; the place goes back to the hall and is refilled.
    await must(c.member2.call('order', 'release', { orderId: o.id, reason: '临时有事' }))
    expect(env.find('orders', o.id)).toMatchObject({ taken: 2, slotsFree: 1 })
    await must(fourth.call('order', 'claim', { orderId: o.id }))
    // They finish at different times; the order is done only when every live claim has reported.
    await must(c.member.call('order', 'complete', { orderId: o.id, note: '修好了', photos: [] }))
    expect(status(o.id)).toBe('published')
    await must(third.call('order', 'start', { orderId: o.id }))
    await must(third.call('order', 'complete', { orderId: o.id, note: '一起搬运', photos: [] }))
    expect(status(o.id)).toBe('published')
    // The fourth never starts: at the deadline reminded, then released; the rest is done.
    env.clock.set(deadline + MIN)
    await sweep()
    env.clock.set(deadline + CLAIM_GRACE_MS + MIN)
    await sweep()
    let stored = env.find('orders', o.id)
    expect(stored.claims.map((x: { openid: string; status: string }) => `${x.openid === fourth.openid ? 'fourth' : x.openid === third.openid ? 'third' : x.openid === c.member.openid ? 'member' : 'member2'}:${x.status}`)).toEqual([
      'member:submitted',
      'member2:released',
      'third:submitted',
      'fourth:released',
    ])
    // Every live claim reported, the deadline past: the places nobody filled are withdrawn, the work is done.
    env.clock.advance(MIN)
    await sweep()
    stored = env.find('orders', o.id)
    expect(stored).toMatchObject({ status: 'done', slots: 2, taken: 2, slotsFree: 0 })
    await must(c.resident.call('order', 'confirm', { orderId: o.id }))
    // Only the confirmed work is paid.
    expect(env.findAll('ledger', { sourceId: o.id }).map((l) => l.openid).sort()).toEqual([c.member.openid, third.openid].sort())
    expect(env.find('orders', o.id).claims.filter((x: { status: string }) => x.status === 'paid')).toHaveLength(2)
  })

  it('a member the community dispatched is reminded but not released (the community decides)', async () => {
    const o = await must(c.resident.call('order', 'submit', orderInput()))
    const deadline = env.clock.now() + 24 * HOUR
    await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { deadline: new Date(deadline).toISOString() })))
    await must(c.admin.call('order', 'dispatch', { orderId: o.id, assignee: { type: 'member', id: c.member.openid } }))
    env.clock.set(deadline + MIN)
    await sweep()
    env.clock.set(deadline + 3 * CLAIM_GRACE_MS)
    await sweep()
    const stored = env.find('orders', o.id)
    expect(stored).toMatchObject({ status: 'dispatched', claimerIds: [c.member.openid], claims: [{ status: 'claimed', viaDispatch: true }] })
    expect(stored.nextDue).toBeUndefined()
    expect(notices(c.member.openid, claimKey(o.id, c.member.openid))).toHaveLength(1)
  })
})

describe('confirmation and archive timers', () => {
  it('work nobody confirms is confirmed after the window and paid once; a rated order is archived', async () => {
    const id = await publishedOrder(env, c, { slots: 1, points: 15, hours: 1 })
    await must(c.member.call('order', 'claim', { orderId: id }))
    await must(c.member.call('order', 'start', { orderId: id }))
    await must(c.member.call('order', 'complete', { orderId: id, note: '好了', photos: [] }))
    const doneAt = env.clock.now()
    env.clock.set(doneAt + AUTO_CONFIRM_DAYS * 24 * HOUR - MIN)
    await sweep()
    expect(status(id)).toBe('done')
    env.clock.set(doneAt + AUTO_CONFIRM_DAYS * 24 * HOUR + MIN)
    const r = await Promise.all([sweep(), sweep()])
    expect(r[0].confirm.acted + r[1].confirm.acted).toBe(1)
    expect(env.find('orders', id)).toMatchObject({ status: 'confirmed', claims: [{ status: 'paid' }] })
    expect(env.findAll('ledger', { sourceId: id })).toEqual([expect.objectContaining({ openid: c.member.openid, points: 15, hours: 1 })])
    expect(notices(c.resident.openid, `order:${id}:auto-confirmed`)).toHaveLength(1)

    await must(c.resident.call('order', 'rate', { orderId: id, stars: 4 }))
    expect((await sweep()).archive.acted).toBe(1)
    expect(env.find('orders', id)).toMatchObject({ status: 'closed', closure: { code: 'solved' } })
    expect(env.find('orders', id).archiveDue).toBeUndefined()
  })

  it('a reopened order nobody accepts again is called up by the timer too', async () => {
    const id = await publishedOrder(env, c, { slots: 1 })
    await must(c.admin.call('order', 'close', { orderId: id, code: 'partly', note: '先归档' }))
    await must(c.resident.call('order', 'reopen', { orderId: id, reason: '还是不行' }))
    expect(env.find('orders', id).acceptDue).toBeDefined()
    env.clock.advance(DEFAULT_ACCEPT_SLA_MS.yellow + MIN)
    await sweep()
    expect(env.find('orders', id)).toMatchObject({ status: 'escalated', escalation: { to: 'street', auto: true } })
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
    expect(reports.reduce((n, r) => n + r.accept.acted, 0)).toBe(2)
    expect(reports.reduce((n, r) => n + r.claims.acted, 0)).toBe(1)
    for (const id of [a, b]) {
      expect(env.find('orders', id).timeline.filter((t: { action: string }) => t.action === 'escalate')).toHaveLength(1)
      expect(notices(c.street.openid, `order:${id}:auto-escalate`)).toHaveLength(1)
    }
    expect(notices(c.member.openid, `order:${o.id}:claim:`)).toHaveLength(1)
    const before = world()
    expect(acted(await sweep())).toEqual(NONE)
    expect(world()).toEqual(before)

    env.clock.set(deadline + CLAIM_GRACE_MS + MIN)
    const released = await Promise.all([sweep(), sweep()])
    expect(released.reduce((n, r) => n + r.claims.acted, 0)).toBe(1)
    expect(env.find('orders', o.id)).toMatchObject({ status: 'published', taken: 0, slotsFree: 1, claimerIds: [] })
    const after = world()
    expect(acted(await sweep())).toEqual(NONE)
    expect(world()).toEqual(after)
  })
})

describe('the sweep framework', () => {
  it('reads only what needs action: 10 due among 10,000 that need nothing are all acted on in one run', async () => {
    // The repair pass reads what changed since its last run: a first run puts its mark at the present.
    await sweep()
    const now = env.clock.now()
    const quiet = Array.from({ length: 10_000 }, (_, i) => quietOrder(`quiet-${i}`, now))
    env.cloud.emulator.db.insert('orders', quiet)
    const due = await Promise.all(Array.from({ length: 10 }, () => must(c.resident.call('order', 'submit', orderInput({ urgency: 'red' })))))
    env.clock.advance(DEFAULT_ACCEPT_SLA_MS.red + MIN)
    env.cloud.emulator.resetStats()
    const r = await sweep()
    expect(r.accept).toMatchObject({ acted: 10, complete: true })
    for (const o of due) expect(status(o.id)).toBe('escalated')
    // The due query walked the index: it examined the 10 orders, not the 10,000.
    expect(env.cloud.emulator.stats().collectionScans).toBe(0)
    expect(env.cloud.emulator.stats().docsExamined).toBeLessThan(2_000)
  })

  it('a run cut off by its budget leaves the rest due, and the next run finishes', async () => {
    const due = await Promise.all(Array.from({ length: 30 }, () => must(c.resident.call('order', 'submit', orderInput({ urgency: 'red' })))))
    env.clock.advance(DEFAULT_ACCEPT_SLA_MS.red + MIN)
    const now = new Date(env.clock.now())
    // A budget that runs out at once: nothing or almost nothing gets done, and the pass says it is not complete.
    const cut = await runPass(ORDER_PASSES[0], now, Date.now())
    expect(cut.complete).toBe(false)
    expect(due.filter((o) => status(o.id) === 'submitted').length).toBeGreaterThan(0)
    const full = await runPass(ORDER_PASSES[0], now, Date.now() + 60_000)
    expect(full.complete).toBe(true)
    expect(due.every((o) => status(o.id) === 'escalated')).toBe(true)
  })

  it('a record it cannot act on does not stall the ones behind it', async () => {
    // Orders whose due field says "now" but which the pass finds nothing to do with, oldest first.
    const now = env.clock.now()
    env.cloud.emulator.db.insert('orders', Array.from({ length: 150 }, (_, i) => ({ ...quietOrder(`stuck-${i}`, now), status: 'accepted', acceptDue: new Date(now - HOUR) })))
    const due = await Promise.all(Array.from({ length: 5 }, () => must(c.resident.call('order', 'submit', orderInput({ urgency: 'red' })))))
    env.clock.advance(DEFAULT_ACCEPT_SLA_MS.red + MIN)
    const r = await sweep()
    expect(r.accept.complete).toBe(true)
    expect(due.every((o) => status(o.id) === 'escalated')).toBe(true)
  })

  it('the repair pass rewrites an order whose counters or derived fields disagree with its claims', async () => {
    const id = await publishedOrder(env, c, { slots: 2 })
    await must(c.member.call('order', 'claim', { orderId: id }))
    // Corrupt what an interrupted write could never leave, to prove the pass finds and fixes it.
    await db.collection('orders').doc(id).update({ taken: 0, slotsFree: 2, claimerIds: [], hallRank: _.remove(), updatedAt: new Date(env.clock.now() + 1) })
    const r = await sweep()
    expect(r.repair.repaired).toBeGreaterThanOrEqual(1)
    expect(env.find('orders', id)).toMatchObject({ taken: 1, slotsFree: 1, claimerIds: [c.member.openid] })
    expect(env.find('orders', id).hallRank).toEqual(expect.any(String))
  })
})

/** An order that needs nothing from any timer (accepted, no deadline), written straight into the store. */
function quietOrder(id: string, now: number) {
  const at = new Date(now - 3 * 24 * HOUR)
  return {
    _id: id, no: id, streetId: 's1', communityId: 'c1', gridId: 'c1-g1', ordererId: 'someone', ordererName: '某某', category: '维修', text: '无', photos: [],
    urgencySuggested: 'green', colour: 'green', held: false, status: 'accepted', version: 1, points: 0, hours: 0, slots: 1, slotsFree: 0, taken: 0, membersOnly: false, skills: [],
    acceptDeadline: at, claims: [], claimerIds: [], alsoAffected: [], priority: 0, timeline: [], outbox: [], createdAt: at, updatedAt: at,
    people: ['someone'], parties: [], open: true, stage: 'doing',
  }
}
