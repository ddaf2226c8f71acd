// The wish timer's automatic confirmation and its repair pass, through the real timer trigger (wishSweep)
// and the injected clock: a delivery neither the wisher nor the grid worker confirms within
// WISH_AUTO_CONFIRM_DAYS is confirmed by the timer, audited, and the donor paid exactly once by the same
// ledger effect as a manual confirmation — whatever races it; only wishes due are read; the repair pass
// rewrites stale derived fields and leaves a wish whose claims contradict its state to a person.
import { _, db } from '../../cloudfunctions/common/cloud'
import { uploadPath } from '../../cloudfunctions/common/files'
import { registrationId } from '../../cloudfunctions/org/access'
import { settleWish, wishProblems } from '../../shared/wishes/derive'
import type { WishDoc } from '../../shared/wishes/model'
import { WISH_AUTO_CONFIRM_DAYS } from '../../shared/wishes/rules'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
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
const DAYS = WISH_AUTO_CONFIRM_DAYS * 24 * 60 * MIN
type Pass = { acted: number; skipped: number; failed: number; complete: boolean }
type Report = { claims: Pass; confirm: Pass; outbox: Pass; repair: { checked: number; repaired: number; broken: number; complete: boolean } }
async function sweep(): Promise<Report> {
  const r = (await env.cloud.runtime.invoke('wish', { Type: 'Timer', TriggerName: 'wishSweep' }, {})) as { ok: boolean; data: Report }
  expect(r.ok).toBe(true)
  return r.data
}
const stored = (id: string) => env.find<WishDoc>('wishes', id)!
const photoOf = (u: TestUser, name: string) => env.cloud.emulator.storage.put(uploadPath(u.openid, new Date(env.clock.now()), name), Buffer.from('jpeg'), 'image/jpeg')

/** A wish claimed and reported delivered by `donor`; answers its id and when it was delivered. */
async function delivered(donor: TestUser, title: string, claim: Record<string, unknown> = {}): Promise<{ id: string; at: number }> {
  const id = await openWish(env, c.resident, c.admin, { title })
  await must(donor.call('wish', 'claim', { wishId: id, ...claim }))
  await must(donor.call('wish', 'fulfil', { wishId: id, note: '已送到', photos: [photoOf(donor, `${id}.jpg`)] }))
  return { id, at: new Date(stored(id).fulfilledAt!).getTime() }
}

it(`a delivery nobody confirms is confirmed by the timer after ${WISH_AUTO_CONFIRM_DAYS} days, audited, the donor paid once`, async () => {
  const w = await delivered(c.member, '想要一本新华字典')
  expect(new Date(stored(w.id).confirmDue!).getTime()).toBe(w.at + DAYS)
  expect(stored(w.id).credit).toBe(`p:${c.member.openid}`)

  env.clock.set(w.at + DAYS - MIN)
  expect((await sweep()).confirm.acted).toBe(0)
  expect(stored(w.id).status).toBe('fulfilled')

  env.clock.set(w.at + DAYS + MIN)
  // Two timer runs at once (an overlapping trigger): one confirmation.
  const runs = await Promise.all([sweep(), sweep()])
  expect(runs[0].confirm.acted + runs[1].confirm.acted).toBe(1)
  const after = stored(w.id)
  expect(after).toMatchObject({ status: 'confirmed', progress: 'done', credit: `p:${c.member.openid}` })
  expect(after.confirmDue).toBeUndefined()
  expect(after.claims[0].status).toBe('confirmed')
  expect(after.timeline.at(-1)).toMatchObject({ action: 'confirm', by: 'system', role: 'system', to: 'confirmed', note: `送达${WISH_AUTO_CONFIRM_DAYS}天未确认，系统自动确认` })
  expect(wishProblems(after)).toEqual([])
  expect(after.outbox).toEqual([])

  // The same ledger entry a manual confirmation writes, once.
  expect(env.findAll('ledger', { sourceId: w.id })).toEqual([expect.objectContaining({ _id: `wish:${w.id}:${c.member.openid}`, openid: c.member.openid, sourceType: 'wish', points: 10, hours: 1 })])
  expect(env.find('balances', c.member.openid)).toMatchObject({ points: 10, hours: 1 })
  expect(env.findAll('audit', { targetId: w.id, action: 'wish.confirm' })).toEqual([expect.objectContaining({ by: 'system', role: 'system', note: `送达${WISH_AUTO_CONFIRM_DAYS}天未确认，系统自动确认` })])
  expect(env.findAll('notifications', { openid: c.resident.openid, _id: new RegExp(`^wish:${w.id}:auto-confirmed`) })).toEqual([expect.objectContaining({ title: '心愿已自动确认' })])
  expect(env.findAll('notifications', { openid: c.member.openid, _id: new RegExp(`^wish:${w.id}:confirm:`) })).toHaveLength(1)

  // Nothing more for the timer; the wisher's confirmation comes too late, writes nothing, pays nothing.
  expect((await sweep()).confirm.acted).toBe(0)
  expect(await c.resident.call('wish', 'confirm', { wishId: w.id })).toMatchObject({ ok: false, error: { reason: 'WISH_TRANSITION_NOT_ALLOWED' } })
  expect(env.findAll('ledger', { sourceId: w.id })).toHaveLength(1)
  // The wisher can still say thank you.
  const v = await must(c.resident.call('wish', 'get', { wishId: w.id }))
  expect(v.allowed).toEqual(['thank'])
  await must(c.resident.call('wish', 'thank', { wishId: w.id, thanks: '收到了，谢谢！' }))
})

it('the wisher confirming as the timer fires: one confirmation, one payment', async () => {
  const w = await delivered(c.member2, '想要一双棉鞋')
  env.clock.set(w.at + DAYS + MIN)
  const [manual] = await Promise.all([c.resident.call('wish', 'confirm', { wishId: w.id, thanks: '谢谢！' }), sweep()])
  const after = stored(w.id)
  expect(after.status).toBe('confirmed')
  expect(after.timeline.filter((t) => t.action === 'confirm')).toHaveLength(1)
  expect(env.findAll('ledger', { sourceId: w.id })).toHaveLength(1)
  // The audit entry exactly when the timer was the one that confirmed.
  const byTimer = after.timeline.find((t) => t.action === 'confirm')!.by === 'system'
  expect(env.findAll('audit', { targetId: w.id, action: 'wish.confirm' })).toHaveLength(byTimer ? 1 : 0)
  expect(manual.ok).toBe(!byTimer)
})

it('a delivery the grid worker confirmed in time is left alone; a unit’s delivery confirms without pay to a person', async () => {
  const w = await delivered(c.volunteer, '想要一个保温杯')
  await must(c.grid.call('wish', 'confirm', { wishId: w.id }))
  expect(stored(w.id).confirmDue).toBeUndefined()

  const unitAdmin = await env.user({ roles: ['unitAdmin'], unit: 'u1', name: '何文静', street: 's1' })
  env.cloud.emulator.db.insert('unit_registrations', [{ _id: registrationId('u1', 'c1'), unitId: 'u1', communityId: 'c1', streetId: 's1', status: 'approved', version: 1, outbox: [], timeline: [] }])
  const u = await delivered(unitAdmin, '想要一台收音机', { unitId: 'u1' })
  expect(stored(u.id).credit).toBe('unit:u1')
  env.clock.set(u.at + DAYS + MIN)
  expect((await sweep()).confirm.acted).toBe(1)
  expect(stored(u.id)).toMatchObject({ status: 'confirmed', credit: 'unit:u1' })
  expect(stored(w.id).timeline.filter((t) => t.action === 'confirm').map((t) => t.role)).toEqual(['gridWorker'])
  expect(env.findAll('ledger', { sourceId: u.id })).toEqual([])
  expect(env.findAll('audit', { targetId: w.id })).toEqual([expect.objectContaining({ action: 'wish.approve' })])
})

it('reads only the wishes that are due, by index', async () => {
  // The repair pass reads what changed since its last run: a first run puts its mark at the present.
  await sweep()
  const now = env.clock.now()
  // Wishes on the board that need nothing from the timer, written straight into the store.
  const template = env.findAll<WishDoc>('wishes')[0]
  const quiet = Array.from({ length: 3_000 }, (_, i) => settleWish({ ...template, _id: `quiet-${i}`, status: 'open', claims: [], outbox: [], updatedAt: new Date(now - 3_600_000) }))
  env.cloud.emulator.db.insert('wishes', quiet)
  const w = await delivered(c.member, '想要一盏台灯')
  env.clock.set(w.at + DAYS + MIN)
  env.cloud.emulator.resetStats()
  const r = await sweep()
  expect(r.confirm).toMatchObject({ acted: 1, complete: true })
  expect(r.repair.complete).toBe(true)
  const s = env.cloud.emulator.stats()
  expect(s.collectionScans).toBe(0)
  expect(s.indexUsed['wishes.confirm_due']).toBeGreaterThan(0)
  expect(s.docsExamined).toBeLessThan(300)
})

it('the repair pass rewrites stale derived fields (a delivery from before the timer then confirms) and leaves contradictions to a person', async () => {
  const w = await delivered(c.member2, '想要一个书架')
  // As a wish delivered before the automatic confirmation existed was stored: no due field, no credit.
  await db.collection('wishes').doc(w.id).update({ confirmDue: _.remove(), credit: _.remove(), updatedAt: new Date(env.clock.now() + 1) })
  // And one whose claims contradict its state (no call can write this): two live claims.
  const bad = await openWish(env, c.resident, c.admin, { title: '想要一个篮球' })
  await must(c.member.call('wish', 'claim', { wishId: bad }))
  const twice = stored(bad)
  await db.collection('wishes').doc(bad).update({ claims: [...twice.claims, { ...twice.claims[0], openid: c.member2.openid }], updatedAt: new Date(env.clock.now() + 2) })
  const before = stored(bad)

  env.clock.advance(2 * MIN)
  const r = await sweep()
  expect(r.repair).toMatchObject({ repaired: 1, broken: 1, complete: true })
  expect(wishProblems(stored(w.id))).toEqual([])
  expect(stored(w.id)).toMatchObject({ status: 'fulfilled', credit: `p:${c.member2.openid}` })
  expect(stored(bad)).toEqual(before)

  env.clock.set(w.at + DAYS + MIN)
  expect((await sweep()).confirm.acted).toBeGreaterThanOrEqual(1)
  expect(stored(w.id).status).toBe('confirmed')
  expect(env.findAll('ledger', { sourceId: w.id })).toHaveLength(1)
  // Checked once: the next run reads only what changed since.
  expect((await sweep()).repair).toMatchObject({ repaired: 0 })
})
