// The platform fails: requests error out, replies are lost after the write was made. Every move and create
// of an order is retried the way the client does (the same request key, the same move again), and
// afterwards every invariant holds from the stored data: no duplicate order, no place held twice or
// counted wrong, no one paid twice, no confirmed claimer unpaid, no effect left undelivered.
import { broken } from '../../cloudfunctions/order/sweep'
import { orderPoints } from '../../shared/points/rules'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { retryingOn } from '../support/retry'
import { acceptInput, cast, must, orderInput, publishedOrder, requestKey, type Cast } from '../support/orders'

jest.setTimeout(240_000)

let env: TestCloud
let c: Cast
// The handler logs each platform failure; here they are expected, so keep them off the test output.
const quiet = [jest.spyOn(console, 'error').mockImplementation(() => undefined), jest.spyOn(console, 'warn').mockImplementation(() => undefined)]
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(async () => {
  await env.close()
  for (const q of quiet) q.mockRestore()
})

const sweep = () => env.cloud.runtime.invoke('order', { Type: 'Timer', TriggerName: 'slaSweep' }, {})

const retrying = retryingOn('order')

function checkOrder(id: string) {
  const o = env.find('orders', id)
  expect(broken(o)).toEqual([])
  const live = o.claims.filter((x: { status: string }) => ['claimed', 'started', 'submitted'].includes(x.status))
  expect(o.taken).toBe(live.length)
  expect([...o.claimerIds].sort()).toEqual(live.map((x: { openid: string }) => x.openid).sort())
  if (o.status === 'published') expect(o.taken + o.slotsFree).toBe(o.slots)
  expect(o.taken).toBeLessThanOrEqual(o.slots)
  // Paid exactly those whose confirmed work was paid: one ledger entry each, none for anyone else.
  const paid = o.claims.filter((x: { status: string }) => x.status === 'paid').map((x: { openid: string }) => x.openid).sort()
  const ledger = env.findAll('ledger', { sourceId: id })
  expect(ledger.map((l) => l.openid).sort()).toEqual(paid)
  // Each pays what the rules give the order, or less where the earning limits cut it (said on the entry).
  const due = orderPoints(o)
  for (const l of ledger) {
    expect(l).toMatchObject({ hours: o.hours })
    if (!l.capped) expect(l.points).toBe(due)
    else {
      expect(l).toMatchObject({ requested: { points: due, hours: o.hours } })
      expect(l.points).toBeLessThan(due)
    }
  }
  expect(o.outbox).toEqual([])
  return o
}

it('100 racing claims under injected errors and lost replies never overfill, and every answer agrees with the store', async () => {
  const id = await publishedOrder(env, c, { slots: 5 })
  const racers = await Promise.all(Array.from({ length: 100 }, (_, i) => env.user({ id: `f-racer-${i}`, community: 'c1', roles: ['member'] })))
  env.cloud.emulator.setFaults({ errorRate: 0.15, dropReplyRate: 0.05, seed: 7, actions: ['database.'] })
  const results = await Promise.all(racers.map((m) => retrying(m, 'claim', { orderId: id })))
  const injected = env.cloud.emulator.stats().faultsInjected
  env.cloud.emulator.setFaults(undefined)
  expect(injected.error).toBeGreaterThan(0)
  expect(injected.dropReply).toBeGreaterThan(0)
  // The timer delivers, a minute on, what no call could.
  env.clock.advance(2 * 60_000)
  await sweep()
  const o = checkOrder(id)
  expect(o.taken).toBe(5)
  // Whoever heard ok holds a place; whoever holds a place heard ok (a lost reply was retried into ok).
  const winners = racers.filter((_, i) => results[i].ok).map((m) => m.openid).sort()
  expect(winners).toEqual([...o.claimerIds].sort())
  for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ error: { reason: 'ORDER_FULL' } })
})

it('50 whole order journeys at 15% errors and 5% lost replies: every invariant holds from the stored data', async () => {
  const members = await Promise.all(Array.from({ length: 6 }, (_, i) => env.user({ id: `j-member-${i}`, community: 'c1', roles: ['member'], name: `党员${i}` })))
  const journeys = 50
  const keys: string[] = []
  env.cloud.emulator.setFaults({ errorRate: 0.15, dropReplyRate: 0.05, seed: 11, actions: ['database.'] })
  const outcomes = await Promise.all(
    Array.from({ length: journeys }, async (_, j) => {
      const key = requestKey()
      keys.push(key)
      const steps: string[] = []
      const ok = async (user: TestUser, action: string, payload: object) => {
        const r = await retrying(user, action, payload)
        steps.push(`${action}:${r.ok ? 'ok' : r.error.reason}`)
        return r
      }
      const sub = await ok(c.resident, 'submit', orderInput({ requestKey: key, text: `第${j}号：楼道灯坏了` }))
      if (!sub.ok) return steps
      const id = (sub.data as { id: string }).id
      const slots = 1 + (j % 3)
      if (!(await ok(c.admin, 'accept', acceptInput(env, id, { slots, points: 10, hours: 1 }))).ok) return steps
      if (!(await ok(c.admin, 'publish', { orderId: id })).ok) return steps
      const team = members.slice(j % 3, (j % 3) + slots)
      for (const m of team) await ok(m, 'claim', { orderId: id })
      for (const m of team) await ok(m, 'start', { orderId: id })
      for (const m of team) await ok(m, 'complete', { orderId: id, note: '已处理好', photos: [] })
      if (j % 5 === 0) {
        await ok(c.resident, 'dispute', { orderId: id, reason: '灯还是不亮' })
        for (const m of team) await ok(m, 'complete', { orderId: id, note: '换了镇流器', photos: [] })
      }
      await ok(c.resident, 'confirm', { orderId: id })
      await ok(c.resident, 'rate', { orderId: id, stars: 5 })
      return steps
    }),
  )
  const injected = env.cloud.emulator.stats().faultsInjected
  env.cloud.emulator.setFaults(undefined)
  expect(injected.error).toBeGreaterThan(20)
  expect(injected.dropReply).toBeGreaterThan(5)
  // The timer delivers what a call could not, and repairs what is broken (nothing should be).
  env.clock.advance(2 * 60_000)
  const report = (await sweep()) as { ok: boolean; data: { repair: { repaired: number } } }
  expect(report.data.repair.repaired).toBe(0)

  // With the retries, every journey got through every step.
  for (const steps of outcomes) for (const s of steps) expect(s).toMatch(/:ok$/)
  // No create made a duplicate: one order per request key.
  const mine = env.findAll('orders', { ordererId: c.resident.openid, requestKey: { $in: keys } })
  expect(mine).toHaveLength(journeys)
  for (const o of mine) {
    const stored = checkOrder(o._id)
    // Rated, then archived by the timer.
    expect(stored.status).toBe('closed')
    // Everyone who did the work was paid, once.
    expect(stored.claims.every((x: { status: string }) => x.status === 'paid')).toBe(true)
    // The admins heard of the order once, the resident once of each claim.
    expect(env.findAll('notifications', { _id: new RegExp(`^order:${o._id}:submitted:`) })).toHaveLength(1)
  }
  const ledger = env.findAll('ledger', { sourceType: 'order' }).filter((l) => mine.some((o) => o._id === l.sourceId))
  expect(ledger).toHaveLength(mine.reduce((n, o) => n + env.find('orders', o._id).claims.length, 0))
  // One resident, five members at work, all within the cool-down: each member earned points once for this
  // resident (the first confirmation applied), hours for every order, whatever the faults and the races.
  const workers = members.filter((m) => ledger.some((l) => l.openid === m.openid))
  expect(workers).toHaveLength(5)
  for (const m of workers) {
    const theirs = ledger.filter((l) => l.openid === m.openid)
    expect(theirs.filter((l) => !l.capped).map((l) => l.points)).toEqual([10])
    expect(theirs.filter((l) => l.capped).map((l) => [l.capped, l.points])).toEqual(Array(theirs.length - 1).fill(['cooldown', 0]))
    expect(env.find('balances', m.openid)).toMatchObject({ points: 10, hours: theirs.length })
  }
})

it('every other move under 15% errors and 5% lost replies: 吹哨, 派单, 退回, 不予受理, 撤回, 放弃, 我也遇到, 备注, 办结, 重新办理', async () => {
  const neighbour = await env.user({ community: 'c1', grid: 'c1-g1', name: '邻居乙' })
  const helper = await env.user({ id: 'f-helper', community: 'c1', roles: ['member'], name: '党员甲' })
  const results: Record<string, string[]> = {}
  const ok = async (name: string, user: TestUser, action: string, payload: object) => {
    const r = await retrying(user, action, payload)
    ;(results[name] ??= []).push(`${action}:${r.ok ? 'ok' : r.error.reason}`)
    return r
  }
  const made: string[] = []
  const submit = async (name: string, over: Record<string, unknown> = {}) => {
    const r = await ok(name, c.resident, 'submit', orderInput(over))
    if (r.ok) made.push((r.data as { id: string }).id)
    return r.ok ? (r.data as { id: string }).id : undefined
  }
  const journeys: Array<() => Promise<void>> = [
    // 吹哨 to a department, which starts, reports, and the resident confirms.
    async () => {
      const id = await submit('dept')
      if (!id) return
      await ok('dept', c.admin, 'accept', acceptInput(env, id))
      await ok('dept', c.admin, 'escalate', { orderId: id, to: 'department', departmentId: 'd1', colour: 'red', reason: '需要执法' })
      await ok('dept', c.dept, 'start', { orderId: id })
      await ok('dept', c.dept, 'complete', { orderId: id, note: '已处置', photos: [] })
      await ok('dept', c.resident, 'confirm', { orderId: id })
    },
    // 派单 to a member, who hands it back; the community rejects a second order; the resident withdraws a third.
    async () => {
      const id = await submit('return')
      if (!id) return
      await ok('return', c.admin, 'accept', acceptInput(env, id))
      await ok('return', c.admin, 'dispatch', { orderId: id, assignee: { type: 'member', id: helper.openid } })
      await ok('return', helper, 'return', { orderId: id, reason: '这周出差' })
      const rejected = await submit('reject')
      if (rejected) await ok('reject', c.admin, 'reject', { orderId: rejected, reason: '不属于社区服务' })
      const withdrawn = await submit('withdraw')
      if (withdrawn) await ok('withdraw', c.resident, 'withdraw', { orderId: withdrawn, reason: '已自行解决' })
    },
    // Claimed and let go, joined by a neighbour, a note, closed and reopened.
    async () => {
      const id = await submit('close')
      if (!id) return
      await ok('close', c.admin, 'accept', acceptInput(env, id, { slots: 2 }))
      await ok('close', c.admin, 'publish', { orderId: id })
      await ok('close', c.member, 'claim', { orderId: id })
      await ok('close', c.member, 'release', { orderId: id, reason: '临时有事' })
      await ok('close', neighbour, 'join', { orderId: id })
      await ok('close', c.admin, 'note', { orderId: id, text: '已电话联系居民', internal: true })
      await ok('close', c.admin, 'close', { orderId: id, code: 'partly', note: '先行处理' })
      await ok('close', c.resident, 'reopen', { orderId: id, reason: '问题还在' })
    },
  ]
  env.cloud.emulator.setFaults({ errorRate: 0.15, dropReplyRate: 0.05, seed: 23, actions: ['database.'] })
  await Promise.all(Array.from({ length: 8 }, () => Promise.all(journeys.map((j) => j()))))
  const injected = env.cloud.emulator.stats().faultsInjected
  env.cloud.emulator.setFaults(undefined)
  expect(injected.error + injected.dropReply).toBeGreaterThan(20)
  env.clock.advance(2 * 60_000)
  await sweep()
  for (const [name, steps] of Object.entries(results)) for (const st of steps) expect(`${name} ${st}`).toMatch(/:ok$/)
  expect(made).toHaveLength(8 * 5)
  const status = (id: string) => env.find('orders', id).status
  const byJourney = (prefix: string) => made.filter((id) => env.find('orders', id).timeline.some((t: { action: string }) => t.action === prefix))
  for (const id of made) checkOrder(id)
  expect(byJourney('escalate').map(status)).toEqual(Array(8).fill('confirmed'))
  expect(byJourney('return').map(status)).toEqual(Array(8).fill('accepted'))
  expect(byJourney('reject').map(status)).toEqual(Array(8).fill('rejected'))
  expect(byJourney('withdraw').map(status)).toEqual(Array(8).fill('withdrawn'))
  expect(byJourney('reopen').map(status)).toEqual(Array(8).fill('reopened'))
  for (const id of byJourney('reopen')) {
    const o = env.find('orders', id)
    // Each move once, however often it was sent.
    for (const a of ['claim', 'release', 'join', 'note', 'close', 'reopen']) expect(o.timeline.filter((t: { action: string }) => t.action === a)).toHaveLength(1)
    expect(o.alsoAffected).toEqual([neighbour.openid])
  }
  // No one was paid for work that was handed back, released or closed without a confirmation.
  expect(env.findAll('ledger', { sourceId: { $in: made } }).map((l) => l.openid)).toEqual([])
})

it('a confirmation retried after a lost reply grants points exactly once', async () => {
  const id = await publishedOrder(env, c, { slots: 1 })
  await must(c.member.call('order', 'claim', { orderId: id }))
  await must(c.member.call('order', 'start', { orderId: id }))
  await must(c.member.call('order', 'complete', { orderId: id, note: '好了', photos: [] }))
  env.cloud.emulator.setFaults({ dropReplyRate: 1, seed: 3, actions: ['database.modifyAndReturnDoc'] })
  const first = await c.resident.call('order', 'confirm', { orderId: id })
  env.cloud.emulator.setFaults(undefined)
  expect(first).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
  // The write was made; the retry finds it done, answers ok, and delivers the pay the first call could not.
  expect(await c.resident.call('order', 'confirm', { orderId: id })).toMatchObject({ ok: true, data: { status: 'confirmed' } })
  expect(env.findAll('ledger', { sourceId: id })).toHaveLength(1)
  checkOrder(id)
})

it('a submission whose reply was lost, sent again with its key, makes one order', async () => {
  const input = orderInput()
  env.cloud.emulator.setFaults({ dropReplyRate: 1, seed: 5, actions: ['database.insertDocument'] })
  const first = await c.resident.call('order', 'submit', input)
  env.cloud.emulator.setFaults(undefined)
  expect(first.ok).toBe(false)
  const again = await must(c.resident.call('order', 'submit', input))
  expect(env.findAll('orders', { requestKey: input.requestKey })).toEqual([expect.objectContaining({ _id: again.id })])
  // The community was told once (the retry delivered what the first call could not).
  expect(env.findAll('notifications', { _id: new RegExp(`^order:${again.id}:submitted:`) })).toHaveLength(1)
})

it('a failing insert answers UNAVAILABLE and writes nothing', async () => {
  env.cloud.emulator.setFaults({ errorRate: 1, seed: 1, actions: ['database.insertDocument'] })
  const before = env.findAll('orders').length
  const r = await c.resident.call('order', 'submit', orderInput())
  env.cloud.emulator.setFaults(undefined)
  expect(r).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: '服务繁忙，请稍后再试' } })
  expect(env.findAll('orders')).toHaveLength(before)
})
