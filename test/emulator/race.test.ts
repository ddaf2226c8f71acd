// Racing writes through the real SDK: the capacity guard and the deterministic-_id guard that
// platform.md recommends in place of transactions must hold under hundreds of concurrent calls.
import { EventEmitter } from 'node:events'
import { startEmulator, type StartedEmulator } from '../support/emulator'

// The SDK's keep-alive agent has maxSockets 100; requests queued behind a socket that is still
// connecting each add a 'connect' listener to it, which trips Node's leak warning at 300 calls.
EventEmitter.defaultMaxListeners = 400

let s: StartedEmulator
beforeAll(async () => {
  s = await startEmulator({ collections: { collections: { activities: {}, registrations: {}, accounts: {} } } })
})
afterAll(async () => {
  await s.close()
})

test('300 concurrent conditional increments with capacity 3: exactly 3 succeed', async () => {
  const db = s.db
  const _ = db.command
  const cap = 3
  await db.collection('activities').add({ _id: 'act1', taken: 0, cap })
  const results = await Promise.all(
    Array.from({ length: 300 }, () =>
      db
        .collection('activities')
        .where({ _id: 'act1', taken: _.lt(cap) })
        .update({ taken: _.inc(1) }),
    ),
  )
  expect(results.filter((r) => r.updated === 1)).toHaveLength(3)
  expect(results.filter((r) => r.updated === 0)).toHaveLength(297)
  expect(s.emu.db.get('activities', 'act1').taken).toBe(3)
})

test('200 concurrent inserts with the same deterministic _id: exactly one succeeds', async () => {
  const db = s.db
  const results = await Promise.allSettled(
    Array.from({ length: 200 }, (_x, i) => db.collection('registrations').add({ _id: 'act1_oUser1', attempt: i })),
  )
  const ok = results.filter((r) => r.status === 'fulfilled')
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
  expect(ok).toHaveLength(1)
  expect(failed).toHaveLength(199)
  expect(new Set(failed.map((r) => r.reason.code))).toEqual(new Set(['DATABASE_DUPLICATE_WRITE']))
  const winner = (ok[0] as PromiseFulfilledResult<{ id: string }>).value.id
  expect(winner).toBe('act1_oUser1')
  expect(s.emu.db.count('registrations', { _id: 'act1_oUser1' })).toBe(1)
})

test('concurrent transfers in transactions, retried until they commit, conserve the total', async () => {
  const db = s.db
  const _ = db.command
  await db.collection('accounts').add([
    { _id: 'pool', balance: 1000 },
    ...Array.from({ length: 8 }, (_x, i) => ({ _id: `u${i}`, balance: 0 })),
  ])
  let conflicts = 0
  const transfer = async (to: string) => {
    for (;;) {
      const t = await db.startTransaction()
      try {
        const pool = (await t.collection('accounts').doc('pool').get()).data
        await t.collection('accounts').doc('pool').update({ balance: pool.balance - 10 })
        await t.collection('accounts').doc(to).update({ balance: _.inc(10) })
        await t.commit()
        return
      } catch (err) {
        if ((err as { code?: string }).code !== 'DATABASE_TRANSACTION_CONFLICT') throw err
        conflicts++
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, (_x, i) => [transfer(`u${i}`), transfer(`u${i}`)]).flat())
  const all = s.emu.db.find('accounts', {})
  expect(all.reduce((sum, d) => sum + d.balance, 0)).toBe(1000)
  expect(s.emu.db.get('accounts', 'pool').balance).toBe(1000 - 16 * 10)
  for (let i = 0; i < 8; i++) expect(s.emu.db.get('accounts', `u${i}`).balance).toBe(20)
  expect(conflicts).toBeGreaterThan(0)
})
