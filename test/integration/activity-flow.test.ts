// 志愿服务活动 end to end through the real handlers: publish → sign up → waiting list → withdraw promotes
// (offer, confirm, or it passes on with the clock) → check in by code → check out → confirm hours → the
// ledger; overlaps refused naming the other activity; cancel tells everyone; the export is a real .xlsx.
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { cast, type Cast } from '../support/orders'
import { must, publishedActivity } from '../support/activities'

jest.setTimeout(90_000)

const H = 3600_000
let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

type Pass = { acted: number; skipped: number; failed: number; complete: boolean }
async function sweep(): Promise<Record<string, Pass>> {
  const r = (await env.cloud.runtime.invoke('activity', { Type: 'Timer', TriggerName: 'activitySweep' }, {})) as { ok: boolean; data: Record<string, Pass> }
  expect(r.ok).toBe(true)
  return r.data
}
const act = (id: string) => env.find('activities', id)
const signupOf = (id: string, openid: string) => env.find('activity_signups', `${id}:${openid}`)

it('capacity, the waiting list in order, withdraw → offer → confirm, and the offer that passes on', async () => {
  const id = await publishedActivity(env, c.admin, { capacity: 2 })
  const r1 = await must(c.member.call('activity', 'signup', { activityId: id }))
  expect(r1.my).toMatchObject({ place: 'registered', placeLabel: '已报名' })
  expect(r1.my.pass).toMatch(/^[A-Z2-9]{6}$/)
  await must(c.member2.call('activity', 'signup', { activityId: id }))
  const w1 = await must(c.volunteer.call('activity', 'signup', { activityId: id }))
  expect(w1.my).toMatchObject({ place: 'waitlisted', position: 1 })
  const w2 = await must(c.resident.call('activity', 'signup', { activityId: id }))
  expect(w2.my).toMatchObject({ place: 'waitlisted', position: 2 })
  expect(w2).toMatchObject({ countText: '已报名 2/2', full: true })
  // Twice is once.
  await must(c.member.call('activity', 'signup', { activityId: id }))
  expect(act(id).people).toHaveLength(4)
  expect(env.findAll('notifications', { openid: c.volunteer.openid, title: '已进入候补名单' })).toHaveLength(1)

  // A place given back goes to the first waiting person as an offer.
  const gone = await must(c.member2.call('activity', 'withdraw', { activityId: id }))
  expect(gone.my).toMatchObject({ place: 'withdrawn' })
  expect(signupOf(id, c.volunteer.openid)).toMatchObject({ place: 'offered' })
  expect(env.findAll('notifications', { openid: c.volunteer.openid, title: '候补递补成功，请确认' })).toHaveLength(1)
  const v = await must(c.volunteer.call('activity', 'get', { activityId: id }))
  expect(v.my).toMatchObject({ place: 'offered' })
  expect(v.allowed).toContain('confirmPlace')
  expect((await must(c.resident.call('activity', 'get', { activityId: id }))).my).toMatchObject({ place: 'waitlisted', position: 1 })
  const ok = await must(c.volunteer.call('activity', 'confirmPlace', { activityId: id }))
  expect(ok.my).toMatchObject({ place: 'registered' })
  expect(signupOf(id, c.volunteer.openid)).toMatchObject({ place: 'registered' })

  // Again: the member withdraws; the resident is offered and lets the 12 h pass.
  await must(c.member.call('activity', 'withdraw', { activityId: id }))
  expect(signupOf(id, c.resident.openid)).toMatchObject({ place: 'offered' })
  env.clock.advance(12 * H + 60_000)
  await sweep()
  expect(signupOf(id, c.resident.openid)).toMatchObject({ place: 'passed' })
  expect(act(id).taken.b1).toBe(1)
  expect(act(id).offers).toEqual([])
  expect(env.findAll('notifications', { openid: c.resident.openid, title: '递补名额已顺延' })).toHaveLength(1)
  // Withdrawn people may come back (at the end of the line, or into a free place).
  const back = await must(c.member2.call('activity', 'signup', { activityId: id }))
  expect(back.my).toMatchObject({ place: 'registered' })
})
