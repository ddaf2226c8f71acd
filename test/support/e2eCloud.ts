// The real stack for the browser tests: the local cloud (emulator, function gateway, h5 build) on a
// free port with a fresh data folder, and the demo people and places of the dev login.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from '../../localcloud/runtime'
import { seedDemo } from '../../localcloud/seed'
import { startLocalCloud, type LocalCloud } from '../../localcloud/server'

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
  return {
    cloud,
    async close() {
      await cloud.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
