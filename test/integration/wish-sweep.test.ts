// The wish's timer through the real timer trigger (wishSweep), with the injected clock: a live claim is
// reminded 3 days before its deadline (once), released at the deadline back to the board (the claimer,
// the wisher and the admins told); a fulfilled claim is never released; the sweep is idempotent.
import { uploadPath } from '../../cloudfunctions/common/files'
import { WISH_REMIND_BEFORE_MS } from '../../shared/wishes/rules'
import { wishProblems } from '../../shared/wishes/derive'
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { cast, type Cast } from '../support/orders'
import { must, openWish } from '../support/wishes'

jest.setTimeout(60_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

const MIN = 60_000
type Pass = { acted: number; skipped: number; failed: number; complete: boolean }
async function sweep(): Promise<{ claims: Pass; outbox: Pass }> {
  const r = (await env.cloud.runtime.invoke('wish', { Type: 'Timer', TriggerName: 'wishSweep' }, {})) as { ok: boolean; data: { claims: Pass; outbox: Pass } }
  expect(r.ok).toBe(true)
  return r.data
}
const notices = (openid: string, re: string) => env.findAll('notifications', { openid, _id: new RegExp(re) })

it('reminded 3 days before the deadline, released after it; a fulfilled claim stays', async () => {
  const late = await openWish(env, c.resident, c.admin, { title: '想要一套画笔' })
  const kept = await openWish(env, c.resident, c.admin, { title: '想要一个足球' })
  await must(c.member.call('wish', 'claim', { wishId: late }))
  await must(c.member2.call('wish', 'claim', { wishId: kept }))
  const deadline = new Date(env.find('wishes', late).claims[0].deadline).getTime()
  expect(deadline - env.clock.now()).toBe(14 * 24 * 60 * MIN)

  env.clock.set(deadline - WISH_REMIND_BEFORE_MS - MIN)
  expect((await sweep()).claims.acted).toBe(0)
  expect(notices(c.member.openid, `^wish:${late}:claim:.*:remind`)).toHaveLength(0)

  env.clock.set(deadline - WISH_REMIND_BEFORE_MS + MIN)
  expect((await sweep()).claims.acted).toBe(2)
  expect(notices(c.member.openid, `^wish:${late}:claim:.*:remind`)).toEqual([expect.objectContaining({ title: '心愿认领即将到期' })])
  expect(env.find('wishes', late)).toMatchObject({ status: 'claimed' })
  // Again: nothing more to do.
  expect((await sweep()).claims.acted).toBe(0)
  expect(notices(c.member.openid, `^wish:${late}:claim:.*:remind`)).toHaveLength(1)

  // One claimer delivers in time.
  await must(c.member2.call('wish', 'fulfil', { wishId: kept, note: '已送到', photos: [env.cloud.emulator.storage.put(uploadPath(c.member2.openid, new Date(env.clock.now()), 'ball.jpg'), Buffer.from('jpeg'), 'image/jpeg')] }))

  env.clock.set(deadline - MIN)
  expect((await sweep()).claims.acted).toBe(0)
  env.clock.set(deadline + MIN)
  expect((await sweep()).claims.acted).toBe(1)
  const w = env.find('wishes', late)
  expect(w).toMatchObject({ status: 'open', progress: 'open' })
  expect(w.claims[0]).toMatchObject({ status: 'released', reason: '超过认领期限，自动释放' })
  expect(w.nextDue).toBeUndefined()
  expect(wishProblems(w)).toEqual([])
  expect(notices(c.member.openid, `^wish:${late}:claim:.*:released:`)).toHaveLength(1)
  expect(notices(c.resident.openid, `^wish:${late}:claim:.*:released-wisher`)).toHaveLength(1)
  expect(notices(c.admin.openid, `^wish:${late}:claim:.*:released-admin`)).toHaveLength(1)
  expect(env.find('wishes', kept)).toMatchObject({ status: 'fulfilled' })
  // The released claimer is a former claimer: the board card only.
  const v = await must(c.member.call('wish', 'get', { wishId: late }))
  expect(v).toMatchObject({ myClaim: 'released', allowed: ['claim'] })
  expect(v.contact).toBeUndefined()
  // Someone else may claim it now; the timer does nothing more.
  await must(c.volunteer.call('wish', 'claim', { wishId: late }))
  expect((await sweep()).claims.acted).toBe(0)
})

it('only the platform timer may run it', async () => {
  expect(await c.admin.call('wish', 'wishSweep', {})).toMatchObject({ ok: false, error: { reason: 'UNKNOWN_ACTION' } })
  expect(await env.cloud.runtime.invoke('wish', { Type: 'Timer', TriggerName: 'wishSweep' }, { openid: c.admin.openid })).toMatchObject({ ok: false, error: { reason: 'TIMER_ONLY' } })
})
