// Lists at scale: with 100,000 orders in the store, every list pages on an index (no scan, no in-memory
// sort, no cut-off): a new red order is first in 待处理, paging the hall reaches its oldest order, and a
// resident's 我的服务单 reads only their own.
import { settle } from '../../cloudfunctions/order/model'
import type { OrderDoc } from '../../shared/orders/model'
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { cast, must, orderInput, type Cast } from '../support/orders'

jest.setTimeout(600_000)

let env: TestCloud
let c: Cast
const N = 100_000
const HALL = 300
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
  const t0 = env.clock.now() - 30 * 24 * 3600_000
  const docs: OrderDoc[] = []
  for (let i = 0; i < N; i++) {
    const at = new Date(t0 + i * 20_000)
    // Most are history; the last HALL are in the hall, and a few hundred wait in 待处理 (yellow and green).
    const inHall = i >= N - HALL
    const waiting = !inHall && i % 250 === 0
    const status = inHall ? 'published' : waiting ? 'submitted' : 'closed'
    const base = {
      _id: `bulk-${String(i).padStart(6, '0')}`, no: `B${i}`, streetId: 's1', communityId: 'c1', gridId: i % 2 ? 'c1-g1' : 'c1-g2', ordererId: `bulk-resident-${i % 5000}`, ordererName: '张三',
      category: '维修', text: '历史服务单', photos: [], urgencySuggested: 'green', colour: i % 3 ? 'green' : 'yellow', held: false, status, version: 1, points: 5, hours: 1,
      slots: 1, slotsFree: inHall ? 1 : 0, taken: 0, membersOnly: false, skills: [], deadline: new Date(env.clock.now() + 48 * 3600_000), acceptDeadline: new Date(at.getTime() + 72 * 3600_000),
      acceptedAt: inHall ? at : undefined, publishedAt: inHall ? at : undefined, closedAt: status === 'closed' ? at : undefined,
      claims: [], claimerIds: [], alsoAffected: [], priority: 0, timeline: [], outbox: [], createdAt: at, updatedAt: at, people: [], parties: [], open: true, stage: 'todo',
    } as unknown as OrderDoc
    // Every 20th of the history was called up to 城管 (department d1) by another community and is still open:
    // the oldest of them has the nearest 完成期限, so a queue's nearest due cannot come from its newest page.
    if (!inHall && !waiting && i % 20 === 7) {
      const due = new Date(env.clock.now() + 24 * 3600_000 + i * 1000)
      Object.assign(base, { communityId: 'c2', gridId: 'c2-g1', status: 'escalated', closedAt: undefined, assignee: { type: 'department', id: 'd1', name: '城管' }, escalation: { to: 'department', departmentId: 'd1', colour: 'red', reason: '需要城管处理', auto: false, at, deadline: due } })
    }
    const o = settle(base)
    // History long past the acceptance clock: nothing for the timers.
    if (!waiting) delete o.acceptDue
    docs.push(o)
  }
  for (let i = 0; i < N; i += 10_000) env.cloud.emulator.db.insert('orders', docs.slice(i, i + 10_000))
})
afterAll(() => env.close())

it('a new red order is first in 待处理, read through the index', async () => {
  const red = await must(c.resident.call('order', 'submit', orderInput({ urgency: 'red' })))
  env.cloud.emulator.resetStats()
  const todo = await must(c.admin.call('order', 'inbox', { tab: 'todo', size: 20 }))
  expect(todo.items[0]).toMatchObject({ id: red.id, colour: 'red' })
  expect(todo.items).toHaveLength(20)
  const s = env.cloud.emulator.stats()
  expect(s.collectionScans).toBe(0)
  expect(s.docsExamined).toBeLessThan(200)
})

it('paging the hall reaches the oldest published order, each exactly once, newest first', async () => {
  const seen: string[] = []
  let cursor: string | undefined
  let pages = 0
  env.cloud.emulator.resetStats()
  do {
    const page = await must(c.member.call('order', 'hall', { size: 50, cursor }))
    seen.push(...page.items.map((x: { id: string }) => x.id))
    cursor = page.nextCursor
    pages++
  } while (cursor && pages < 50)
  const hall = seen.filter((id) => id.startsWith('bulk-'))
  expect(new Set(hall).size).toBe(hall.length)
  expect(hall).toHaveLength(HALL)
  expect(hall[0]).toBe(`bulk-${String(N - 1).padStart(6, '0')}`)
  expect(hall.at(-1)).toBe(`bulk-${String(N - HALL).padStart(6, '0')}`)
  const s = env.cloud.emulator.stats()
  expect(s.collectionScans).toBe(0)
  expect(s.docsExamined).toBeLessThan(HALL * 3)
})

it('the admin pages every waiting order, oldest yellow before any green, without a cut-off', async () => {
  const seen: Array<{ id: string; colour: string }> = []
  let cursor: string | undefined
  do {
    const page = await must(c.admin.call('order', 'inbox', { tab: 'todo', size: 50, cursor }))
    seen.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  const waiting = seen.filter((x) => x.id.startsWith('bulk-'))
  expect(waiting).toHaveLength(Array.from({ length: N - HALL }, (_, i) => i).filter((i) => i % 250 === 0).length)
  const firstGreen = seen.findIndex((x) => x.colour === 'green')
  expect(seen.slice(firstGreen).every((x) => x.colour === 'green')).toBe(true)
})

it("a department's 首页 counts its whole queue and finds the nearest 完成期限 in it, by index", async () => {
  const queued = Array.from({ length: N - HALL }, (_, i) => i).filter((i) => i % 250 !== 0 && i % 20 === 7)
  env.cloud.emulator.resetStats()
  const s = await must(c.dept.call('order', 'summary', {}))
  expect(s.queues).toEqual([{ kind: 'department', id: 'd1', open: queued.length, cameBack: 0, nearestDue: new Date(env.find('orders', `bulk-${String(queued[0]).padStart(6, '0')}`).escalation.deadline).toISOString() }])
  const stats = env.cloud.emulator.stats()
  expect(stats.collectionScans).toBe(0)
  expect(stats.docsExamined).toBeLessThan(queued.length * 3)
})

it('我的服务单 reads only the resident’s own orders, by index', async () => {
  env.cloud.emulator.resetStats()
  const mine = await must(c.resident.call('order', 'listMine', { status: 'all', size: 20 }))
  expect(mine.items.length).toBeGreaterThan(0)
  const s = env.cloud.emulator.stats()
  expect(s.collectionScans).toBe(0)
  expect(s.docsExamined).toBeLessThan(100)
  const other = await must(c.outsider.call('order', 'listMine', { status: 'open', size: 20 }))
  expect(other.items).toEqual([])
})
