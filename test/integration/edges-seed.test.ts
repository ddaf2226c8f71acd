// npm start on a flaky cloud (LOCALCLOUD_FAULTS='{"errorRate":0.05}', the docs' own example) on a fresh
// data folder: the first start must end seeded (orders and 微心愿 alike), without duplicates, and /dev/users must not answer
// before it has. Runs the real server, the real functions and the real SDK, as localcloud/start.ts does.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ERROR_CODES } from '../../shared/errors'
import { ensureDemoData } from '../../localcloud/seed'
import { startLocalCloud, type LocalCloud } from '../../localcloud/server'

process.env.SILENCE = 'true'
jest.setTimeout(180_000)

const dirs: string[] = []
const clouds: LocalCloud[] = []
afterAll(async () => {
  for (const c of clouds) await c.close()
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

async function start(faults: Parameters<LocalCloud['emulator']['setFaults']>[0], dataDir?: string) {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-seed-'))
  if (!dataDir) dirs.push(dir)
  const cloud = await startLocalCloud({ port: 0, dataDir: dir, faults, ready: false, timeoutMs: 60_000 })
  clouds.push(cloud)
  return { cloud, dir }
}

const texts = (cloud: LocalCloud) => cloud.emulator.db.find('orders', {}, { limit: 1000 }).map((o: { text: string }) => o.text)
/** The demo wishes by title, with their state: four, each once, each where the seed leaves it. */
const wishStates = (cloud: LocalCloud) => cloud.emulator.db.find('wishes', {}, { limit: 1000 }).map((w: { title: string; status: string }) => `${w.title}:${w.status}`).sort()
const WISHES = ['想要一个护腰坐垫:pending_review', '想要几本课外读物:open', '想要一个电热水壶:claimed', '想要一个新书包:confirmed'].sort()

it('answers /dev/users with UNAVAILABLE until the demo data is all written, then lists it', async () => {
  const { cloud, dir } = await start({ errorRate: 0.05, seed: 7 })
  const early = await fetch(cloud.url + '/dev/users')
  expect(early.status).toBe(503)
  const body = await early.json()
  expect(body).toEqual({ ok: false, error: { code: 'UNAVAILABLE', reason: 'DEMO_DATA_PREPARING', message: '正在准备演示数据，请稍候' } })
  expect(ERROR_CODES).toContain(body.error.code)
  const login = await fetch(cloud.url + '/dev/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"openid":"demo-resident-1"}' })
  expect(login.status).toBe(503)

  const seeding = ensureDemoData(cloud, dir)
  // Still seeding: the people may already be there, but the list is not offered yet.
  expect((await fetch(cloud.url + '/dev/users')).status).toBe(503)
  expect(await seeding).toBe(true)

  expect(cloud.emulator.stats().faultsInjected.error).toBeGreaterThan(0) // the cloud really was flaky
  const users = (await (await fetch(cloud.url + '/dev/users')).json()).users
  expect(users.length).toBeGreaterThanOrEqual(60)
  expect(users.map((u: { openid: string }) => u.openid)).toContain('demo-resident-1')
  const all = texts(cloud)
  expect(all).toHaveLength(7)
  expect(new Set(all).size).toBe(7)
  expect(wishStates(cloud)).toEqual(WISHES)
})

it('ends seeded exactly once under errors, conflicts and lost replies, and a second start adds nothing', async () => {
  const { cloud, dir } = await start({ errorRate: 0.15, conflictRate: 0.1, dropReplyRate: 0.05, seed: 11 })
  expect(await ensureDemoData(cloud, dir)).toBe(true)
  const injected = cloud.emulator.stats().faultsInjected
  expect(injected.error + injected.dropReply).toBeGreaterThan(0)
  const first = texts(cloud).sort()
  expect(first).toHaveLength(7)
  expect(new Set(first).size).toBe(7)
  expect(wishStates(cloud)).toEqual(WISHES)
  // The unit's delivery was paid to nobody, and confirmed once.
  const done = cloud.emulator.db.find('wishes', { status: 'confirmed' }, { limit: 10 }) as Array<{ timeline: Array<{ action: string }> }>
  expect(done[0].timeline.filter((t) => t.action === 'confirm')).toHaveLength(1)
  const users = cloud.emulator.db.count('users')
  await cloud.close()
  clouds.splice(clouds.indexOf(cloud), 1)

  const again = await start(undefined, dir)
  expect(await ensureDemoData(again.cloud, dir)).toBe(false)
  expect((await fetch(again.cloud.url + '/dev/users')).status).toBe(200)
  expect(texts(again.cloud).sort()).toEqual(first)
  expect(wishStates(again.cloud)).toEqual(WISHES)
  expect(again.cloud.emulator.db.count('users')).toBe(users)
})

it('finishes a seeding a previous start began, its calls already made, without duplicates', async () => {
  const { cloud, dir } = await start({ errorRate: 0.05, seed: 3 })
  // A start that died after making every call but before writing its marker.
  fs.writeFileSync(path.join(dir, 'demo-seeding'), 'earlier')
  const { seedDemo, seedMembers } = await import('../../localcloud/seed')
  seedDemo(cloud.emulator)
  cloud.emulator.setFaults(undefined)
  await seedMembers(cloud, { attempts: 1 })
  const partial = await import('../../localcloud/seed-orders')
  await expect(partial.seedOrders(cloud.runtime, Date.now(), { attempts: 1 })).resolves.toBe(7)
  expect(await ensureDemoData(cloud, dir)).toBe(true)
  expect(texts(cloud)).toHaveLength(7)
  expect(wishStates(cloud)).toEqual(WISHES)
  expect(fs.existsSync(path.join(dir, 'demo-seeding'))).toBe(false)
  expect((await fetch(cloud.url + '/dev/users')).status).toBe(200)
})
