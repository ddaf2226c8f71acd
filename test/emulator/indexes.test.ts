// Declared indexes narrow queries on 100,000 documents to the few they need (proved with the
// emulator's counters, not with timings), give the same answers as a full scan, and unique indexes
// refuse duplicates.
import { startEmulator, type StartedEmulator } from '../support/emulator'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const N = 100_000
const STATUSES = ['open', 'taken', 'done']

interface Order {
  _id: string
  communityId: string
  status: string
  createdAt: Date
  score: number
  tags: string[]
  note: string
}

function order(i: number): Order {
  return {
    _id: `o${String(i).padStart(6, '0')}`,
    communityId: `c${i % 50}`,
    status: STATUSES[(Math.floor(i / 50) + Math.floor(i / 7)) % 3],
    createdAt: new Date(T0 + i * 60_000),
    score: i % 1000,
    tags: [`t${i % 10}`, `t${(i + 3) % 10}`],
    note: `order ${i}`,
  }
}

let s: StartedEmulator
let all: Order[]
let _: any

beforeAll(async () => {
  s = await startEmulator({
    collections: {
      collections: {
        orders: {
          indexes: [
            { name: 'community_status_created', keys: [['communityId', 1], ['status', 1], ['createdAt', -1]] },
            { name: 'score', keys: [['score', 1]] },
            { name: 'tags', keys: [['tags', 1]] },
          ],
        },
        users: { indexes: [{ name: 'email', keys: [['email', 1]], unique: true }] },
      },
    },
  })
  _ = s.db.command
  all = Array.from({ length: N }, (_x, i) => order(i))
  s.emu.db.insert('orders', all)
}, 60_000)
afterAll(async () => {
  await s.close()
})

const orders = () => s.db.collection('orders')
function lastPlan() {
  const p = s.emu.stats().lastPlan
  if (!p) throw new Error('no query ran')
  return p
}

test('100,000 documents are stored', async () => {
  expect((await orders().count()).total).toBe(N)
})

test('equality on a prefix with the index order: answered by a short index walk', async () => {
  s.emu.resetStats()
  const res = await orders().where({ communityId: 'c7', status: 'open' }).orderBy('createdAt', 'desc').limit(20).get()
  const expected = all
    .filter((o) => o.communityId === 'c7' && o.status === 'open')
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, 20)
  expect(res.data.map((d: any) => d._id)).toEqual(expected.map((o) => o._id))
  expect(res.data[0].createdAt).toEqual(expected[0].createdAt)
  const st = s.emu.stats()
  expect(st.indexUsed['orders.community_status_created']).toBe(1)
  expect(st.lastPlan).toMatchObject({ plan: 'index', index: 'community_status_created', ordered: true, returned: 20 })
  expect(st.docsExamined).toBeLessThanOrEqual(20)
})

test('the reverse order walks the same index backwards', async () => {
  const res = await orders().where({ communityId: 'c7', status: 'open' }).orderBy('createdAt', 'asc').limit(5).get()
  const expected = all
    .filter((o) => o.communityId === 'c7' && o.status === 'open')
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .slice(0, 5)
  expect(res.data.map((d: any) => d._id)).toEqual(expected.map((o) => o._id))
  expect(lastPlan()).toMatchObject({ index: 'community_status_created', ordered: true })
  expect(lastPlan().examined).toBeLessThanOrEqual(5)
})

test('a range on an indexed field examines only the range', async () => {
  s.emu.resetStats()
  const { total } = await orders().where({ score: _.gte(500).and(_.lt(505)) }).count()
  expect(total).toBe(all.filter((o) => o.score >= 500 && o.score < 505).length)
  expect(total).toBe(500)
  expect(s.emu.stats().indexUsed['orders.score']).toBe(1)
  expect(s.emu.stats().docsExamined).toBe(500)
})

test('equality prefix plus a date range on the next key', async () => {
  const from = new Date(T0 + 30_000 * 60_000)
  const to = new Date(T0 + 40_000 * 60_000)
  s.emu.resetStats()
  const res = await orders()
    .where({ communityId: 'c3', status: 'done', createdAt: _.gte(from).and(_.lt(to)) })
    .orderBy('createdAt', 'desc')
    .limit(1000)
    .get()
  const expected = all
    .filter((o) => o.communityId === 'c3' && o.status === 'done' && o.createdAt >= from && o.createdAt < to)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
  expect(expected.length).toBeGreaterThan(10)
  expect(res.data.map((d: any) => d._id)).toEqual(expected.map((o) => o._id))
  expect(s.emu.stats().docsExamined).toBe(expected.length)
})

test('$in on the first key scans one range per value', async () => {
  s.emu.resetStats()
  const { total } = await orders()
    .where({ communityId: _.in(['c1', 'c2']), status: 'taken' })
    .count()
  const expected = all.filter((o) => (o.communityId === 'c1' || o.communityId === 'c2') && o.status === 'taken').length
  expect(total).toBe(expected)
  expect(s.emu.stats().docsExamined).toBe(expected)
  expect(s.emu.stats().indexUsed['orders.community_status_created']).toBe(1)
})

test('an array field is indexed by element (multikey)', async () => {
  s.emu.resetStats()
  const res = await orders().where({ tags: 't3', score: 3 }).get()
  const expected = all.filter((o) => o.tags.includes('t3') && o.score === 3)
  expect(res.data.map((d: any) => d._id).sort()).toEqual(expected.map((o) => o._id).sort())
  // The planner prefers the single-valued score index (100 candidates) or the tags index (20,000):
  // either way far fewer than a full scan.
  expect(s.emu.stats().docsExamined).toBeLessThan(N / 4)
  s.emu.resetStats()
  expect((await orders().where({ tags: 't3' }).count()).total).toBe(all.filter((o) => o.tags.includes('t3')).length)
  expect(s.emu.stats().indexUsed['orders.tags']).toBe(1)
})

test('a query no index serves scans everything and still answers right', async () => {
  s.emu.resetStats()
  const { total } = await orders().where({ note: 'order 4242' }).count()
  expect(total).toBe(1)
  expect(s.emu.stats().collectionScans).toBe(1)
  expect(s.emu.stats().docsExamined).toBe(N)
})

test('in-process find uses the same plans', () => {
  s.emu.resetStats()
  const got = s.emu.db.find('orders', { communityId: 'c9', status: 'open' }, { sort: { createdAt: -1 }, limit: 3 })
  expect(got.map((d) => d._id)).toEqual(
    all
      .filter((o) => o.communityId === 'c9' && o.status === 'open')
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, 3)
      .map((o) => o._id),
  )
  expect(s.emu.stats().docsExamined).toBe(3)
})

describe('unique index', () => {
  const users = () => s.db.collection('users')
  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p
      return undefined
    } catch (err) {
      return (err as { code?: string }).code
    }
  }

  test('refuses a second document with the same key, through the SDK and in-process', async () => {
    await users().add({ _id: 'u1', email: 'a@example.com' })
    expect(await codeOf(users().add({ _id: 'u2', email: 'a@example.com' }))).toBe('DATABASE_DUPLICATE_WRITE')
    expect(s.emu.db.get('users', 'u2')).toBeNull()
    expect(() => s.emu.db.insert('users', [{ _id: 'u3', email: 'a@example.com' }])).toThrow(/duplicate key/)
  })

  test('an update that would collide is refused; a batch with one collision writes nothing', async () => {
    await users().add({ _id: 'u4', email: 'b@example.com' })
    expect(await codeOf(users().doc('u4').update({ email: 'a@example.com' }))).toBe('DATABASE_DUPLICATE_WRITE')
    expect(s.emu.db.get('users', 'u4').email).toBe('b@example.com')
    expect(await codeOf(users().add([{ _id: 'u5', email: 'c@example.com' }, { _id: 'u6', email: 'b@example.com' }]))).toBe('DATABASE_DUPLICATE_WRITE')
    expect(s.emu.db.get('users', 'u5')).toBeNull()
    // The index was left as it was: c@ is still free.
    await users().add({ _id: 'u7', email: 'c@example.com' })
  })

  test('removing a document frees its key; a missing field counts as null (as in MongoDB)', async () => {
    await users().doc('u1').remove()
    await users().add({ _id: 'u8', email: 'a@example.com' })
    await users().add({ _id: 'n1', name: 'no email' })
    expect(await codeOf(users().add({ _id: 'n2', name: 'no email either' }))).toBe('DATABASE_DUPLICATE_WRITE')
  })
})
