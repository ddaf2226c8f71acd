// Durability: the emulator runs as a child process (localcloud/emulator/main.ts), takes writes from
// the real SDK, and is killed with SIGKILL in the middle of them. After a restart on the same data
// folder every acknowledged write is there, and every committed transaction is there whole.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sdkApp, startEmulator } from '../support/emulator'

jest.setTimeout(60_000)

const MAIN = path.join(__dirname, '../../localcloud/emulator/main.ts')
const COLLECTIONS = {
  collections: {
    items: { indexes: [{ name: 'n', keys: [['n', 1]] }] },
    counters: {},
    accounts: {},
    logs: {},
    tags: { indexes: [{ name: 'k', keys: [['k', 1]], unique: true }] },
  },
}

interface Child {
  child: ChildProcess
  port: number
  db: any
  exited: Promise<number | null>
}

let root: string
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-crash-'))
  fs.writeFileSync(path.join(root, 'collections.json'), JSON.stringify(COLLECTIONS))
})
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true })
})

async function startChild(dataDir: string, extra: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--data', dataDir, '--collections', path.join(root, 'collections.json'), ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOCALCLOUD_FAULTS: '' },
  })
  let stderr = ''
  child.stderr!.on('data', (c) => (stderr += c))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c) => {
      out += c
      const m = /listening (\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    void exited.then((code) => reject(new Error(`emulator exited (${code}) before listening: ${stderr}`)))
  })
  const db = sdkApp(`http://127.0.0.1:${port}/admin`).database()
  return { child, port, db, exited }
}

async function kill9(c: Child): Promise<void> {
  c.child.kill('SIGKILL')
  await c.exited
}

async function stopClean(c: Child): Promise<void> {
  c.child.kill('SIGTERM')
  expect(await c.exited).toBe(0)
}

async function allItems(db: any): Promise<Map<string, any>> {
  const out = new Map<string, any>()
  for (let skip = 0; ; skip += 1000) {
    const page = (await db.collection('items').orderBy('_id', 'asc').skip(skip).limit(1000).get()).data
    for (const d of page) out.set(d._id, d)
    if (page.length < 1000) return out
  }
}

test('every acknowledged write survives kill -9, and committed transactions are whole', async () => {
  const dataDir = path.join(root, 'load')
  let c = await startChild(dataDir)
  const _ = c.db.command
  await c.db.collection('counters').add({ _id: 'c', v: 0 })
  await c.db.collection('accounts').add([
    { _id: 'a', balance: 1000 },
    { _id: 'b', balance: 0 },
  ])

  const ackedInserts = new Map<string, number>()
  const attemptedInserts = new Set<string>()
  let sentIncs = 0
  let ackedIncs = 0
  let attemptedCommits = 0
  let ackedCommits = 0
  let acks = 0
  let killed = false
  let unexpected: unknown
  let killing: Promise<void> | undefined

  const worker = async (w: number) => {
    for (let k = 0; !killed; k++) {
      try {
        const kind = (w + k) % 3
        if (kind === 0) {
          const id = `i-${w}-${k}`
          attemptedInserts.add(id)
          await c.db.collection('items').add({ _id: id, n: k, w, payload: 'x'.repeat(50) })
          ackedInserts.set(id, k)
        } else if (kind === 1) {
          sentIncs++
          await c.db.collection('counters').doc('c').update({ v: _.inc(1) })
          ackedIncs++
        } else {
          const t = await c.db.startTransaction()
          const a = (await t.collection('accounts').doc('a').get()).data
          await t.collection('accounts').doc('a').update({ balance: a.balance - 1 })
          await t.collection('accounts').doc('b').update({ balance: _.inc(1) })
          attemptedCommits++
          await t.commit()
          ackedCommits++
        }
        if (++acks === 400) killing = kill9(c).then(() => void (killed = true))
      } catch (err) {
        if ((err as { code?: string }).code === 'DATABASE_TRANSACTION_CONFLICT') continue
        if (killed || killing) return
        unexpected = err
        return
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, (_x, w) => worker(w)))
  await killing
  expect(unexpected).toBeUndefined()
  expect(ackedInserts.size).toBeGreaterThan(50)
  expect(ackedCommits).toBeGreaterThan(0)

  c = await startChild(dataDir)
  try {
    const items = await allItems(c.db)
    for (const [id, n] of ackedInserts) expect(items.get(id)).toMatchObject({ _id: id, n })
    for (const id of items.keys()) expect(attemptedInserts.has(id)).toBe(true)

    const v = (await c.db.collection('counters').doc('c').get()).data[0].v
    expect(v).toBeGreaterThanOrEqual(ackedIncs)
    expect(v).toBeLessThanOrEqual(sentIncs)

    const a = (await c.db.collection('accounts').doc('a').get()).data[0].balance
    const b = (await c.db.collection('accounts').doc('b').get()).data[0].balance
    expect(a + b).toBe(1000) // no transaction is half there
    expect(b).toBeGreaterThanOrEqual(ackedCommits)
    expect(b).toBeLessThanOrEqual(attemptedCommits)

    // The restarted emulator takes writes as before, indexes included.
    await c.db.collection('items').add({ _id: 'after', n: -1 })
    expect((await c.db.collection('items').where({ n: -1 }).get()).data).toEqual([{ _id: 'after', n: -1 }])
  } finally {
    await stopClean(c)
  }
})

test('transactions that add and remove a document survive kill -9 whole; a refused commit leaves nothing', async () => {
  const dataDir = path.join(root, 'addremove')
  let c = await startChild(dataDir)
  const _ = c.db.command
  await c.db.collection('accounts').add([
    { _id: 'a', balance: 1000 },
    { _id: 'b', balance: 0 },
  ])
  await c.db.collection('tags').add({ _id: 'first', k: 'taken' })

  const acked = new Set<string>()
  const attempted = new Set<string>()
  const refused = new Set<string>()
  let acks = 0
  let killed = false
  let unexpected: unknown
  let killing: Promise<void> | undefined

  // Each commit moves one unit from a to b, adds a scratch document and removes it again, and adds one
  // item; every third one also adds a tag whose unique key is taken, so its commit is refused whole.
  const worker = async (w: number) => {
    for (let k = 0; !killed; k++) {
      const id = `t-${w}-${k}`
      const refuse = k % 3 === 2
      try {
        const t = await c.db.startTransaction()
        await t.collection('accounts').doc('a').update({ balance: _.inc(-1) })
        await t.collection('logs').add({ _id: `tmp-${id}`, scratch: true })
        await t.collection('accounts').doc('b').update({ balance: _.inc(1) })
        await t.collection('logs').doc(`tmp-${id}`).remove()
        await t.collection('items').add({ _id: id, n: k, w })
        if (refuse) await t.collection('tags').add({ _id: id, k: 'taken' })
        attempted.add(id)
        try {
          await t.commit()
        } catch (err) {
          if (!refuse || (err as { code?: string }).code !== 'DATABASE_DUPLICATE_WRITE') throw err
          refused.add(id)
          // Refused: nothing of it is visible, before any restart.
          expect((await c.db.collection('items').doc(id).get()).data).toEqual([])
          continue
        }
        if (refuse) throw new Error(`commit ${id} should have been refused`)
        acked.add(id)
        if (++acks === 60) killing = kill9(c).then(() => void (killed = true))
      } catch (err) {
        if ((err as { code?: string }).code === 'DATABASE_TRANSACTION_CONFLICT') continue
        if (killed || killing) return
        unexpected = err
        return
      }
    }
  }
  await Promise.all(Array.from({ length: 4 }, (_x, w) => worker(w)))
  await killing
  expect(unexpected).toBeUndefined()
  expect(acked.size).toBeGreaterThanOrEqual(60)
  expect(refused.size).toBeGreaterThan(0)

  c = await startChild(dataDir)
  try {
    const items = await allItems(c.db)
    for (const id of acked) expect(items.get(id)).toMatchObject({ _id: id })
    for (const id of refused) expect(items.has(id)).toBe(false)
    for (const id of items.keys()) expect(attempted.has(id) && !refused.has(id)).toBe(true)
    const a = (await c.db.collection('accounts').doc('a').get()).data[0].balance
    const b = (await c.db.collection('accounts').doc('b').get()).data[0].balance
    expect(a + b).toBe(1000)
    expect(b).toBe(items.size) // every commit that is there is there whole: its transfer and its item
    expect(b).toBeGreaterThanOrEqual(acked.size)
    expect((await c.db.collection('logs').count()).total).toBe(0)
    expect((await c.db.collection('tags').get()).data).toEqual([{ _id: 'first', k: 'taken' }])
  } finally {
    await stopClean(c)
  }
})

test('a torn record at the end of the journal is ignored and cut off', async () => {
  const dataDir = path.join(root, 'torn')
  let c = await startChild(dataDir)
  await c.db.collection('items').add(Array.from({ length: 20 }, (_x, i) => ({ _id: `t${i}`, n: i })))
  await c.db.collection('counters').add({ _id: 'c', v: 7 })
  await stopClean(c)

  const dbDir = path.join(dataDir, 'db')
  const journal = fs.readdirSync(dbDir).filter((f) => f.startsWith('journal-')).sort().pop()!
  // What a crash in the middle of a write leaves: a length prefix promising more than is there, then junk.
  const torn = Buffer.alloc(64)
  torn.writeUInt32LE(5000, 0)
  torn.writeUInt32LE(0xdeadbeef, 4)
  torn.fill(0x7b, 8)
  fs.appendFileSync(path.join(dbDir, journal), torn)

  c = await startChild(dataDir)
  expect((await c.db.collection('items').count()).total).toBe(20)
  expect((await c.db.collection('counters').doc('c').get()).data[0].v).toBe(7)
  await c.db.collection('items').add({ _id: 'later', n: 99 })
  await kill9(c)

  // The junk was truncated, so the record written after it is readable on the next start.
  c = await startChild(dataDir)
  try {
    expect((await c.db.collection('items').count()).total).toBe(21)
    expect((await c.db.collection('items').doc('later').get()).data).toEqual([{ _id: 'later', n: 99 }])
  } finally {
    await stopClean(c)
  }
})

test('a record with a bad checksum ends the journal', async () => {
  const dataDir = path.join(root, 'crc')
  let c = await startChild(dataDir)
  await c.db.collection('items').add({ _id: 'first', n: 1 })
  await c.db.collection('items').add({ _id: 'second', n: 2 })
  await stopClean(c)
  const dbDir = path.join(dataDir, 'db')
  const file = path.join(dbDir, fs.readdirSync(dbDir).filter((f) => f.startsWith('journal-')).sort().pop()!)
  const buf = fs.readFileSync(file)
  buf[buf.length - 3] ^= 0xff // flip bits inside the last record's payload
  fs.writeFileSync(file, buf)
  c = await startChild(dataDir)
  try {
    expect((await c.db.collection('items').doc('first').get()).data).toHaveLength(1)
    expect((await c.db.collection('items').doc('second').get()).data).toHaveLength(0)
  } finally {
    await stopClean(c)
  }
})

test('snapshots and journal compaction survive kill -9 too', async () => {
  const dataDir = path.join(root, 'compact')
  let c = await startChild(dataDir, ['--compact-bytes', '8192'])
  const acked = new Set<string>()
  let killed = false
  let killing: Promise<void> | undefined
  const worker = async (w: number) => {
    for (let k = 0; !killed; k++) {
      try {
        await c.db.collection('items').add({ _id: `c-${w}-${k}`, n: k, payload: 'y'.repeat(200) })
        acked.add(`c-${w}-${k}`)
        if (acked.size === 400) killing = kill9(c).then(() => void (killed = true))
      } catch {
        return
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, (_x, w) => worker(w)))
  await killing
  expect(fs.existsSync(path.join(dataDir, 'db', 'snapshot.db'))).toBe(true)

  c = await startChild(dataDir, ['--compact-bytes', '8192'])
  try {
    const items = await allItems(c.db)
    for (const id of acked) expect(items.has(id)).toBe(true)
    expect((await c.db.collection('items').where({ n: 3 }).count()).total).toBe([...items.values()].filter((d) => d.n === 3).length)
  } finally {
    await stopClean(c)
  }
})

test('a restart keeps created collections, file types, the open-API call log, and rebuilds indexes', async () => {
  const dataDir = path.join(root, 'inproc')
  const opts = { dataDir, collections: COLLECTIONS as any }
  let s = await startEmulator(opts)
  await s.db.createCollection('extra')
  await s.db.collection('extra').add({ _id: 'e1', v: 1 })
  const fileID = s.emu.storage.put('docs/readme', Buffer.from('hello'), 'text/markdown')
  await s.app.callWxOpenApi({ apiName: 'subscribeMessage.send', requestData: { touser: 'o1', template_id: 'T', data: { thing1: { value: '你好' } } } })
  s.emu.db.insert('items', [{ _id: 'i1', n: 5 }])
  expect(() => s.emu.db.insert('nowhere', [{ a: 1 }])).toThrow(/does not exist/)
  await s.close()

  s = await startEmulator(opts)
  try {
    expect(s.emu.db.collections()).toContain('extra')
    expect(s.emu.db.get('extra', 'e1')).toEqual({ _id: 'e1', v: 1 })
    const urls = await s.app.getTempFileURL({ fileList: [fileID] })
    const res = await fetch(urls.fileList[0].tempFileURL)
    expect(res.headers.get('content-type')).toBe('text/markdown')
    expect(await res.text()).toBe('hello')
    const calls = s.emu.openapi.calls()
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ apiName: 'subscribeMessage.send', request: { touser: 'o1' }, response: { errcode: 0 } })
    s.emu.resetStats()
    expect(s.emu.db.find('items', { n: 5 })).toEqual([{ _id: 'i1', n: 5 }])
    expect(s.emu.stats().indexUsed['items.n']).toBe(1)
  } finally {
    await s.close()
  }
})
