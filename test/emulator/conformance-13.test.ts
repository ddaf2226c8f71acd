// Where the local cloud used to differ from CloudBase (issue 13): commits that hold any sequence of
// operations, write conflicts at the write, snapshot reads, ended transactions, update counts,
// $elemMatch, aggregation date and string operators, field names and ObjectIds, db.serverDate() in a
// transaction. Every call goes through the real @cloudbase/node-sdk over HTTP; every write is checked by
// reading the stored document back.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { rawCall, startEmulator, type StartedEmulator } from '../support/emulator'

const collections = {
  collections: {
    accounts: {},
    logs: {},
    things: {},
    lists: {},
    dates: {},
  },
}

let dataDir: string
let s: StartedEmulator
let db: StartedEmulator['db']
let _: any

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-13-'))
  s = await startEmulator({ collections, dataDir })
  db = s.db
  _ = db.command
})
afterAll(async () => {
  await s.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function errorOf(p: Promise<unknown>): Promise<{ code?: string; message?: string } | undefined> {
  try {
    await p
    return undefined
  } catch (err) {
    return err as { code?: string; message?: string }
  }
}
const codeOf = async (p: Promise<unknown>) => (await errorOf(p))?.code

const bal = (id: string) => s.emu.db.get('accounts', id)?.balance

beforeEach(async () => {
  await db.collection('accounts').where({ _id: _.exists(true) }).remove()
  await db.collection('accounts').add([
    { _id: 'a', balance: 100 },
    { _id: 'b', balance: 0 },
  ])
})

describe('a commit holds any sequence of operations, all or nothing', () => {
  test('adding a document and removing it in the same transaction commits the other writes, in memory and on disk', async () => {
    const t = await db.startTransaction()
    await t.collection('accounts').doc('a').update({ balance: _.inc(-10) })
    await t.collection('logs').add({ _id: 'tmp', note: 'scratch' })
    await t.collection('logs').doc('tmp').update({ note: 'changed' })
    expect((await t.collection('logs').doc('tmp').get()).data).toEqual({ _id: 'tmp', note: 'changed' })
    expect((await t.collection('logs').doc('tmp').remove()).deleted).toBe(1)
    expect((await t.collection('logs').doc('tmp').get()).data).toBeNull()
    await t.collection('logs').add({ _id: 'kept', note: 'transfer' })
    await t.collection('accounts').doc('b').update({ balance: _.inc(10) })
    await t.commit()
    expect([bal('a'), bal('b')]).toEqual([90, 10])
    expect(s.emu.db.get('logs', 'tmp')).toBeNull()
    expect(s.emu.db.get('logs', 'kept')).toEqual({ _id: 'kept', note: 'transfer' })

    // The journal holds the same: a restart on the data folder finds the commit whole.
    await s.close()
    s = await startEmulator({ collections, dataDir })
    db = s.db
    _ = db.command
    expect([bal('a'), bal('b')]).toEqual([90, 10])
    expect(s.emu.db.get('logs', 'tmp')).toBeNull()
    expect(s.emu.db.get('logs', 'kept')).toEqual({ _id: 'kept', note: 'transfer' })
  })

  test('removing a committed document and adding it again in one transaction replaces it', async () => {
    const t = await db.startTransaction()
    await t.collection('accounts').doc('b').remove()
    await t.collection('accounts').add({ _id: 'b', balance: 7, reopened: true })
    await t.commit()
    expect(s.emu.db.get('accounts', 'b')).toEqual({ _id: 'b', balance: 7, reopened: true })
  })
})

describe('write conflicts are detected at the write', () => {
  test('of two open transactions writing one document, the second writer is refused at its write', async () => {
    const t1 = await db.startTransaction()
    const t2 = await db.startTransaction()
    await t1.collection('accounts').doc('a').update({ balance: _.inc(-10) })
    expect(await codeOf(t2.collection('accounts').doc('a').update({ balance: _.inc(-50) }))).toBe('DATABASE_TRANSACTION_CONFLICT')
    await t1.commit()
    expect(bal('a')).toBe(90)
  })

  test('two transactions adding the same _id: the second add conflicts', async () => {
    const t1 = await db.startTransaction()
    const t2 = await db.startTransaction()
    await t1.collection('logs').add({ _id: 'same', by: 't1' })
    expect(await codeOf(t2.collection('logs').add({ _id: 'same', by: 't2' }))).toBe('DATABASE_TRANSACTION_CONFLICT')
    await t1.commit()
    expect(s.emu.db.get('logs', 'same')).toEqual({ _id: 'same', by: 't1' })
  })

  test('a write to a document committed by another transaction after this one began conflicts at the write', async () => {
    const t1 = await db.startTransaction()
    const t2 = await db.startTransaction()
    await t1.collection('accounts').doc('b').set({ balance: 5 })
    await t1.commit()
    expect(await codeOf(t2.collection('accounts').doc('b').remove())).toBe('DATABASE_TRANSACTION_CONFLICT')
    expect(bal('b')).toBe(5)
  })
})

describe('snapshot reads', () => {
  test('a transaction re-reading a document changed by a plain write gets its snapshot, and may commit other writes', async () => {
    const t = await db.startTransaction()
    expect((await t.collection('accounts').doc('a').get()).data).toEqual({ _id: 'a', balance: 100 })
    await db.collection('accounts').doc('a').update({ balance: 150 })
    expect((await t.collection('accounts').doc('a').get()).data).toEqual({ _id: 'a', balance: 100 })
    await t.collection('accounts').doc('b').update({ balance: _.inc(1) })
    await t.commit()
    expect([bal('a'), bal('b')]).toEqual([150, 1])
  })

  test('a document first read after a plain write changed, removed or created it is read as of the start', async () => {
    const t = await db.startTransaction()
    await db.collection('accounts').doc('a').update({ balance: 1 })
    await db.collection('accounts').doc('b').remove()
    await db.collection('accounts').add({ _id: 'c', balance: 3 })
    expect((await t.collection('accounts').doc('a').get()).data).toEqual({ _id: 'a', balance: 100 })
    expect((await t.collection('accounts').doc('b').get()).data).toEqual({ _id: 'b', balance: 0 })
    expect((await t.collection('accounts').doc('c').get()).data).toBeNull()
    await t.rollback()
  })

  test('it fails only if it then writes that document', async () => {
    const t = await db.startTransaction()
    await t.collection('accounts').doc('a').get()
    await db.collection('accounts').doc('a').update({ balance: _.inc(5) })
    expect((await t.collection('accounts').doc('a').get()).data).toEqual({ _id: 'a', balance: 100 })
    expect(await codeOf(t.collection('accounts').doc('a').update({ balance: _.inc(-10) }))).toBe('DATABASE_TRANSACTION_CONFLICT')
    expect(bal('a')).toBe(105)
  })
})

describe('versions kept for snapshots', () => {
  test('older versions are kept only while an open transaction could read them', async () => {
    expect(s.emu.stats().versionsKept).toBe(0)
    const t1 = await db.startTransaction()
    await db.collection('accounts').doc('a').update({ balance: 1 })
    await db.collection('accounts').doc('b').update({ balance: 2 })
    const t2 = await db.startTransaction()
    await db.collection('accounts').doc('a').update({ balance: 3 })
    expect(s.emu.stats().versionsKept).toBe(3)
    await t1.rollback()
    // Only what t2 can still see is kept: a as it was when t2 began.
    expect(s.emu.stats().versionsKept).toBe(1)
    expect((await t2.collection('accounts').doc('a').get()).data).toEqual({ _id: 'a', balance: 1 })
    expect((await t2.collection('accounts').doc('b').get()).data).toEqual({ _id: 'b', balance: 2 })
    await t2.rollback()
    expect(s.emu.stats().versionsKept).toBe(0)
  })
})

describe('a transaction that ended', () => {
  test('writing through a committed transaction: the transaction does not exist', async () => {
    const t = await db.startTransaction()
    await t.collection('accounts').doc('a').update({ balance: 1 })
    await t.commit()
    const err = await errorOf(t.collection('accounts').doc('b').update({ balance: 2 }))
    expect(err?.code).toBe('DATABASE_TRANSACTION_FAIL')
    expect(err?.message).toMatch(/does not exist/)
    expect(bal('b')).toBe(0)
  })

  test('writing through a rolled-back transaction: the transaction does not exist', async () => {
    const t = await db.startTransaction()
    await t.rollback()
    const err = await errorOf(t.collection('logs').add({ _id: 'late' }))
    expect(err?.code).toBe('DATABASE_TRANSACTION_FAIL')
    expect(err?.message).toMatch(/does not exist/)
    expect(s.emu.db.get('logs', 'late')).toBeNull()
  })
})

describe('queries inside a transaction (project code must not rely on them)', () => {
  test('where().get() and a where().updateAndReturn() selecting more than _id are refused and write nothing', async () => {
    const t = await db.startTransaction()
    expect(await codeOf(t.collection('accounts').where({ balance: _.gte(0) }).get())).toBe('INVALID_PARAM')
    expect(await codeOf((t.collection('accounts').where({ _id: 'a', balance: 100 }) as any).updateAndReturn({ balance: 2 }))).toBe('INVALID_PARAM')
    await t.commit()
    expect([bal('a'), bal('b')]).toEqual([100, 0])
  })

  test('where().update() and where().remove() on a transaction’s collection are not in the transaction at all: the SDK sends them without its id', async () => {
    const t = await db.startTransaction()
    expect((await t.collection('accounts').where({ _id: 'a' }).update({ balance: 1 })).updated).toBe(1)
    expect((await t.collection('accounts').where({ _id: 'b' }).remove()).deleted).toBe(1)
    await t.rollback()
    // Applied at once and kept after the rollback.
    expect(bal('a')).toBe(1)
    expect(s.emu.db.get('accounts', 'b')).toBeNull()
  })
})

describe('update counts: a matched document counts as updated', () => {
  test('doc().set() with the same content answers updated 1', async () => {
    expect((await db.collection('accounts').doc('a').set({ balance: 100 })).updated).toBe(1)
    expect(s.emu.db.get('accounts', 'a')).toEqual({ _id: 'a', balance: 100 })
  })

  test('doc().update(), where().update() and updateAndReturn() with unchanged values answer the matched count', async () => {
    expect((await db.collection('accounts').doc('a').update({ balance: 100 })).updated).toBe(1)
    expect((await db.collection('accounts').where({ balance: _.gte(0) }).update({ balance: _.max(0) })).updated).toBe(2)
    const r: any = await (db.collection('accounts').where({ _id: 'b' }) as any).updateAndReturn({ balance: 0 })
    expect(r.updated).toBe(1)
    expect(r.doc).toEqual({ _id: 'b', balance: 0 })
    expect([bal('a'), bal('b')]).toEqual([100, 0])
  })

  test('inside a transaction too', async () => {
    const t = await db.startTransaction()
    expect((await t.collection('accounts').doc('a').update({ balance: 100 })).updated).toBe(1)
    expect((await t.collection('accounts').doc('b').set({ balance: 0 })).updated).toBe(1)
    await t.commit()
  })
})

describe('query operators', () => {
  beforeAll(async () => {
    await db.collection('lists').add([
      { _id: 'nums', vals: [1, 2, 3] },
      { _id: 'strs', vals: ['x', 'y'] },
      { _id: 'withValue', vals: [{ value: 1 }, { value: 5 }] },
      { _id: 'withoutValue', vals: [{ other: 1 }] },
      { _id: 'mixed', vals: [7, { value: 2 }] },
    ])
  })
  const ids = async (q: any) => ((await q.get()).data as any[]).map((d) => d._id).sort()

  test('_.elemMatch({...}) matches only sub-documents, never arrays of plain numbers or strings', async () => {
    expect(await ids(db.collection('lists').where({ vals: _.elemMatch({ value: _.exists(false) }) }))).toEqual(['withoutValue'])
    expect(await ids(db.collection('lists').where({ vals: _.elemMatch({ value: _.exists(true) }) }))).toEqual(['mixed', 'withValue'])
    expect(await ids(db.collection('lists').where({ vals: _.elemMatch({ value: _.gt(3) }) }))).toEqual(['withValue'])
  })
})

describe('aggregation operators', () => {
  beforeAll(async () => {
    await db.collection('dates').add([
      { _id: 'd1', at: new Date('2019-05-14T10:00:00Z'), s: 'cafétéria' },
      { _id: 'd2', at: new Date('2019-01-05T10:00:00Z'), s: 'x中文abc' },
      { _id: 'd3', at: new Date('2023-01-01T00:00:00Z'), s: 'abc' },
      { _id: 'd4', at: new Date('2019-12-31T23:00:00Z'), s: '' },
    ])
  })

  test('$week: weeks begin on Sunday, days before the first Sunday are week 0', async () => {
    const $ = db.command.aggregate
    const res = await db.collection('dates').aggregate().sort({ _id: 1 }).project({ w: $.week('$at') }).end()
    expect(res.data).toEqual([
      { _id: 'd1', w: 19 },
      { _id: 'd2', w: 0 },
      { _id: 'd3', w: 1 },
      { _id: 'd4', w: 52 },
    ])
  })

  test('$indexOfCP counts code points; $substrBytes with length -1 runs to the end', async () => {
    const $ = db.command.aggregate
    const res = await db
      .collection('dates')
      .aggregate()
      .sort({ _id: 1 })
      .project({ i: $.indexOfCP(['$s', 'é']), j: $.indexOfCP(['$s', 'a', 1]), rest: $.substrBytes(['$s', 1, -1]) })
      .end()
    expect(res.data).toEqual([
      { _id: 'd1', i: 3, j: 1, rest: 'afétéria' },
      { _id: 'd2', i: -1, j: 3, rest: '中文abc' },
      { _id: 'd3', i: -1, j: -1, rest: 'bc' },
      { _id: 'd4', i: -1, j: -1, rest: '' },
    ])
    // '中' is three bytes: from byte 4 to the end is everything after it.
    const tail = await db.collection('dates').aggregate().match({ _id: 'd2' }).project({ _id: 0, t: $.substrBytes(['$s', 4, -1]) }).end()
    expect(tail.data).toEqual([{ t: '文abc' }])
  })
})

describe('field names and ObjectIds', () => {
  test('a field name containing "." is stored and read back', async () => {
    await db.collection('things').add({ _id: 'dotted', 'a.b': 1, plain: 2 })
    expect(s.emu.db.get('things', 'dotted')).toEqual({ _id: 'dotted', 'a.b': 1, plain: 2 })
    expect((await db.collection('things').doc('dotted').get()).data).toEqual([{ _id: 'dotted', 'a.b': 1, plain: 2 }])
  })

  test('an ObjectId _id is accepted and answered as its hex string', async () => {
    const hex = '5f1a2b3c4d5e6f7a8b9c0d1e'
    const res = await db.collection('things').add({ _id: db.ObjectId({ id: hex }), n: 1 })
    expect(res.id).toBe(hex)
    expect((await db.collection('things').doc(hex).get()).data).toEqual([{ _id: hex, n: 1 }])
  })

  test('an ObjectId field comes back as its hex string', async () => {
    const hex = '65a1b2c3d4e5f60718293a4b'
    await db.collection('things').add({ _id: 'ref', owner: db.ObjectId({ id: hex }) })
    expect((await db.collection('things').doc('ref').get()).data).toEqual([{ _id: 'ref', owner: hex }])
    expect((await db.collection('things').where({ owner: db.ObjectId({ id: hex }) }).get()).data.map((d: any) => d._id)).toEqual(['ref'])
  })

  test('a $-prefixed field name is DATABASE_REQUEST_FAILED', async () => {
    expect(await codeOf(db.collection('things').add({ _id: 'dollar', $bad: 1 }))).toBe('DATABASE_REQUEST_FAILED')
    const raw = await rawCall(s.adminUrl, { action: 'database.insertDocument', collectionName: 'things', data: ['{"_id":"d2","x":{"$bad":1}}'] })
    expect(raw.code).toBe('DATABASE_REQUEST_FAILED')
    expect(s.emu.db.get('things', 'dollar')).toBeNull()
    expect(s.emu.db.get('things', 'd2')).toBeNull()
  })
})

describe('db.serverDate() in a transaction', () => {
  test('a transactional add holding db.serverDate() is refused and leaves nothing', async () => {
    const t = await db.startTransaction()
    expect(await codeOf(t.collection('logs').add({ _id: 'stamped', at: db.serverDate() }))).toBeDefined()
    await t.collection('logs').add({ _id: 'unstamped', at: new Date(0) })
    await t.commit()
    expect(s.emu.db.get('logs', 'stamped')).toBeNull()
    expect(s.emu.db.get('logs', 'unstamped')).toEqual({ _id: 'unstamped', at: new Date(0) })
  })
})
