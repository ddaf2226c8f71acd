// The demo 微心愿 of npm start (localcloud/seed-wishes.ts), made through the real wish calls as the demo
// people: one 待审核, one 待认领, one posted by the grid worker for an elder with 代转交 and claimed by a
// volunteer, one the unit u1 delivered and the wisher confirmed with thanks — on the boards and in the
// unit's 报到台账 as a real use would leave them; run again (a resumed start), it adds nothing; a start
// that stopped half-way through a wish's life finishes it.
import { seedDemo, seedMembers } from '../../localcloud/seed'
import { seedOrg } from '../../localcloud/seed-org'
import { seedWishes } from '../../localcloud/seed-wishes'
import { wishProblems } from '../../shared/wishes/derive'
import type { WishDoc } from '../../shared/wishes/model'
import { startTestCloud, type TestCloud } from '../support/localCloud'

jest.setTimeout(120_000)

let env: TestCloud
beforeAll(async () => {
  env = await startTestCloud({ world: false })
  seedDemo(env.cloud.emulator)
  await seedMembers(env.cloud)
  await seedOrg(env.cloud.runtime)
})
afterAll(() => env.close())

const wishes = () => env.findAll<WishDoc>('wishes')
const byTitle = () => Object.fromEntries(wishes().map((w) => [w.title, w]))
const sorted = (c: string) => env.findAll(c).sort((a, b) => (a._id < b._id ? -1 : 1))
// An image check's verdict arrives later by push (it may land between two snapshots): only which checks exist counts.
const snapshot = () => [...['wishes', 'ledger', 'audit', 'notifications'].map(sorted), sorted('media_checks').map((m) => m._id)]
const call = (openid: string, fn: string, action: string, payload: object) => env.as(openid).call(fn, action, payload) as Promise<{ ok: boolean; data: any }>

it('seeds four wishes in four states through the calls, once', async () => {
  expect(await seedWishes(env.cloud, env.clock.now())).toBe(4)
  const w = byTitle()
  expect(Object.fromEntries(Object.entries(w).map(([t, x]) => [t, x.status]))).toEqual({
    想要一个护腰坐垫: 'pending_review',
    想要几本课外读物: 'open',
    想要一个电热水壶: 'claimed',
    想要一个新书包: 'confirmed',
  })
  for (const x of wishes()) expect(wishProblems(x)).toEqual([])
  for (const x of wishes()) expect(x.outbox).toEqual([])

  // 代转交 for an elder, posted by the grid worker in their name (audited), claimed by a volunteer.
  expect(w.想要一个电热水壶).toMatchObject({ ownerId: 'demo-grid-1', onBehalf: { role: 'gridWorker' }, delivery: 'proxy', beneficiary: { name: '张桂兰' } })
  expect(w.想要一个电热水壶.claims).toEqual([expect.objectContaining({ openid: 'demo-volunteer-1', as: 'volunteer', status: 'claimed' })])
  expect(env.findAll('audit', { targetId: w.想要一个电热水壶._id, action: 'wish.post' })).toHaveLength(1)
  // The unit's delivery: its evidence photo is the unit admin's own upload; the thanks on the wall.
  const done = w.想要一个新书包
  expect(done.claims).toEqual([expect.objectContaining({ openid: 'demo-unit-admin', as: 'unit', unitId: 'u1', status: 'confirmed' })])
  expect(done.claims[0].evidence!.photos).toEqual([expect.stringMatching(/^cloud:\/\/.+\/uploads\/demo-unit-admin\/\d{6}\/demo-wish-.+\.png$/)])
  expect(env.cloud.emulator.storage.get(done.claims[0].evidence!.photos[0])?.subarray(1, 4).toString()).toBe('PNG')
  expect(done).toMatchObject({ credit: 'unit:u1', thanks: { text: '谢谢区税务局的叔叔阿姨，孩子背上新书包可高兴了！' } })
  // A unit earns its record, not a person's points.
  expect(env.findAll('ledger', { sourceType: 'wish' })).toEqual([])

  const before = snapshot()
  expect(await seedWishes(env.cloud, env.clock.now(), { resuming: true })).toBe(4)
  expect(snapshot()).toEqual(before)
})

it('shows them where people look: the review queue, the board, the 圆梦墙 and the unit’s 报到台账', async () => {
  const queue = await call('demo-admin-c1', 'wish', 'manage', { status: 'pending_review' })
  expect(queue.data.items.map((x: { title: string }) => x.title)).toEqual(['想要一个护腰坐垫'])
  const board = await call('demo-member-01', 'wish', 'board', {})
  expect(board.data.items.map((x: { title: string }) => x.title).sort()).toEqual(['想要一个新书包', '想要一个电热水壶', '想要几本课外读物'].sort())
  expect(board.data.stripText).toBe('本月圆梦 1 个心愿')
  // Masked on the board: no name, address or phone.
  expect(JSON.stringify(board.data)).not.toMatch(/张桂兰|王秀兰|李建国|单元|1380000/)
  const wall = await call('demo-resident-3', 'wish', 'wall', {})
  expect(wall.data.items).toEqual([expect.objectContaining({ title: '想要一个新书包', donor: '区税务局机关党支部', thanks: '谢谢区税务局的叔叔阿姨，孩子背上新书包可高兴了！' })])
  const unit = await call('demo-unit-admin', 'org', 'unitWishes', {})
  expect(unit.data).toMatchObject({ done: 1, items: [expect.objectContaining({ title: '想要一个新书包', kindLabel: '心愿', statusLabel: '已实现' })] })
})

it('a start that stopped half-way through a wish’s life finishes it without a second of anything', async () => {
  // A fresh cloud where a previous start posted and approved the unit's wish, claimed it, and stopped.
  const again = await startTestCloud({ world: false })
  try {
    seedDemo(again.cloud.emulator)
    await seedMembers(again.cloud)
    await seedOrg(again.cloud.runtime)
    const ask = (openid: string, action: string, payload: object) => again.as(openid).call('wish', action, payload) as Promise<{ ok: boolean; data: any }>
    const wishedBy = new Date(again.clock.now() + 30 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10)
    const posted = await ask('demo-resident-1', 'post', {
      requestKey: 'demo-seed-wish-done',
      consent: true,
      wishedBy,
      delivery: 'direct',
      title: '想要一个新书包',
      story: '女儿上三年级，书包背带断了好几次，缝了又断，想给她换一个结实的新书包。',
      category: '学习用品',
      beneficiaryType: '儿童',
      ageBand: '6-12岁',
      value: 80,
    })
    expect(posted.ok).toBe(true)
    expect((await ask('demo-admin-c1', 'review', { wishId: posted.data.id, decision: 'approve' })).ok).toBe(true)
    expect((await ask('demo-unit-admin', 'claim', { wishId: posted.data.id, unitId: 'u1' })).ok).toBe(true)

    expect(await seedWishes(again.cloud, again.clock.now(), { resuming: true })).toBe(4)
    const all = again.findAll<WishDoc>('wishes')
    expect(all).toHaveLength(4)
    const done = again.find<WishDoc>('wishes', posted.data.id)!
    expect(done.status).toBe('confirmed')
    expect(done.claims).toHaveLength(1)
    expect(done.timeline.map((t) => t.action)).toEqual(['post', 'approve', 'claim', 'fulfil', 'confirm'])
  } finally {
    await again.close()
  }
})
