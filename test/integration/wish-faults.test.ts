// At most one live claim per wish, whatever the concurrency; and the platform failing: requests error
// out, replies are lost after the write was made. Every call is retried the way the client does (the
// same request key, the same move again), and afterwards every invariant holds from the stored data:
// no wish with two live claims, no duplicate wish per request key, every donor paid once, nothing left
// in an outbox.
import { uploadPath } from '../../cloudfunctions/common/files'
import { isLiveClaim, wishProblems } from '../../shared/wishes/derive'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { retryingOn } from '../support/retry'
import { cast, requestKey, type Cast } from '../support/orders'
import { openWish, wishInput } from '../support/wishes'

jest.setTimeout(240_000)

let env: TestCloud
let c: Cast
const quiet = [jest.spyOn(console, 'error').mockImplementation(() => undefined), jest.spyOn(console, 'warn').mockImplementation(() => undefined)]
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(async () => {
  await env.close()
  for (const q of quiet) q.mockRestore()
})

const retrying = retryingOn('wish')
const sweep = () => env.cloud.runtime.invoke('wish', { Type: 'Timer', TriggerName: 'wishSweep' }, {})

/**
 * The timer runs until no wish has an undelivered effect. A call whose reply was lost may leave a database
 * transaction open (a ledger entry with its balance); it holds its documents until it expires (30 s, as in
 * CloudBase), and a later run delivers what it blocked.
 */
async function drain(): Promise<void> {
  for (let i = 0; i < 60; i++) {
    env.clock.advance(2 * 60_000)
    await sweep()
    if (!env.findAll('wishes', { 'outbox.0': { $exists: true } }).length) return
    await new Promise((r) => setTimeout(r, 1000))
  }
}

function checkWish(id: string) {
  const w = env.find('wishes', id)
  expect(wishProblems(w)).toEqual([])
  expect(w.claims.filter(isLiveClaim).length).toBeLessThanOrEqual(1)
  const paid = w.claims.filter((x: { status: string; as: string }) => x.status === 'confirmed' && x.as !== 'unit').map((x: { openid: string }) => x.openid)
  expect(env.findAll('ledger', { sourceId: id }).map((l) => l.openid)).toEqual(paid)
  expect(w.outbox).toEqual([])
  return w
}

it('200 concurrent claims of one wish: exactly one live claim, every other caller told it is taken', async () => {
  const id = await openWish(env, c.resident, c.admin)
  const racers = await Promise.all(Array.from({ length: 200 }, (_, i) => env.user({ id: `w-racer-${i}`, community: 'c1', roles: [i % 3 ? 'member' : 'volunteer'] })))
  const results = await Promise.all(racers.map((m) => m.call('wish', 'claim', { wishId: id })))
  const winners = racers.filter((_, i) => results[i].ok)
  expect(winners).toHaveLength(1)
  for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ error: { reason: 'WISH_TAKEN', message: '这个心愿已经有人认领了，去看看其他心愿吧' } })
  const w = checkWish(id)
  expect(w.claims).toHaveLength(1)
  expect(w.claims[0].openid).toBe(winners[0].openid)
  expect(w.status).toBe('claimed')
})

it('100 racing claims under 15% errors and 5% lost replies: one winner, and whoever heard ok holds it', async () => {
  const id = await openWish(env, c.resident, c.admin, { title: '想要一本绘本' })
  const racers = await Promise.all(Array.from({ length: 100 }, (_, i) => env.user({ id: `wf-racer-${i}`, community: 'c1', roles: ['member'] })))
  env.cloud.emulator.setFaults({ errorRate: 0.15, dropReplyRate: 0.05, seed: 5, actions: ['database.'] })
  const results = await Promise.all(racers.map((m) => retrying(m, 'claim', { wishId: id })))
  const injected = env.cloud.emulator.stats().faultsInjected
  env.cloud.emulator.setFaults(undefined)
  expect(injected.error).toBeGreaterThan(0)
  await drain()
  const w = checkWish(id)
  const winners = racers.filter((_, i) => results[i].ok).map((m) => m.openid)
  expect(winners).toEqual([w.claims.find(isLiveClaim).openid])
  for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ error: { reason: 'WISH_TAKEN' } })
})

it('30 whole wish journeys at 15% errors and 5% lost replies: no duplicate, ≤ 1 live claim, every donor paid once', async () => {
  const donors = await Promise.all(Array.from({ length: 6 }, (_, i) => env.user({ id: `wj-donor-${i}`, community: 'c1', roles: ['member'], name: `党员${i}` })))
  const photos = donors.map((d) => env.cloud.emulator.storage.put(uploadPath(d.openid, new Date(env.clock.now()), 'gift.jpg'), Buffer.from('jpeg'), 'image/jpeg'))
  const keys: string[] = []
  env.cloud.emulator.setFaults({ errorRate: 0.15, dropReplyRate: 0.05, seed: 13, actions: ['database.'] })
  const outcomes = await Promise.all(
    Array.from({ length: 30 }, async (_, j) => {
      const key = requestKey()
      keys.push(key)
      const steps: string[] = []
      const ok = async (user: TestUser, action: string, payload: object) => {
        const r = await retrying(user, action, payload)
        steps.push(`${action}:${r.ok ? 'ok' : r.error.reason}`)
        return r
      }
      const posted = await ok(c.resident, 'post', wishInput(env, { requestKey: key, title: `第${j}号心愿` }))
      if (!posted.ok) return steps
      const id = (posted.data as { id: string }).id
      await ok(c.admin, 'review', { wishId: id, decision: 'approve' })
      const d = j % donors.length
      // Every third journey: the first claimer lets go, and the next one takes it.
      if (j % 3 === 0) {
        await ok(donors[(d + 1) % donors.length], 'claim', { wishId: id })
        await ok(donors[(d + 1) % donors.length], 'cancelClaim', { wishId: id, reason: '临时出差' })
      }
      await ok(donors[d], 'claim', { wishId: id })
      await ok(donors[d], 'fulfil', { wishId: id, note: '已送到', photos: [photos[d]] })
      await ok(c.resident, 'confirm', { wishId: id, thanks: '谢谢' })
      return steps
    }),
  )
  const injected = env.cloud.emulator.stats().faultsInjected
  env.cloud.emulator.setFaults(undefined)
  expect(injected.error).toBeGreaterThan(10)
  expect(injected.dropReply).toBeGreaterThan(2)
  await drain()
  for (const steps of outcomes) for (const s of steps) expect(s).toMatch(/:ok$/)
  const made = env.findAll('wishes', { ownerId: c.resident.openid, requestKey: { $in: keys } })
  expect(made).toHaveLength(30)
  for (const w of made) {
    const stored = checkWish(w._id)
    expect(stored.status).toBe('confirmed')
    expect(env.findAll('ledger', { sourceId: w._id })).toHaveLength(1)
    expect(env.findAll('notifications', { _id: new RegExp(`^wish:${w._id}:posted:`) })).toHaveLength(1)
  }
})
