// A fresh emulator on its own port with a fresh data folder, driven by the real @cloudbase/node-sdk.
// Each app is bound to its emulator through `serviceUrl`; TCB_CONTEXT_CNFG is set as well (the way
// the local runtime points unmodified functions at the emulator), to the most recently started one.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import tcb from '@cloudbase/node-sdk'
import { createEmulator, type Emulator, type EmulatorOptions } from '../../localcloud/emulator'

export type StartOptions = Partial<Omit<EmulatorOptions, 'publicUrl'>> & {
  /** Reuse a data folder (to test restarts); it is then not deleted on close. */
  keepDataDir?: boolean
}

export interface StartedEmulator {
  url: string
  port: number
  adminUrl: string
  app: ReturnType<typeof tcb.init>
  db: ReturnType<ReturnType<typeof tcb.init>['database']>
  emu: Emulator
  dataDir: string
  /** A new SDK app bound to this emulator (e.g. after setting other process env). */
  newApp(): ReturnType<typeof tcb.init>
  close(): Promise<void>
}

export function pointSdkEnv(adminUrl: string): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: adminUrl })
  process.env.TENCENTCLOUD_SECRETID = 'dummy-secret-id'
  process.env.TENCENTCLOUD_SECRETKEY = 'dummy-secret-key'
  process.env.TENCENTCLOUD = 'true'
  process.env.SILENCE = 'true' // no slow-request warnings from the SDK
}

export function sdkApp(adminUrl: string, envId = 'local-env'): ReturnType<typeof tcb.init> {
  pointSdkEnv(adminUrl)
  return tcb.init({ env: envId, serviceUrl: adminUrl, timeout: 60_000 })
}

export async function startEmulator(opts: StartOptions = {}): Promise<StartedEmulator> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'emu-test-'))
  const keep = opts.keepDataDir ?? !!opts.dataDir
  let base = ''
  const emu = await createEmulator({ ...opts, dataDir, publicUrl: () => base })
  const server = http.createServer((req, res) => {
    emu.handle(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(404).end('not found')
      },
      (err) => {
        console.error(err)
        if (!res.headersSent) res.writeHead(500).end()
      },
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`
  const adminUrl = `${base}/admin`
  const envId = opts.envId ?? 'local-env'
  const app = sdkApp(adminUrl, envId)
  return {
    url: base,
    port,
    adminUrl,
    app,
    db: app.database(),
    emu,
    dataDir,
    newApp: () => sdkApp(adminUrl, envId),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await emu.close()
      if (!keep) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Posts one raw wire request (for what the SDK itself never sends, e.g. limit > 1000). */
export async function rawCall(adminUrl: string, body: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${adminUrl}?env=local-env&seqId=raw`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return res.json()
}
