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
import { createGateway, failure, isGatewayPath, rawFailure, rawPathOf, send } from './gateway'
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
  /** Start not ready (npm start, while it writes the demo data); `setReady(true)` opens /dev/users. */
  ready?: boolean
  /** Host names besides localhost, 127.0.0.1 and [::1] that /admin, /api and /dev answer to (e.g. a LAN name). */
  allowedHosts?: string[]
}

export interface LocalCloud {
  url: string
  port: number
  emulator: Emulator
  runtime: Runtime
  secret: string
  setReady(ready: boolean): void
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
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname)
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad path')
    return
  }
  // Inside the folder means under "<folder>/": a bare prefix would let /site-old/... past /site.
  let file = path.resolve(dir, '.' + pathname)
  if (file !== dir && !file.startsWith(dir + path.sep)) {
    res.writeHead(403).end()
    return
  }
  if (pathname.includes('\0') || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, 'index.html')
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

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

/**
 * The local endpoints are for this machine's own pages and processes: a page on another site must not
 * drive them through the browser (DNS rebinding, cross-site form posts). So: a Host naming this server,
 * no foreign Origin, and JSON bodies (a cross-site form cannot send application/json without a
 * preflight, which we never grant). The SDK sends Host 127.0.0.1:<port> and application/json.
 */
function refusal(req: http.IncomingMessage, hosts: Set<string>, rawPath: string): { status: number; reason: 'CROSS_SITE_REFUSED' | 'CONTENT_TYPE_NOT_JSON' } | null {
  const host = String(req.headers.host ?? '').toLowerCase()
  if (!hosts.has(host)) return { status: 403, reason: 'CROSS_SITE_REFUSED' }
  const origin = req.headers.origin
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) return { status: 403, reason: 'CROSS_SITE_REFUSED' }
  if (req.headers['sec-fetch-site'] === 'cross-site') return { status: 403, reason: 'CROSS_SITE_REFUSED' }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  if (hasBody && rawPath !== '/api/_upload' && !JSON_TYPE.test(String(req.headers['content-type'] ?? ''))) {
    return { status: 415, reason: 'CONTENT_TYPE_NOT_JSON' }
  }
  return null
}

function normalisedPath(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://local').pathname
  } catch {
    return ''
  }
}

function hostsFor(port: number, listenHost: string, extra: string[] = []): Set<string> {
  const names = ['localhost', '127.0.0.1', '[::1]', ...extra.map((h) => h.toLowerCase())]
  if (!['0.0.0.0', '::', ''].includes(listenHost)) names.push(listenHost.includes(':') ? `[${listenHost}]` : listenHost)
  const out = new Set<string>()
  for (const n of names) {
    out.add(`${n}:${port}`)
    if (port === 80) out.add(n)
  }
  return out
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

  let hosts = new Set<string>()
  let ready = opts.ready ?? true
  // A 64 KB query string is a request to answer (with the envelope), not a header overflow.
  const server = http.createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    void (async () => {
      const rawPath = rawPathOf(req.url)
      try {
        // Routed on the raw path: /api/%2e%2e/admin is the gateway's (an envelope), never the emulator's.
        const gatewayPath = isGatewayPath(rawPath)
        if (gatewayPath || rawPath === '/admin') {
          const refused = refusal(req, hosts, rawPath)
          if (refused) return send(res, refused.status, failure(refused.reason))
        }
        if (gatewayPath) {
          if (gateway && (await gateway(req, res, rawPath))) return
          return send(res, 503, failure('SERVICE_BUSY'))
        }
        if (rawPath === '/admin' || (rawPath.startsWith('/__cos/') && normalisedPath(req.url).startsWith('/__cos/'))) {
          if (await emulator.handle(req, res)) return
        }
        if (staticDir && (req.method === 'GET' || req.method === 'HEAD')) return serveStatic(staticDir, req, res)
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found')
      } catch (err) {
        console.error('[localcloud]', err)
        if (!res.headersSent) send(res, 500, failure('INTERNAL_ERROR'))
        else res.end()
      }
    })()
  })
  // What the HTTP parser refuses (headers too large, malformed request lines, timeouts) is answered
  // with the envelope too, not Node's empty 400/431.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const busy = (socket as unknown as { _httpMessage?: { headersSent?: boolean } })._httpMessage
    if (err.code === 'ECONNRESET' || !socket.writable || busy?.headersSent) {
      socket.destroy()
      return
    }
    const [status, reason] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? ([431, 'HEADERS_TOO_LARGE'] as const)
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? ([408, 'SERVICE_BUSY'] as const)
          : ([400, 'REQUEST_MALFORMED'] as const)
    socket.end(rawFailure(status, reason))
  })
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 8080, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  hosts = hostsFor(port, host, opts.allowedHosts ?? (process.env.LOCALCLOUD_HOSTS ?? '').split(',').filter(Boolean))

  runtime = createRuntime({ adminUrl: `${url}/admin`, envId: opts.envId, from: opts.functions, timeoutMs: opts.timeoutMs })
  gateway = createGateway({
    runtime,
    secret,
    setFaults: (f) => emulator.setFaults(f as Parameters<Emulator['setFaults']>[0]),
    ready: () => ready,
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
    setReady(r) {
      ready = r
    },
    async close() {
      timers?.stop()
      // A mediaCheckAsync push under way runs a function against this server: it ends first.
      await emulator.quiesce()
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
