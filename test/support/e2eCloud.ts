// The real stack for the browser tests: the local cloud (emulator, function gateway, h5 build) on a
// free port with a fresh data folder, and the demo people and places of the dev login.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from '../../localcloud/runtime'
import { seedDemo, seedMembers } from '../../localcloud/seed'
import { startLocalCloud, type LocalCloud } from '../../localcloud/server'
import { loginAs, openPhone, type Phone } from './browser'

export const H5_DIST = path.join(ROOT, 'miniprogram', 'dist', 'h5')

export interface E2eCloud {
  cloud: LocalCloud
  close(): Promise<void>
}

export async function startE2eCloud(): Promise<E2eCloud> {
  if (!fs.existsSync(path.join(H5_DIST, 'index.html'))) throw new Error('miniprogram/dist/h5 is missing: run `npm run build:h5` first')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-e2e-data-'))
  // An absolute folder: the static server compares resolved paths.
  const cloud = await startLocalCloud({ port: 0, dataDir, staticDir: H5_DIST, timeoutMs: 30_000 })
  seedDemo(cloud.emulator)
  // Members and volunteers report and are approved through the calls, as in npm start.
  await seedMembers(cloud)
  return {
    cloud,
    async close() {
      await cloud.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface E2eWorld {
  /** The stack, started in beforeAll. */
  readonly env: E2eCloud
  /** Every phone opened by phoneOf, closed in afterAll (and checked for page errors by the tests). */
  readonly phones: Phone[]
  /** A new phone, logged in as the demo identity. */
  readonly phoneOf: (openid: string) => Promise<Phone>
}

/** For a test file: starts the stack in beforeAll, closes its phones and the stack in afterAll. */
export function e2eWorld(): E2eWorld {
  let env: E2eCloud | undefined
  const phones: Phone[] = []
  beforeAll(async () => {
    env = await startE2eCloud()
  })
  afterAll(async () => {
    for (const p of phones) await p.close()
    await env?.close()
  })
  const started = (): E2eCloud => {
    if (!env) throw new Error('the e2e stack is not started (e2eWorld registers it in beforeAll)')
    return env
  }
  return {
    get env() {
      return started()
    },
    phones,
    async phoneOf(openid: string) {
      const p = await openPhone(started().cloud.url)
      phones.push(p)
      await loginAs(p.page, openid)
      return p
    },
  }
}
