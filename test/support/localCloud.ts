// The integration harness (style.md): a fresh local cloud per test file, real handlers, the real SDK
// over HTTP, an injected clock, and builders for the people and places a test needs.
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setNow } from '../../cloudfunctions/common/clock'
import { PRIVACY_VERSION } from '../../shared/members/model'
import type { Grant, Role } from '../../shared/roles'
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../localcloud/server'

// Hundreds of racing calls share the SDK's keep-alive sockets here, where the cloud would spread them
// over instances; each waiting request adds a listener to a socket.
EventEmitter.defaultMaxListeners = 500
// The SDK arms a 3 s "slow request" warning per database call and does not disarm it when the request
// fails (a lost reply in the fault tests), which keeps jest waiting and logs after the tests end.
process.env.SILENCE = 'true'

export const T0 = Date.parse('2026-11-23T09:00:00+08:00')

export interface TestUser {
  openid: string
  call<T = any>(fn: string, action: string, payload?: unknown): Promise<Envelope<T>>
}
type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; reason: string; message: string; fields?: Record<string, string> } }

export interface UserSpec {
  id?: string
  name?: string
  community?: string
  grid?: string
  building?: string
  room?: string
  phone?: string
  roles?: Role[]
  unit?: string
  department?: string
  street?: string
  skills?: string[]
  /** Whether they agreed to the privacy notice already (default yes: a person who has used the app). */
  consent?: boolean
}

let counter = 0

export interface TestCloud {
  cloud: LocalCloud
  url: string
  clock: { now(): number; advance(ms: number): void; set(t: number): void }
  as(user: { openid: string } | string): TestUser
  user(spec?: UserSpec): Promise<TestUser>
  find<T = any>(collection: string, id: string): T | null
  findAll<T = any>(collection: string, query?: object): T[]
  close(): Promise<void>
}

/**
 * The standard small world: street s1 with communities c1 and c2, street s2 with c3; two grids each,
 * two buildings per grid.
 */
function seedWorld(cloud: LocalCloud, at: Date) {
  const db = cloud.emulator.db
  db.insert('streets', [
    { _id: 's1', name: '连心街道', createdAt: at },
    { _id: 's2', name: '和谐街道', createdAt: at },
  ])
  const communities = [
    { _id: 'c1', name: '和平社区', streetId: 's1' },
    { _id: 'c2', name: '幸福社区', streetId: 's1' },
    { _id: 'c3', name: '友谊社区', streetId: 's2' },
  ]
  db.insert('communities', communities.map((c) => ({ ...c, createdAt: at })))
  for (const c of communities) {
    for (const g of [1, 2]) {
      const gridId = `${c._id}-g${g}`
      db.insert('grids', [{ _id: gridId, name: `第${g}网格`, communityId: c._id, streetId: c.streetId, createdAt: at }])
      db.insert(
        'buildings',
        [1, 2].map((b) => ({ _id: `${gridId}-b${b}`, name: `${(g - 1) * 2 + b}号楼`, gridId, communityId: c._id, createdAt: at })),
      )
    }
  }
  db.insert('units', [{ _id: 'u1', name: '区税务局机关党支部', streetId: 's1', createdAt: at }])
  db.insert('departments', [{ _id: 'd1', name: '区城市管理局', streetId: 's1', createdAt: at }])
}

export async function startTestCloud(opts: Partial<LocalCloudOptions> & { world?: boolean } = {}): Promise<TestCloud> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-test-'))
  let t = T0
  const now = () => t
  setNow(now)
  // Calls race in one process here, where the cloud would give each its own instance: allow more time.
  const cloud = await startLocalCloud({ port: 0, dataDir, now, timeoutMs: 60_000, ...opts })
  if (opts.world !== false) seedWorld(cloud, new Date(T0))

  const as = (u: { openid: string } | string): TestUser => {
    const openid = typeof u === 'string' ? u : u.openid
    return {
      openid,
      call: (fn, action, payload) => cloud.runtime.invoke(fn, { action, payload }, { openid }) as Promise<any>,
    }
  }

  return {
    cloud,
    url: cloud.url,
    clock: {
      now,
      advance: (ms) => {
        t += ms
      },
      set: (v) => {
        t = v
      },
    },
    as,
    async user(spec = {}) {
      const id = spec.id ?? `u${++counter}-${Math.random().toString(36).slice(2, 8)}`
      const community = spec.community
      const street = spec.street ?? (community ? (community === 'c3' ? 's2' : 's1') : undefined)
      const grid = spec.grid ?? (community ? `${community}-g1` : undefined)
      const grants: Grant[] = (spec.roles ?? [])
        .filter((r) => r !== 'resident')
        .map((role) => ({
          role,
          streetId: street,
          ...(role === 'streetAdmin' ? {} : community ? { communityId: community } : {}),
          ...(role === 'gridWorker' ? { gridId: grid } : {}),
          ...(role === 'unitAdmin' || spec.unit ? { unitId: spec.unit ?? 'u1' } : {}),
          ...(role === 'department' ? { departmentId: spec.department ?? 'd1' } : {}),
        }))
      const at = new Date(t)
      cloud.emulator.db.insert('users', [
        {
          _id: id,
          nickname: spec.name ?? `测试${id.slice(0, 4)}`,
          realName: spec.name ?? '张三丰',
          phone: spec.phone ?? '13812345678',
          ...(community ? { communityId: community, streetId: street, gridId: grid, buildingId: spec.building ?? `${grid}-b1`, room: spec.room ?? '1单元101' } : street ? { streetId: street } : {}),
          grants,
          skills: spec.skills ?? [],
          ...(spec.consent === false ? {} : { consent: { version: PRIVACY_VERSION, at } }),
          largeText: false,
          createdAt: at,
          updatedAt: at,
        },
      ])
      return as(id)
    },
    find: (collection, id) => cloud.emulator.db.get(collection, id),
    findAll: (collection, query = {}) => cloud.emulator.db.find(collection, query, { limit: 100000 }),
    async close() {
      await cloud.close()
      setNow(undefined)
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
