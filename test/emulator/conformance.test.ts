// The emulator answers the real @cloudbase/node-sdk the way CloudBase does: every call below goes over
// HTTP from the unmodified SDK, and every write is checked by reading the stored document back.
import { MSG_SEC_REVIEW_WORDS, MSG_SEC_RISKY_WORDS } from '../../localcloud/emulator'
import { rawCall, startEmulator, type StartedEmulator } from '../support/emulator'

const T0 = Date.parse('2026-11-23T09:00:00+08:00')
let clock = T0

const collections = {
  collections: {
    todos: {},
    people: { indexes: [{ name: 'age', keys: [['age', 1]] as Array<[string, 1 | -1]> }] },
    many: {},
    accounts: {},
    orders: {},
    items: {},
  },
}

let s: StartedEmulator
let db: StartedEmulator['db']
let _: any

beforeAll(async () => {
  s = await startEmulator({
    collections,
    now: () => clock,
    invokeFunction: async (name, data) => {
      if (name === 'boom') throw new Error('kaboom')
      return { name, got: data }
    },
  })
  db = s.db
  _ = db.command
})
afterAll(async () => {
  await s.close()
})

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
    return undefined
  } catch (err) {
    return (err as { code?: string }).code
  }
}

describe('documents: add, get, remove', () => {
  test('add one document returns its generated id and stores it', async () => {
    const res = await db.collection('todos').add({ title: 'a', n: 1, tags: ['x'], due: new Date(T0) })
    expect(res.id).toMatch(/^[0-9a-f]{32}$/)
    expect(s.emu.db.get('todos', res.id!)).toEqual({ _id: res.id, title: 'a', n: 1, tags: ['x'], due: new Date(T0) })
  })

  test('add many documents returns every id, in order', async () => {
    const res: any = await db.collection('todos').add([{ title: 'b', n: 2 }, { _id: 'given', title: 'c', n: 3 }])
    expect(res.ids).toHaveLength(2)
    expect(res.ids[1]).toBe('given')
    expect(s.emu.db.get('todos', res.ids[0])).toMatchObject({ title: 'b', n: 2 })
    expect(s.emu.db.get('todos', 'given')).toEqual({ _id: 'given', title: 'c', n: 3 })
  })

  test('doc().get() returns the document; a missing one gives an empty list', async () => {
    const got = await db.collection('todos').doc('given').get()
    expect(got.data).toEqual([{ _id: 'given', title: 'c', n: 3 }])
    const missing = await db.collection('todos').doc('nope').get()
    expect(missing.data).toEqual([])
  })

  test('a duplicate _id is refused with DATABASE_DUPLICATE_WRITE and the first stays', async () => {
    await db.collection('todos').add({ _id: 'dup', v: 1 })
    expect(await codeOf(db.collection('todos').add({ _id: 'dup', v: 2 }))).toBe('DATABASE_DUPLICATE_WRITE')
    expect(s.emu.db.get('todos', 'dup')).toEqual({ _id: 'dup', v: 1 })
  })

  test('a multi-insert with one duplicate writes nothing', async () => {
    const before = s.emu.db.count('todos')
    expect(await codeOf(db.collection('todos').add([{ _id: 'fresh1', v: 1 }, { _id: 'dup', v: 3 }]))).toBe('DATABASE_DUPLICATE_WRITE')
    expect(s.emu.db.get('todos', 'fresh1')).toBeNull()
    expect(s.emu.db.count('todos')).toBe(before)
  })

  test('doc().remove() and where().remove() delete and report how many', async () => {
    await db.collection('items').add([
      { _id: 'r1', kind: 'old' },
      { _id: 'r2', kind: 'old' },
      { _id: 'r3', kind: 'new' },
      { _id: 'r4', kind: 'keep' },
    ])
    expect((await db.collection('items').doc('r1').remove()).deleted).toBe(1)
    expect((await db.collection('items').doc('r1').remove()).deleted).toBe(0)
    const res: any = await db.collection('items').where({ kind: _.in(['old', 'new']) }).remove()
    expect(res.deleted).toBe(2)
    expect(s.emu.db.find('items', {}).map((d) => d._id)).toEqual(['r4'])
  })

  test('db.serverDate() is the server clock plus its offset', async () => {
    clock = T0 + 12_345
    const id = (await db.collection('todos').add({ title: 'dated', at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) })).id!
    expect(s.emu.db.get('todos', id).at).toEqual(new Date(T0 + 12_345))
    expect(s.emu.db.get('todos', id).later).toEqual(new Date(T0 + 72_345))
    clock = T0 + 20_000
    await db.collection('todos').doc(id).update({ at: db.serverDate() })
    expect(s.emu.db.get('todos', id).at).toEqual(new Date(T0 + 20_000))
  })
})

describe('queries', () => {
  beforeAll(async () => {
    await db.collection('people').add([
      { _id: 'p1', name: 'Ann', age: 31, city: { name: 'Hangzhou', zone: 'east' }, tags: ['a', 'b'], pets: [{ kind: 'cat', age: 3 }], born: new Date('1995-01-02T00:00:00Z'), nick: 'apple' },
      { _id: 'p2', name: 'Bob', age: 25, city: { name: 'Shanghai', zone: 'east' }, tags: ['b'], pets: [], born: new Date('2001-05-06T00:00:00Z') },
      { _id: 'p3', name: 'Cai', age: 40, city: { name: 'Chengdu', zone: 'west' }, tags: ['a', 'b', 'c'], pets: [{ kind: 'dog', age: 9 }, { kind: 'cat', age: 1 }], born: new Date('1986-03-04T00:00:00Z'), nick: 'Apricot' },
      { _id: 'p4', name: 'Dan', age: 25, city: { name: 'Hangzhou', zone: 'east' }, tags: [], pets: [{ kind: 'fish', age: 1 }], born: new Date('2001-01-01T00:00:00Z'), nick: 'banana' },
    ])
  })
  const ids = async (q: any) => ((await q.get()).data as any[]).map((d) => d._id).sort()
  const people = () => db.collection('people')

  test('comparison operators', async () => {
    expect(await ids(people().where({ age: 25 }))).toEqual(['p2', 'p4'])
    expect(await ids(people().where({ age: _.eq(31) }))).toEqual(['p1'])
    expect(await ids(people().where({ age: _.neq(25) }))).toEqual(['p1', 'p3'])
    expect(await ids(people().where({ age: _.gt(31) }))).toEqual(['p3'])
    expect(await ids(people().where({ age: _.gte(31) }))).toEqual(['p1', 'p3'])
    expect(await ids(people().where({ age: _.lt(31) }))).toEqual(['p2', 'p4'])
    expect(await ids(people().where({ age: _.lte(31) }))).toEqual(['p1', 'p2', 'p4'])
    expect(await ids(people().where({ name: _.in(['Ann', 'Dan', 'Zed']) }))).toEqual(['p1', 'p4'])
    expect(await ids(people().where({ name: _.nin(['Ann', 'Dan']) }))).toEqual(['p2', 'p3'])
  })

  test('element and array operators', async () => {
    expect(await ids(people().where({ nick: _.exists(true) }))).toEqual(['p1', 'p3', 'p4'])
    expect(await ids(people().where({ nick: _.exists(false) }))).toEqual(['p2'])
    expect(await ids(people().where({ tags: _.size(3) }))).toEqual(['p3'])
    expect(await ids(people().where({ tags: 'c' }))).toEqual(['p3'])
    expect(await ids(people().where({ tags: _.all(['a', 'b']) }))).toEqual(['p1', 'p3'])
    expect(await ids(people().where({ pets: _.elemMatch({ kind: 'cat', age: _.gt(2) }) }))).toEqual(['p1'])
  })

  test('logical operators', async () => {
    expect(await ids(people().where(_.or([{ age: 40 }, { name: 'Bob' }])))).toEqual(['p2', 'p3'])
    expect(await ids(people().where(_.and([{ age: _.gte(25) }, { age: _.lt(35) }, { 'city.zone': 'east' }])))).toEqual(['p1', 'p2', 'p4'])
    expect(await ids(people().where({ age: _.gt(24).and(_.lt(31)) }))).toEqual(['p2', 'p4'])
    expect(await ids(people().where({ age: _.lt(26).or(_.gt(35)) }))).toEqual(['p2', 'p3', 'p4'])
  })

  test('regular expressions (db.RegExp and JS RegExp)', async () => {
    expect(await ids(people().where({ nick: db.RegExp({ regexp: '^ap', options: 'i' }) }))).toEqual(['p1', 'p3'])
    expect(await ids(people().where({ nick: /^ap/ }))).toEqual(['p1'])
  })

  test('nested fields by dot path and by nested object', async () => {
    expect(await ids(people().where({ 'city.name': 'Hangzhou' }))).toEqual(['p1', 'p4'])
    expect(await ids(people().where({ city: { zone: 'west' } }))).toEqual(['p3'])
    expect(await ids(people().where({ 'pets.kind': 'fish' }))).toEqual(['p4'])
  })

  test('dates compare as dates', async () => {
    expect(await ids(people().where({ born: _.lt(new Date('2000-01-01T00:00:00Z')) }))).toEqual(['p1', 'p3'])
    expect(await ids(people().where({ born: _.gte(new Date('2001-01-01T00:00:00Z')).and(_.lt(new Date('2001-02-01T00:00:00Z'))) }))).toEqual(['p4'])
    const got = await people().doc('p2').get()
    expect(got.data[0].born).toBeInstanceOf(Date)
    expect(got.data[0].born.toISOString()).toBe('2001-05-06T00:00:00.000Z')
  })

  test('orderBy on several keys, skip and limit', async () => {
    const res = await people().orderBy('age', 'asc').orderBy('name', 'desc').get()
    expect(res.data.map((d: any) => d._id)).toEqual(['p4', 'p2', 'p1', 'p3'])
    const page = await people().orderBy('age', 'desc').skip(1).limit(2).get()
    expect(page.data.map((d: any) => d._id)).toEqual(['p1', 'p4'])
    const byNested = await people().orderBy('city.name', 'asc').orderBy('age', 'asc').get()
    expect(byNested.data.map((d: any) => d._id)).toEqual(['p3', 'p4', 'p1', 'p2'])
  })

  test('field() projection includes or excludes fields', async () => {
    const inc = await people().where({ _id: 'p1' }).field({ name: true, 'city.zone': true }).get()
    expect(inc.data).toEqual([{ _id: 'p1', name: 'Ann', city: { zone: 'east' } }])
    const exc = await people().doc('p2').field({ pets: false, tags: false, born: false, city: false }).get()
    expect(exc.data).toEqual([{ _id: 'p2', name: 'Bob', age: 25 }])
  })

  test('count()', async () => {
    expect((await people().where({ age: 25 }).count()).total).toBe(2)
    expect((await people().count()).total).toBe(4)
  })

  test('limit: 100 by default, at most 1000, more is refused', async () => {
    const docs = Array.from({ length: 1200 }, (_x, i) => ({ _id: `m${String(i).padStart(4, '0')}`, i }))
    s.emu.db.insert('many', docs)
    expect((await db.collection('many').get()).data).toHaveLength(100)
    expect((await db.collection('many').where({ i: _.lt(150) }).get()).data).toHaveLength(100)
    const max = await db.collection('many').limit(1000).get()
    expect(max.data).toHaveLength(1000)
    // The SDK clamps limit(5000) to 1000 itself; a raw request asking for more is refused.
    expect((await db.collection('many').limit(5000).get()).data).toHaveLength(1000)
    const raw = await rawCall(s.adminUrl, { action: 'database.getDocument', collectionName: 'many', queryType: 'WHERE', limit: 1001 })
    expect(raw.code).toBe('INVALID_PARAM')
    const paged = await db.collection('many').orderBy('i', 'asc').skip(1150).limit(100).get()
    expect(paged.data.map((d: any) => d.i)).toEqual(Array.from({ length: 50 }, (_x, k) => 1150 + k))
  })
})

describe('updates', () => {
  const doc = () => db.collection('orders').doc('o1')
  const stored = () => s.emu.db.get('orders', 'o1')

  beforeAll(async () => {
    await db.collection('orders').add({
      _id: 'o1',
      n: 5,
      price: 2,
      arr: [1, 2, 3],
      set: ['a'],
      profile: { name: 'Ann', city: 'Hangzhou' },
      low: 10,
      high: 10,
      old: 'x',
      gone: true,
    })
  })

  test('inc, mul, set, remove, rename, max, min', async () => {
    expect((await doc().update({ n: _.inc(3) })).updated).toBe(1)
    await doc().update({ price: _.mul(2.5) })
    await doc().update({ status: _.set('open') })
    await doc().update({ gone: _.remove() })
    await doc().update({ old: _.rename('renamed') })
    await doc().update({ high: _.max(20), low: _.min(3) })
    await doc().update({ high: _.max(5), low: _.min(7) })
    const d = stored()
    expect(d).toMatchObject({ n: 8, price: 5, status: 'open', renamed: 'x', high: 20, low: 3 })
    expect(d).not.toHaveProperty('gone')
    expect(d).not.toHaveProperty('old')
  })

  test('array commands: push (each, position, slice), pop, shift, unshift, addToSet, pull, pullAll', async () => {
    await doc().update({ arr: _.push(4) })
    expect(stored().arr).toEqual([1, 2, 3, 4])
    await doc().update({ arr: _.push({ each: [7, 8], position: 1, slice: 5 }) })
    expect(stored().arr).toEqual([1, 7, 8, 2, 3])
    await doc().update({ arr: _.pop() })
    expect(stored().arr).toEqual([1, 7, 8, 2])
    await doc().update({ arr: _.shift() })
    expect(stored().arr).toEqual([7, 8, 2])
    await doc().update({ arr: _.unshift(0, 9) })
    expect(stored().arr).toEqual([0, 9, 7, 8, 2])
    await doc().update({ set: _.addToSet('b') })
    await doc().update({ set: _.addToSet('a') })
    expect(stored().set).toEqual(['a', 'b'])
    await doc().update({ arr: _.pull(9) })
    expect(stored().arr).toEqual([0, 7, 8, 2])
    await doc().update({ arr: _.pull(_.gt(7)) })
    expect(stored().arr).toEqual([0, 7, 2])
    await doc().update({ arr: _.pullAll([0, 2]) })
    expect(stored().arr).toEqual([7])
  })

  test('a plain nested object merges; _.set replaces the sub-document', async () => {
    await doc().update({ profile: { city: 'Shanghai', zip: '200000' } })
    expect(stored().profile).toEqual({ name: 'Ann', city: 'Shanghai', zip: '200000' })
    await doc().update({ profile: _.set({ city: 'Chengdu' }) })
    expect(stored().profile).toEqual({ city: 'Chengdu' })
  })

  test('an update that changes nothing still counts the matched document (as the cloud does); a missing document 0', async () => {
    expect((await doc().update({ n: 8 })).updated).toBe(1)
    expect((await db.collection('orders').doc('none').update({ n: 1 })).updated).toBe(0)
    expect(s.emu.db.get('orders', 'none')).toBeNull()
  })

  test('an impossible update is refused and changes nothing', async () => {
    const before = stored()
    expect(await codeOf(doc().update({ status: _.inc(1) }))).toBe('DATABASE_REQUEST_FAILED')
    expect(stored()).toEqual(before)
  })

  test('where().update() changes every match and is all-or-nothing', async () => {
    await db.collection('orders').add([
      { _id: 'w1', group: 'g', v: 1 },
      { _id: 'w2', group: 'g', v: 2 },
      { _id: 'w3', group: 'h', v: 3 },
    ])
    const res = await db.collection('orders').where({ group: 'g' }).update({ v: _.inc(10), tagged: true })
    expect(res.updated).toBe(2)
    expect(s.emu.db.find('orders', { group: { $in: ['g', 'h'] } }, { sort: { _id: 1 } }).map((d) => [d._id, d.v, d.tagged])).toEqual([
      ['w1', 11, true],
      ['w2', 12, true],
      ['w3', 3, undefined],
    ])
    // One document cannot take the update: none of them changes.
    await db.collection('orders').doc('w2').update({ v: 'text' })
    expect(await codeOf(db.collection('orders').where({ group: 'g' }).update({ v: _.inc(1) }))).toBe('DATABASE_REQUEST_FAILED')
    expect(s.emu.db.get('orders', 'w1').v).toBe(11)
  })

  test('doc().set() replaces the whole document, and creates it when missing (upsert)', async () => {
    await db.collection('orders').add({ _id: 's1', a: 1, b: { c: 2 } })
    const replaced = await db.collection('orders').doc('s1').set({ z: 9 })
    expect(replaced.updated).toBe(1)
    expect(s.emu.db.get('orders', 's1')).toEqual({ _id: 's1', z: 9 })
    const created = await db.collection('orders').doc('s2').set({ fresh: true })
    expect(created).toMatchObject({ updated: 0, upsertedId: 's2' })
    expect(s.emu.db.get('orders', 's2')).toEqual({ _id: 's2', fresh: true })
  })

  test('updateAndReturn (modifyAndReturnDoc) returns the updated document', async () => {
    await db.collection('orders').add({ _id: 'ret', state: 'new', n: 1 })
    const res: any = await db.collection('orders').where({ _id: 'ret', state: 'new' }).updateAndReturn({ state: 'taken', n: _.inc(1) })
    expect(res.updated).toBe(1)
    expect(res.doc).toEqual({ _id: 'ret', state: 'taken', n: 2 })
    const none: any = await db.collection('orders').where({ _id: 'ret', state: 'new' }).updateAndReturn({ state: 'again' })
    expect(none.updated).toBe(0)
    expect(none.doc).toBeNull()
    expect(s.emu.db.get('orders', 'ret').state).toBe('taken')
  })
})

describe('aggregate', () => {
  beforeAll(async () => {
    await db.createCollection('sales')
    await db.createCollection('shops')
    await db.collection('shops').add([
      { _id: 'sh1', name: 'North' },
      { _id: 'sh2', name: 'South' },
    ])
    await db.collection('sales').add([
      { shop: 'sh1', amount: 5, item: 'tea' },
      { shop: 'sh1', amount: 7, item: 'rice' },
      { shop: 'sh2', amount: 20, item: 'tea' },
      { shop: 'sh2', amount: 1, item: 'salt' },
      { shop: 'sh2', amount: 3, item: 'tea' },
    ])
  })

  test('$match, $group, $sort, $skip, $limit, $project', async () => {
    const res = await db
      .collection('sales')
      .aggregate()
      .match({ amount: _.gt(1) })
      .group({ _id: '$shop', total: { $sum: '$amount' }, n: { $sum: 1 } })
      .sort({ total: -1 })
      .skip(0)
      .limit(10)
      .project({ total: 1, n: 1 })
      .end()
    expect(res.data).toEqual([
      { _id: 'sh2', total: 23, n: 2 },
      { _id: 'sh1', total: 12, n: 2 },
    ])
  })

  test('$count', async () => {
    const res = await db.collection('sales').aggregate().match({ item: 'tea' }).count('c').end()
    expect(res.data).toEqual([{ c: 3 }])
  })

  test('without a $limit stage an aggregation answers at most 20 records (as the platform does)', async () => {
    const noLimit = await db.collection('many').aggregate().match({ i: _.lt(30) }).end()
    expect(noLimit.data).toHaveLength(20)
    const limited = await db.collection('many').aggregate().match({ i: _.lt(30) }).limit(25).end()
    expect(limited.data).toHaveLength(25)
  })

  test('$lookup and $unwind', async () => {
    const res = await db
      .collection('sales')
      .aggregate()
      .match({ item: 'rice' })
      .lookup({ from: 'shops', localField: 'shop', foreignField: '_id', as: 'shopDoc' })
      .unwind('$shopDoc')
      .project({ _id: 0, item: 1, shopName: '$shopDoc.name' })
      .end()
    expect(res.data).toEqual([{ item: 'rice', shopName: 'North' }])
  })
})

describe('collections', () => {
  test('an unknown collection is DATABASE_COLLECTION_NOT_EXIST until created', async () => {
    expect(await codeOf(db.collection('fresh').add({ a: 1 }))).toBe('DATABASE_COLLECTION_NOT_EXIST')
    expect(await codeOf(db.collection('fresh').get())).toBe('DATABASE_COLLECTION_NOT_EXIST')
    await db.createCollection('fresh')
    const id = (await db.collection('fresh').add({ a: 1 })).id!
    expect(s.emu.db.get('fresh', id)).toEqual({ _id: id, a: 1 })
    expect(await codeOf(db.createCollection('fresh'))).toBe('DATABASE_COLLECTION_ALREADY_EXIST')
    expect(s.emu.db.collections()).toContain('fresh')
  })
})

describe('wire errors', () => {
  test('an unknown action is INVALID_ACTION; bad EJSON is INVALID_PARAM; a $-prefixed field DATABASE_REQUEST_FAILED', async () => {
    expect((await rawCall(s.adminUrl, { action: 'database.nope' })).code).toBe('INVALID_ACTION')
    const bad = await rawCall(s.adminUrl, { action: 'database.getDocument', collectionName: 'todos', queryType: 'WHERE', query: '{"n":' })
    expect(bad.code).toBe('INVALID_PARAM')
    expect(bad.requestId).toMatch(/^local-/)
    const op = await rawCall(s.adminUrl, { action: 'database.insertDocument', collectionName: 'todos', data: ['{"$bad":1}'] })
    expect(op.code).toBe('DATABASE_REQUEST_FAILED')
  })
})

describe('transactions', () => {
  beforeEach(async () => {
    await db.collection('accounts').where({ _id: _.exists(true) }).remove()
    await db.collection('accounts').add([
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 0 },
    ])
  })
  const bal = (id: string) => s.emu.db.get('accounts', id)?.balance

  test('commit applies every write at once', async () => {
    const t = await db.startTransaction()
    const a = await t.collection('accounts').doc('a').get()
    expect(a.data).toEqual({ _id: 'a', balance: 100 })
    await t.collection('accounts').doc('a').update({ balance: _.inc(-30) })
    await t.collection('accounts').doc('b').update({ balance: _.inc(30) })
    await t.collection('accounts').add({ _id: 'log1', kind: 'transfer' })
    // Nothing is visible before the commit.
    expect(bal('a')).toBe(100)
    expect(s.emu.db.get('accounts', 'log1')).toBeNull()
    await t.commit()
    expect([bal('a'), bal('b')]).toEqual([70, 30])
    expect(s.emu.db.get('accounts', 'log1')).toEqual({ _id: 'log1', kind: 'transfer' })
  })

  test('rollback discards the writes', async () => {
    const t = await db.startTransaction()
    await t.collection('accounts').doc('a').update({ balance: 0 })
    await t.collection('accounts').doc('b').remove()
    await t.rollback()
    expect([bal('a'), bal('b')]).toEqual([100, 0])
    expect(await codeOf(t.commit())).toBe('DATABASE_TRANSACTION_FAIL')
  })

  test('reads see the snapshot plus the transaction’s own writes', async () => {
    const t = await db.startTransaction()
    await t.collection('accounts').doc('a').set({ balance: 1 })
    expect((await t.collection('accounts').doc('a').get()).data).toEqual({ _id: 'a', balance: 1 })
    await t.collection('accounts').doc('b').remove()
    expect((await t.collection('accounts').doc('b').get()).data).toBeNull()
    await t.rollback()
  })

  test('of two transactions on one document, the one writing it after the other committed fails with DATABASE_TRANSACTION_CONFLICT', async () => {
    const t1 = await db.startTransaction()
    const t2 = await db.startTransaction()
    await t1.collection('accounts').doc('a').get()
    await t2.collection('accounts').doc('a').get()
    await t1.collection('accounts').doc('a').update({ balance: _.inc(-10) })
    await t1.commit()
    const code = await codeOf(
      (async () => {
        await t2.collection('accounts').doc('a').update({ balance: _.inc(-50) })
        await t2.commit()
      })(),
    )
    expect(code).toBe('DATABASE_TRANSACTION_CONFLICT')
    expect(bal('a')).toBe(90)
  })

  test('a plain write to a document a transaction wrote makes its commit conflict', async () => {
    const t = await db.startTransaction()
    await t.collection('accounts').doc('a').update({ balance: _.inc(-1) })
    await t.collection('accounts').doc('b').update({ balance: _.inc(1) })
    await db.collection('accounts').doc('b').update({ balance: _.inc(5) })
    expect(await codeOf(t.commit())).toBe('DATABASE_TRANSACTION_CONFLICT')
    expect([bal('a'), bal('b')]).toEqual([100, 5])
  })

  test('runTransaction retries on conflict and then succeeds', async () => {
    let attempts = 0
    const result = await db.runTransaction(async (t: any) => {
      attempts++
      const a = (await t.collection('accounts').doc('a').get()).data
      if (attempts === 1) await db.collection('accounts').doc('a').update({ balance: _.inc(1) }) // someone else writes
      await t.collection('accounts').doc('a').update({ balance: a.balance - 10 })
      await t.collection('accounts').doc('b').update({ balance: _.inc(10) })
      return a.balance
    })
    expect(attempts).toBe(2)
    expect(result).toBe(101)
    expect([bal('a'), bal('b')]).toEqual([91, 10])
  })

  test('where() inside a transaction is refused with INVALID_PARAM', async () => {
    const t = await db.startTransaction()
    expect(await codeOf(t.collection('accounts').where({ balance: _.gt(0) }).get())).toBe('INVALID_PARAM')
    await t.rollback()
  })

  test('an insert in a transaction colliding with a committed _id is a duplicate', async () => {
    const t = await db.startTransaction()
    expect(await codeOf(t.collection('accounts').add({ _id: 'a', balance: 1 }))).toBe('DATABASE_DUPLICATE_WRITE')
    await t.rollback()
    expect(bal('a')).toBe(100)
  })

  test('a transaction not committed in time is aborted', async () => {
    const quick = await startEmulator({ collections, transactionTimeoutMs: 200 })
    try {
      const qdb = quick.db
      await qdb.collection('accounts').add({ _id: 'x', balance: 1 })
      const t = await qdb.startTransaction()
      await t.collection('accounts').doc('x').update({ balance: 2 })
      await new Promise((r) => setTimeout(r, 400))
      expect(await codeOf(t.commit())).toBe('DATABASE_TRANSACTION_FAIL')
      expect(quick.emu.db.get('accounts', 'x').balance).toBe(1)
      expect(quick.emu.stats().openTransactions).toBe(0)
    } finally {
      await quick.close()
    }
  })
})

describe('functions', () => {
  test('callFunction goes through invokeFunction with the data and returns its result', async () => {
    const res = await s.app.callFunction({ name: 'echo', data: { x: 1, s: '中' } })
    expect(res.result).toEqual({ name: 'echo', got: { x: 1, s: '中' } })
  })

  test('a throwing function is FUNCTIONS_EXECUTE_FAIL', async () => {
    expect(await codeOf(s.app.callFunction({ name: 'boom', data: {} }))).toBe('FUNCTIONS_EXECUTE_FAIL')
  })
})

describe('storage', () => {
  test('uploadFile, getTempFileURL and fetch the bytes, downloadFile, deleteFile', async () => {
    const bytes = Buffer.from('你好, storage ' + 'x'.repeat(1000))
    const up = await s.app.uploadFile({ cloudPath: 'dir/报告 1.txt', fileContent: bytes })
    expect(up.fileID).toMatch(/^cloud:\/\/local-env\./)
    expect(s.emu.storage.get(up.fileID)).toEqual(bytes)

    const urls = await s.app.getTempFileURL({ fileList: [up.fileID, 'cloud://local-env.local-env-local/missing.png'] })
    expect(urls.fileList[0].code).toBe('SUCCESS')
    expect(urls.fileList[1].code).toBe('STORAGE_FILE_NONEXIST')
    const res = await fetch(encodeURI(urls.fileList[0].tempFileURL))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes)

    const dl = await s.app.downloadFile({ fileID: up.fileID })
    expect(dl.fileContent).toEqual(bytes)

    const del = await s.app.deleteFile({ fileList: [up.fileID] })
    expect(del.fileList).toEqual([{ fileID: up.fileID, code: 'SUCCESS' }])
    expect(s.emu.storage.get(up.fileID)).toBeNull()
    expect((await fetch(encodeURI(urls.fileList[0].tempFileURL))).status).toBe(404)
    const again = await s.app.deleteFile({ fileList: [up.fileID] })
    expect(again.fileList[0].code).toBe('STORAGE_FILE_NONEXIST')
  })

  test('images are served with their content type; storage.put works in-process', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
    const fileID = s.emu.storage.put('img/a.png', png)
    const urls = await s.app.getTempFileURL({ fileList: [fileID] })
    const res = await fetch(urls.fileList[0].tempFileURL)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png)
  })
})

describe('WeChat open API (callWxOpenApi)', () => {
  const send = (requestData: object) => s.app.callWxOpenApi({ apiName: 'subscribeMessage.send', requestData })

  test('subscribeMessage.send within the field limits is ok and recorded', async () => {
    const request = {
      touser: 'oUser1',
      template_id: 'TPL_ACTIVITY',
      page: 'pages/activity/index?id=1',
      data: { thing1: { value: '社区义诊活动明天上午九点开始' }, phrase2: { value: '已报名' }, name3: { value: '张三' }, time4: { value: '2026-11-24 09:00' } },
    }
    const res = await send(request)
    expect(res.result).toMatchObject({ errcode: 0, errmsg: 'ok' })
    const calls = s.emu.openapi.calls({ apiName: 'subscribeMessage.send' })
    expect(calls[calls.length - 1]).toMatchObject({ apiName: 'subscribeMessage.send', request, response: { errcode: 0 } })
    expect(calls[calls.length - 1].at).toBe(clock)
  })

  test('subscribeMessage.send past a field limit is errcode 47003', async () => {
    const base = { touser: 'oUser1', template_id: 'TPL' }
    expect((await send({ ...base, data: { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } } })).result.errcode).toBe(47003)
    expect((await send({ ...base, data: { phrase2: { value: '已经报名了' } } })).result.errcode).toBe(0)
    expect((await send({ ...base, data: { phrase2: { value: '已经报名了的' } } })).result.errcode).toBe(47003)
    expect((await send({ ...base, data: { name3: { value: '一二三四五六七八九十' } } })).result.errcode).toBe(0)
    expect((await send({ ...base, data: { name3: { value: '一二三四五六七八九十一' } } })).result.errcode).toBe(47003)
    expect((await send({ ...base, data: {} })).result.errcode).toBe(47003)
    expect((await send({ template_id: 'TPL', data: { thing1: { value: 'x' } } })).result.errcode).toBe(40003)
    expect((await send({ touser: 'o', data: { thing1: { value: 'x' } } })).result.errcode).toBe(40037)
  })

  test('security.msgSecCheck v2: pass, review, risky', async () => {
    const check = async (content: string) =>
      (await s.app.callWxOpenApi({ apiName: 'security.msgSecCheck', requestData: { content, version: 2, scene: 2, openid: 'oUser1' } })).result
    const pass = await check('楼道灯坏了，麻烦来修一下')
    expect(pass).toMatchObject({ errcode: 0, errmsg: 'ok', result: { suggest: 'pass', label: 100 } })
    const reviewWord = Object.keys(MSG_SEC_REVIEW_WORDS)[0]
    expect((await check(`有事${reviewWord}联系`)).result.suggest).toBe('review')
    const riskyWord = Object.keys(MSG_SEC_RISKY_WORDS)[0]
    const risky = await check(`这里有${riskyWord}`)
    expect(risky.result).toEqual({ suggest: 'risky', label: MSG_SEC_RISKY_WORDS[riskyWord] })
    expect(risky.detail.some((d: any) => d.keyword === riskyWord)).toBe(true)
    const tooLong = await check('长'.repeat(2501))
    expect(tooLong.errcode).not.toBe(0)
    expect(s.emu.openapi.calls({ apiName: 'security.msgSecCheck' }).length).toBeGreaterThanOrEqual(4)
  })

  test('a custom checker replaces the keyword list', async () => {
    s.emu.openapi.setChecker(({ content }) => (content.includes('坏') ? { suggest: 'review', label: 21000 } : undefined))
    try {
      const res = await s.app.callWxOpenApi({ apiName: 'security.msgSecCheck', requestData: { content: '坏人', version: 2, scene: 1, openid: 'o' } })
      expect(res.result.result).toEqual({ suggest: 'review', label: 21000 })
    } finally {
      s.emu.openapi.setChecker(undefined)
    }
  })
})
