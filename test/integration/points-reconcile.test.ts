// Reconciliation of ranking rows: points.reconcile and the pointsSweep timer recompute a person's rows
// from the ledger (confirmed work only, per month and year, by community and by unit), fix what drifted
// (a row changed, lost, or one the ledger does not account for) and tell the community's admins, as they
// do for balances; and reconciling while entries land never reports a drift that is not there.
import { rankSort } from '../../cloudfunctions/common/balances'
import { db } from '../../cloudfunctions/common/cloud'
import { deliver } from '../../cloudfunctions/common/outbox'
import { ledgerKey, type LedgerEffect } from '../../shared/core/effects'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { cast, must, type Cast } from '../support/orders'
import { checkBalances, pkey } from '../support/points'

jest.setTimeout(120_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

const DAY = 24 * 3600_000
const sweep = () => env.cloud.runtime.invoke('points', { Type: 'Timer', TriggerName: 'pointsSweep' }, {}) as Promise<any>

let n = 0
/** Confirmed work paid to `m` the way a confirmation pays it (a ledger effect through the outbox). */
async function pay(m: TestUser, points: number, hours: number, sourceType: LedgerEffect['sourceType'] = 'order', at = new Date(env.clock.now())) {
  const id = `rc-${++n}`
  const effect: LedgerEffect = { kind: 'ledger', id: ledgerKey(sourceType, id, m.openid), openid: m.openid, communityId: 'c1', sourceType, sourceId: id, points, hours, note: '服务', at }
  expect(await deliver('orders', { _id: id }, [effect])).toBe(true)
}

/** The person's rows, by id, as { points, hours, listed }. */
function rows(m: TestUser) {
  return Object.fromEntries(
    env
      .findAll('rankings', { openid: m.openid })
      .map((r) => [r._id.slice(0, -m.openid.length - 1), { points: r.points, hours: r.hours, listed: r.listed }])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  )
}

const driftNotices = () => env.findAll('notifications', { openid: c.admin.openid, type: 'points', title: '积分对账发现差异' })

it('recomputes rows from the ledger: a changed row, a lost one and one the ledger does not account for', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'], unit: 'u1', name: '韩排行' })
  await pay(m, 10, 2)
  await pay(m, 8, 1, 'wish')
  // Last month, and an admin's correction (not work: no row).
  await pay(m, 5, 1, 'order', new Date(env.clock.now() - 30 * DAY))
  await must(c.admin.call('points', 'adjust', { requestKey: pkey(), openid: m.openid, points: 50, reason: '活动奖励' }))
  const truth = rows(m)
  expect(truth).toEqual({
    'm2026-10:c:c1': { points: 5, hours: 1, listed: true },
    'm2026-10:u:u1': { points: 5, hours: 1, listed: true },
    'm2026-11:c:c1': { points: 18, hours: 3, listed: true },
    'm2026-11:u:u1': { points: 18, hours: 3, listed: true },
    'y2026:c:c1': { points: 23, hours: 4, listed: true },
    'y2026:u:u1': { points: 23, hours: 4, listed: true },
  })
  // The entries remember the unit they counted in.
  expect(env.findAll('ledger', { openid: m.openid, sourceType: 'order' }).map((e) => e.unitId)).toEqual(['u1', 'u1'])
  // Nothing drifted: nothing fixed, no one told.
  expect(await must(c.admin.call('points', 'reconcile', { openid: m.openid }))).toEqual({ checked: 1, fixed: 0, complete: true })
  const told = driftNotices().length

  // Planted: one row says more, one is gone, one belongs to no entry.
  await db.collection('rankings').doc(`m2026-11:c:c1:${m.openid}`).update({ points: 99 })
  await db.collection('rankings').doc(`y2026:u:u1:${m.openid}`).remove()
  await db.collection('rankings').doc(`m2026-09:c:c1:${m.openid}`).set({ scope: 'c:c1', period: 'm2026-09', openid: m.openid, points: 40, hours: 4, sort: 'x', listed: true })
  const board = async () => (await must(m.call('points', 'ranking', { period: 'month' }))).mine
  expect(await board()).toMatchObject({ points: 99 })

  expect(await must(c.admin.call('points', 'reconcile', { openid: m.openid }))).toEqual({ checked: 1, fixed: 1, complete: true })
  expect(rows(m)).toEqual(truth)
  expect(env.find('rankings', `m2026-11:c:c1:${m.openid}`).sort).toBe(rankSort(18, 3))
  expect(await board()).toMatchObject({ points: 18 })
  // Reported the same way as a balance's drift.
  expect(driftNotices().length).toBe(told + 1)
  expect(driftNotices().filter((x) => x.body.startsWith('韩排行'))).toEqual([expect.objectContaining({ body: '韩排行的排行榜数据有3项与积分明细不符，已按明细重新计算。' })])
  // The balance was right all along and stays so.
  expect(env.find('balances', m.openid)).toMatchObject({ points: 73, hours: 4, confirmedHours: 4 })
  checkBalances(env)
})

it('the timer fixes rows of a person marked changed, and a balance and rows that both drifted in one notice', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'], name: '曹定时' })
  await pay(m, 12, 2)
  expect((await sweep()).data.reconcile.failed).toBe(0)
  const truth = rows(m)
  await db.collection('balances').doc(m.openid).update({ points: 1, recheckAt: new Date(env.clock.now()) })
  await db.collection('rankings').doc(`y2026:c:c1:${m.openid}`).update({ hours: 30 })
  const told = driftNotices().length
  env.clock.advance(1000)
  expect((await sweep()).data.reconcile.acted).toBe(1)
  expect(rows(m)).toEqual(truth)
  expect(env.find('balances', m.openid)).toMatchObject({ points: 12 })
  expect(driftNotices().length).toBe(told + 1)
  expect(driftNotices().filter((x) => x.body.startsWith('曹定时'))).toEqual([expect.objectContaining({ body: '曹定时的积分余额为1，按积分明细应为12，已自动更正。曹定时的排行榜数据有1项与积分明细不符，已按明细重新计算。' })])
  // Opted out: the rows follow the person's choice, and a row that forgot it is drift too.
  await must(m.call('points', 'optOut', { optOut: true }))
  await db.collection('rankings').doc(`m2026-11:c:c1:${m.openid}`).update({ listed: true })
  expect(await must(c.admin.call('points', 'reconcile', { openid: m.openid }))).toMatchObject({ fixed: 1 })
  expect(Object.values(rows(m)).map((r) => (r as { listed: boolean }).listed)).toEqual([false, false])
})

it('a correction of work (negative, as an organiser lowers hours) moves the rows down with the ledger: no drift', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'] })
  await pay(m, 20, 2, 'activity')
  await pay(m, -20, -2, 'activity')
  await pay(m, 6, 1, 'order')
  await pay(m, -1, -0.5, 'activity')
  expect(rows(m)).toEqual({ 'm2026-11:c:c1': { points: 5, hours: 0.5, listed: true }, 'y2026:c:c1': { points: 5, hours: 0.5, listed: true } })
  expect(await must(c.admin.call('points', 'reconcile', { openid: m.openid }))).toMatchObject({ fixed: 0 })
  // Down to nothing: the rows stay at zero, which is no drift either.
  await pay(m, -5, -0.5, 'order')
  expect(await must(c.admin.call('points', 'reconcile', { openid: m.openid }))).toMatchObject({ fixed: 0 })
  expect(Object.values(rows(m))).toEqual([{ points: 0, hours: 0, listed: true }, { points: 0, hours: 0, listed: true }])
})

it('reconciling while entries land reports no drift that is not there, and leaves rows equal to the ledger', async () => {
  const m = await env.user({ community: 'c1', roles: ['member'], unit: 'u1' })
  await pay(m, 1, 0.5)
  const told = driftNotices().length
  // Entries one after another (as confirmations arrive), and reconciliations running through them.
  const answers: unknown[] = []
  const reconciling = async () => {
    for (let i = 0; i < 8; i++) answers.push(await c.admin.call('points', 'reconcile', { openid: m.openid }))
  }
  await Promise.all([
    (async () => {
      for (let i = 0; i < 20; i++) await pay(m, 3, 0.5)
    })(),
    reconciling(),
    reconciling(),
  ])
  expect(answers).toHaveLength(16)
  for (const r of answers) expect(r).toMatchObject({ ok: true, data: { fixed: 0 } })
  expect(driftNotices().length).toBe(told)
  expect(rows(m)).toEqual({
    'm2026-11:c:c1': { points: 61, hours: 10.5, listed: true },
    'm2026-11:u:u1': { points: 61, hours: 10.5, listed: true },
    'y2026:c:c1': { points: 61, hours: 10.5, listed: true },
    'y2026:u:u1': { points: 61, hours: 10.5, listed: true },
  })
  expect(await must(c.admin.call('points', 'reconcile', { openid: m.openid }))).toMatchObject({ fixed: 0 })
  checkBalances(env)
})
