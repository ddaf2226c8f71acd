// Runs the cloud functions the way CloudBase does: one exported main(event, context) per function, the
// caller's identity passed per invocation in context.environment (never in the event), the SDK pointed
// at the local emulator through TCB_CONTEXT_CNFG, and the function's timeout enforced.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { LOCAL_TEMPLATE_ID, SUBSCRIBE_KEYS, SUBSCRIBE_TEMPLATE_ENV } from '../shared/notify/subscribe'

export type Main = (event: unknown, context: Record<string, unknown>) => Promise<unknown>

export interface Identity {
  openid?: string
  appid?: string
  unionid?: string
}

export interface RuntimeOptions {
  /** The emulator's wire endpoint, e.g. http://127.0.0.1:8080/admin */
  adminUrl: string
  envId?: string
  /** 'source' loads cloudfunctions/<name>/index.ts (tsx or jest transform it); 'bundle' loads dist/cloudfunctions/<name>/index.js. */
  from?: 'source' | 'bundle'
  root?: string
  /** Per-call limit in ms (CloudBase's default is 3 s; cloudbaserc.json may raise it per function). */
  timeoutMs?: number | ((fn: string) => number)
}

export interface Runtime {
  names(): string[]
  invoke(fn: string, event: unknown, identity?: Identity): Promise<unknown>
}

export class FunctionTimeout extends Error {
  constructor(readonly fn: string, readonly ms: number) {
    super(`function ${fn} timed out after ${ms} ms`)
  }
}

export const ROOT = path.resolve(__dirname, '..')

/** Points every SDK instance created after this at the emulator (platform.md: TCB_CONTEXT_CNFG). */
export function pointSdkAt(adminUrl: string, envId = 'local-env'): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: adminUrl })
  process.env.TCB_ENV = envId
  process.env.SCF_NAMESPACE = envId
  // With no credentials the SDK crashes Node 20 on an unhandled rejection; requests are signed locally
  // and the emulator ignores the signature.
  process.env.TENCENTCLOUD_SECRETID ||= 'local-secret-id'
  process.env.TENCENTCLOUD_SECRETKEY ||= 'local-secret-key'
  // Otherwise every call first asks a cloud metadata host, which offline costs seconds.
  process.env.TENCENTCLOUD = 'true'
  // Functions run in SCF in the cloud, and so here: the SDK then sends through Node's global agent
  // instead of its own keep-alive agent, which keeps at most 10 idle sockets. Under 50 concurrent
  // callers that agent closed and reopened sockets all the time, and a busy Node server accepts new
  // connections about one per event-loop turn, so each reopened socket waited hundreds of ms for its
  // accept: the gateway's p99 was 4-5× its p50 (bench/tail.ts). SCF mode wants a region (it logs an
  // error on every call without one); the URL still comes from TCB_CONTEXT_CNFG.
  process.env.TENCENTCLOUD_RUNENV = 'SCF'
  process.env.TENCENTCLOUD_REGION ||= 'ap-shanghai'
  // What the console's function environment holds in the cloud: subscribe-message template ids.
  for (const key of SUBSCRIBE_KEYS) process.env[SUBSCRIBE_TEMPLATE_ENV[key]] ||= LOCAL_TEMPLATE_ID[key]
  keepSocketsOpen()
}

let tunedAgent: http.Agent | undefined

/**
 * The global agent the SDK uses in SCF mode: keep-alive, never closing an idle socket because too many
 * are idle (the pool stays as large as the busiest moment needed), idle sockets closed after 30 s, well
 * before the local server's 65 s keep-alive timeout so that the server never closes one being reused.
 */
function keepSocketsOpen(): void {
  if (tunedAgent && http.globalAgent === tunedAgent) return
  tunedAgent = new http.Agent({ keepAlive: true, maxFreeSockets: 4096, timeout: 30_000, scheduling: 'fifo' })
  http.globalAgent = tunedAgent
}

export function functionTimeouts(root = ROOT): Record<string, number> {
  try {
    const rc = JSON.parse(fs.readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8'))
    return Object.fromEntries((rc.functions ?? []).map((f: { name: string; timeout?: number }) => [f.name, (f.timeout ?? 3) * 1000]))
  } catch {
    return {}
  }
}

export function createRuntime(opts: RuntimeOptions): Runtime {
  const root = opts.root ?? ROOT
  const from = opts.from ?? 'source'
  const envId = opts.envId ?? 'local-env'
  pointSdkAt(opts.adminUrl, envId)
  const dir = from === 'source' ? path.join(root, 'cloudfunctions') : path.join(root, 'dist', 'cloudfunctions')
  const entry = from === 'source' ? 'index.ts' : 'index.js'
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, entry)))
    .map((d) => d.name)
    .sort()
  const loaded = new Map<string, Main>()
  const timeouts = functionTimeouts(root)
  const timeoutOf = (fn: string) =>
    typeof opts.timeoutMs === 'function' ? opts.timeoutMs(fn) : (opts.timeoutMs ?? timeouts[fn] ?? 3000)

  function load(fn: string): Main {
    let main = loaded.get(fn)
    if (!main) {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      main = require(path.join(dir, fn, entry)).main as Main
      if (typeof main !== 'function') throw new Error(`cloud function ${fn} exports no main`)
      loaded.set(fn, main)
    }
    return main
  }

  const isTimer = (e: unknown) => !!e && typeof e === 'object' && (e as { Type?: unknown }).Type === 'Timer'
  return {
    names: () => [...names],
    async invoke(fn, event, identity = {}) {
      if (!names.includes(fn)) throw new UnknownFunction(fn)
      const main = load(fn)
      const requestId = randomUUID()
      const context = {
        request_id: requestId,
        function_name: fn,
        namespace: envId,
        memory_limit_in_mb: 256,
        time_limit_in_ms: timeoutOf(fn),
        environment: JSON.stringify({
          WX_OPENID: identity.openid ?? '',
          WX_APPID: identity.appid ?? (identity.openid ? 'wxlocalappid' : ''),
          WX_UNIONID: identity.unionid ?? '',
          WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID',
          TCB_ENV: envId,
          SCF_NAMESPACE: envId,
          TCB_CONTEXT_CNFG: process.env.TCB_CONTEXT_CNFG,
          // What the platform says of a timer invocation (no caller identity, and the source).
          ...(isTimer(event) && !identity.openid ? { TRIGGER_SRC: 'timer' } : {}),
        }),
      }
      const ms = timeoutOf(fn)
      let timer: NodeJS.Timeout | undefined
      try {
        // Events cross a JSON boundary in the cloud: copy so a function never shares objects with its caller.
        const copy = JSON.parse(JSON.stringify(event ?? {}))
        return await Promise.race([
          main(copy, context),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new FunctionTimeout(fn, ms)), ms)
          }),
        ])
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

export class UnknownFunction extends Error {
  constructor(readonly fn: string) {
    super(`no cloud function named ${fn}`)
  }
}
