// Capacity holds whatever the concurrency: 1,000 people sign up at once for 100 places → exactly 100
// registered and 900 waiting in the order the activity received them, nobody twice; and the same with
// the platform failing under the calls (requests erroring out, replies lost after the write), every
// call retried the way the client does. The calls come as the app sends them: over HTTP, through the
// gateway. Afterwards every invariant is checked from the stored data.
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { retryingOn } from '../support/retry'
import { cast, type Cast } from '../support/orders'
import { overHttp, publishedActivity } from '../support/activities'

jest.setTimeout(600_000)

let env: TestCloud
let c: Cast
const quiet = process.env.LOUD ? [] : [jest.spyOn(console, 'error').mockImplementation(() => undefined), jest.spyOn(console, 'warn').mockImplementation(() => undefined)]
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(async () => {
  await env.close()
  for (const q of quiet) q.mockRestore()
})

const retrying = retryingOn('activity')
const sweep = () => env.cloud.runtime.invoke('activity', { Type: 'Timer', TriggerName: 'activitySweep' }, {})

async function drain(id: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    env.clock.advance(3 * 60_000)
    await sweep()
    const left = env.find('activities', id).outbox.length + env.findAll('activity_signups', { activityId: id, 'outbox.0': { $exists: true } }).length + env.findAll('activity_signups', { activityId: id, place: 'pending' }).length
    if (!left) return
    await new Promise((r) => setTimeout(r, 500))
  }
}

/** Every invariant of one activity, from the stored documents. */
function check(id: string, people: TestUser[], capacity: number) {
  const a = env.find('activities', id)
  const reg: string[] = a.reg.b1
  const wl: string[] = a.wl.b1
  expect(reg.length).toBeLessThanOrEqual(capacity)
  expect(a.taken.b1).toBe(reg.length + a.offers.length)
  const all = [...reg, ...wl, ...a.offers.map((o: { openid: string }) => o.openid)]
  expect(new Set(all).size).toBe(all.length)
  expect(a.outbox).toEqual([])
  const docs = env.findAll('activity_signups', { activityId: id })
  const byOpenid = new Map(docs.map((s) => [s.openid, s]))
  for (const p of people) {
    const s = byOpenid.get(p.openid)
    const want = reg.includes(p.openid) ? 'registered' : wl.includes(p.openid) ? 'waitlisted' : undefined
    expect({ who: p.openid, place: s?.place }).toEqual({ who: p.openid, place: want })
  }
  return { reg, wl }
}

it('1,000 concurrent sign-ups for 100 places: 100 registered, 900 waiting in line (each told their own place), nobody twice', async () => {
  const id = await publishedActivity(env, c.admin, { capacity: 100, title: '千人报名' })
  const people = await Promise.all(Array.from({ length: 1000 }, (_, i) => env.user({ id: `a-racer-${i}`, community: 'c1', roles: [i % 2 ? 'member' : 'volunteer'] })))
  // A call the busy machine could not finish in time is sent again, as the app's transport does.
  const results = (await Promise.all(people.map((p) => retrying(overHttp(env, p), 'signup', { activityId: id })))) as Array<{ ok: true; data: { my: { place: string; position?: number } } } | { ok: false }>
  const failed = results.filter((r) => !r.ok)
  expect(failed).toEqual([])
  await drain(id)
  const places = results.map((r) => (r.ok ? r.data.my.place : 'none'))
  expect(places.filter((p) => p === 'registered')).toHaveLength(100)
  expect(places.filter((p) => p === 'waitlisted')).toHaveLength(900)
  // Each waiting person was told their own position: 1 to 900, once each.
  const positions = results.filter((r) => r.ok && r.data.my.place === 'waitlisted').map((r) => (r.ok ? r.data.my.position : 0))
  expect([...positions].sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(Array.from({ length: 900 }, (_, i) => i + 1))
  const { reg, wl } = check(id, people, 100)
  expect(reg).toHaveLength(100)
  expect(wl).toHaveLength(900)
  // What each person was told is what is stored: the line is the order the activity took them in.
  results.forEach((r, i) => {
    if (r.ok && r.data.my.place === 'waitlisted') expect(wl.indexOf(people[i].openid) + 1).toBe(r.data.my.position)
  })
})

it('the same under 10% failed requests and 5% lost replies, with client retries: still 100 and 900, nobody twice', async () => {
  const id = await publishedActivity(env, c.admin, { capacity: 100, title: '故障下的报名' })
  const people = await Promise.all(Array.from({ length: 1000 }, (_, i) => env.user({ id: `af-racer-${i}`, community: 'c1', roles: ['member'] })))
  env.cloud.emulator.setFaults({ errorRate: 0.1, dropReplyRate: 0.05, seed: 10, actions: ['database.'] })
  const results = await Promise.all(people.map((p) => retrying(overHttp(env, p), 'signup', { activityId: id })))
  const injected = env.cloud.emulator.stats().faultsInjected
  env.cloud.emulator.setFaults(undefined)
  expect(injected.error).toBeGreaterThan(0)
  expect(injected.dropReply).toBeGreaterThan(0)
  await drain(id)
  const { reg, wl } = check(id, people, 100)
  expect(reg).toHaveLength(100)
  expect(wl).toHaveLength(900)
  // Whoever heard "registered" holds a place; whoever heard "waiting" is waiting.
  results.forEach((r, i) => {
    if (!r.ok) return
    const d = r.data as { my: { place: string } }
    if (d.my.place === 'registered') expect(reg).toContain(people[i].openid)
    if (d.my.place === 'waitlisted') expect(wl.indexOf(people[i].openid) + 1).toBe((d.my as { position?: number }).position)
  })
  expect(results.filter((r) => r.ok).length).toBeGreaterThan(990)
})
