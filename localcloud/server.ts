// The local cloud on one address: the emulator's wire endpoint (/admin, /__cos), the function gateway
// (/api, /dev), the h5 build (/), and the timer triggers of cloudbaserc.json on their schedule.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { createEmulator, type Emulator } from './emulator'
import type { CollectionsConfig } from './emulator/config'
import { parseCron } from './cron'
import { createGateway } from './gateway'
import { createRuntime, ROOT, type Runtime } from './runtime'

export interface LocalCloudOptions {
  port?: number
  host?: string
  dataDir: string
  /** Folder of the h5 build to serve at /; omitted → no static files. */
  staticDir?: string
  now?: () => number
  faults?: Parameters<Emulator['setFaults']>[0]
  functions?: 'source' | 'bundle'
  /** Run cloudbaserc.json's timer triggers on their schedule (off in tests, which call them directly). */
  timers?: boolean
  timeoutMs?: number
  envId?: string
}

export interface LocalCloud {
  url: string
  port: number
  emulator: Emulator
  runtime: Runtime
  secret: string
  close(): Promise<void>
}

export function loadCollections(root = ROOT): CollectionsConfig {
  return JSON.parse(fs.readFileSync(path.join(root, 'cloudfunctions', 'collections.json'), 'utf8'))
}

function readSecret(dataDir: string): string {
  const file = path.join(dataDir, 'gateway-secret')
  fs.mkdirSync(dataDir, { recursive: true })
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 })
  return fs.readFileSync(file, 'utf8').trim()
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

function serveStatic(dir: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://local')
  let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)))
  if (!file.startsWith(path.resolve(dir))) {
    res.writeHead(403).end()
    return
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, 'index.html')
  if (!fs.existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('h5 未构建：请先运行 npm run build:h5')
    return
  }
  const ext = path.extname(file)
  res.writeHead(200, {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': ext === '.html' ? 'no-cache' : 'public, max-age=3600',
  })
  fs.createReadStream(file).pipe(res)
}

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const host = opts.host ?? '127.0.0.1'
  const staticDir = opts.staticDir ? path.resolve(opts.staticDir) : undefined
  let url = ''
  let runtime: Runtime | undefined
  const emulator = await createEmulator({
    dataDir: opts.dataDir,
    envId: opts.envId ?? 'local-env',
    collections: loadCollections(),
    publicUrl: () => url,
    now: opts.now,
    faults: opts.faults,
    invokeFunction: (name, data) => runtime!.invoke(name, data, {}),
  })
  const secret = readSecret(opts.dataDir)
  let gateway: ReturnType<typeof createGateway> | undefined

  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        if (await emulator.handle(req, res)) return
        if (gateway && (await gateway(req, res))) return
        if (staticDir && (req.method === 'GET' || req.method === 'HEAD')) return serveStatic(staticDir, req, res)
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found')
      } catch (err) {
        console.error('[localcloud]', err)
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ ok: false, error: { code: 'INTERNAL', reason: 'INTERNAL_ERROR', message: '系统开小差了，请稍后再试' } }))
      }
    })()
  })
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 8080, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  url = `http://${host}:${port}`

  runtime = createRuntime({ adminUrl: `${url}/admin`, envId: opts.envId, from: opts.functions, timeoutMs: opts.timeoutMs })
  gateway = createGateway({
    runtime,
    secret,
    setFaults: (f) => emulator.setFaults(f as Parameters<Emulator['setFaults']>[0]),
    store: {
      demoUsers: () => emulator.db.find('users', { demo: true }, { limit: 1000 }),
      communityName: (id) => emulator.db.get('communities', id)?.name,
      putFile: (p, bytes, type) => {
        const fileID = emulator.storage.put(p, bytes, type)
        return { fileID, url: `${url}/__cos/${p.split('/').map(encodeURIComponent).join('/')}` }
      },
      openapiCalls: () => emulator.openapi.calls(),
    },
  })

  const timers = opts.timers ? startTimers(runtime, opts.now) : undefined
  return {
    url,
    port,
    emulator,
    runtime,
    secret,
    async close() {
      timers?.stop()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await emulator.close()
    },
  }
}

interface TriggerSpec {
  fn: string
  name: string
  matches: (d: Date) => boolean
}

export function timerTriggers(root = ROOT): TriggerSpec[] {
  const rc = JSON.parse(fs.readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8'))
  const out: TriggerSpec[] = []
  for (const f of rc.functions ?? []) {
    for (const t of f.triggers ?? []) {
      if (t.type === 'timer') out.push({ fn: f.name, name: t.name, matches: parseCron(t.config) })
    }
  }
  return out
}

/** Fires each timer trigger when its cron matches, at most once per second, never overlapping itself. */
function startTimers(runtime: Runtime, now: (() => number) | undefined) {
  const triggers = timerTriggers()
  const running = new Set<string>()
  let last = -1
  const tick = setInterval(() => {
    const at = new Date(now ? now() : Date.now())
    const second = Math.floor(at.getTime() / 1000)
    if (second === last) return
    last = second
    for (const t of triggers) {
      const key = `${t.fn}/${t.name}`
      if (!t.matches(at) || running.has(key)) continue
      running.add(key)
      runtime
        .invoke(t.fn, { Type: 'Timer', TriggerName: t.name, Time: at.toISOString() }, {})
        .then((out) => {
          const env = out as { ok?: boolean; error?: unknown }
          if (env && env.ok === false) console.error(`[timer ${key}]`, env.error)
        })
        .catch((err) => console.error(`[timer ${key}]`, err))
        .finally(() => running.delete(key))
    }
  }, 250)
  return { stop: () => clearInterval(tick) }
}
