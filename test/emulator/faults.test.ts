// Injected faults, as the SDK sees them: errors that wrote nothing, replies lost after the write
// happened, transaction conflicts, slow replies; each repeatable from its seed.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sdkApp, startEmulator, type StartedEmulator } from '../support/emulator'

let s: StartedEmulator
beforeAll(async () => {
  s = await startEmulator({ collections: { collections: { things: {}, accounts: {} } }, invokeFunction: async () => ({ ok: true }) })
})
afterAll(async () => {
  await s.close()
})
afterEach(() => s.emu.setFaults(undefined))

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (err) {
    const e = err as { code?: unknown; message?: string }
    if (typeof e.code === 'string' && !/^E[A-Z]+$/.test(e.code)) return e.code
    return `network:${String(e.code ?? e.message)}`
  }
}

test('errorRate: the request is answered with SYS_ERR and nothing is written', async () => {
  s.emu.setFaults({ errorRate: 1 })
  expect(await outcome(s.db.collection('things').add({ _id: 'e1', v: 1 }))).toBe('SYS_ERR')
  expect(await outcome(s.db.collection('things').get())).toBe('SYS_ERR')
  s.emu.setFaults(undefined)
  expect(s.emu.db.get('things', 'e1')).toBeNull()
  expect(await outcome(s.db.collection('things').add({ _id: 'e1', v: 1 }))).toBe('ok')
})

test('dropReplyRate: the write is applied but the caller gets a network error', async () => {
  s.emu.setFaults({ dropReplyRate: 1, actions: ['database.insertDocument', 'database.modifyDocument'] })
  const res = await outcome(s.db.collection('things').add({ _id: 'd1', v: 1 }))
  expect(res).toMatch(/^network:/)
  expect(s.emu.db.get('things', 'd1')).toEqual({ _id: 'd1', v: 1 })
  // Retrying the same insert now meets the write that did happen: why handlers need idempotency keys.
  s.emu.setFaults(undefined)
  expect(await outcome(s.db.collection('things').add({ _id: 'd1', v: 1 }))).toBe('DATABASE_DUPLICATE_WRITE')
  expect(s.emu.stats().faultsInjected.dropReply).toBe(0) // counters restart with each setFaults
})

test('conflictRate: transactional operations conflict, runTransaction gives up, nothing is written', async () => {
  await s.db.collection('accounts').add({ _id: 'a', balance: 10 })
  s.emu.setFaults({ conflictRate: 1 })
  let attempts = 0
  const res = await outcome(
    s.db.runTransaction(async (t: any) => {
      attempts++
      await t.collection('accounts').doc('a').update({ balance: 0 })
    }),
  )
  expect(res).toBe('DATABASE_TRANSACTION_CONFLICT')
  expect(attempts).toBe(4) // the SDK's runTransaction: the first try and 3 retries
  expect(s.emu.db.get('accounts', 'a').balance).toBe(10)
  // Plain writes are not transactional and go through.
  expect(await outcome(s.db.collection('accounts').doc('a').update({ balance: 11 }))).toBe('ok')
  expect(s.emu.db.get('accounts', 'a').balance).toBe(11)
  expect(s.emu.stats().faultsInjected.conflict).toBe(4)
  expect(s.emu.stats().openTransactions).toBe(0)
})

test('delayMs: replies are slowed down', async () => {
  s.emu.setFaults({ delayMs: 150 })
  const t0 = Date.now()
  await s.db.collection('things').get()
  expect(Date.now() - t0).toBeGreaterThanOrEqual(140)
})

test('faults apply to database actions by default, or to the listed action prefixes', async () => {
  s.emu.setFaults({ errorRate: 1 })
  expect(await outcome(s.app.callFunction({ name: 'f', data: {} }))).toBe('ok')
  expect(await outcome(s.db.collection('things').doc('e1').get())).toBe('SYS_ERR')
  s.emu.setFaults({ errorRate: 1, actions: ['functions.'] })
  expect(await outcome(s.app.callFunction({ name: 'f', data: {} }))).toBe('SYS_ERR')
  expect(await outcome(s.db.collection('things').doc('e1').get())).toBe('ok')
})

test('the same seed gives the same faults; another seed other ones', async () => {
  const run = async (prefix: string, seed: number) => {
    s.emu.setFaults({ errorRate: 0.5, seed, actions: ['database.insertDocument'] })
    const pattern: boolean[] = []
    for (let i = 0; i < 24; i++) pattern.push((await outcome(s.db.collection('things').add({ _id: `${prefix}${i}` }))) === 'ok')
    s.emu.setFaults(undefined)
    // Each failed insert wrote nothing; each acknowledged one is there.
    pattern.forEach((ok, i) => expect(s.emu.db.get('things', `${prefix}${i}`) !== null).toBe(ok))
    return pattern
  }
  const a = await run('sa', 42)
  const b = await run('sb', 42)
  const c = await run('sc', 7)
  expect(b).toEqual(a)
  expect(c).not.toEqual(a)
  expect(a.filter(Boolean).length).toBeGreaterThan(3)
  expect(a.filter((x) => !x).length).toBeGreaterThan(3)
})

test('main.ts reads LOCALCLOUD_FAULTS', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-faults-'))
  const cfg = path.join(dir, 'collections.json')
  fs.writeFileSync(cfg, JSON.stringify({ collections: { things: {} } }))
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../localcloud/emulator/main.ts'), '--port', '0', '--data', path.join(dir, 'data'), '--collections', cfg], {
    env: { ...process.env, LOCALCLOUD_FAULTS: JSON.stringify({ errorRate: 1, actions: ['database.insertDocument'] }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (c) => {
        out += c
        const m = /listening (\d+)/.exec(out)
        if (m) resolve(Number(m[1]))
      })
      child.once('exit', (code) => reject(new Error(`main.ts exited with ${code}`)))
    })
    const db = sdkApp(`http://127.0.0.1:${port}/admin`).database()
    expect(await outcome(db.collection('things').add({ v: 1 }))).toBe('SYS_ERR')
    expect((await db.collection('things').count()).total).toBe(0)
  } finally {
    child.kill('SIGKILL')
    fs.rmSync(dir, { recursive: true, force: true })
  }
}, 30_000)
