// The local stand-in for wx.cloud.callFunction: POST /api/<function> with { action, payload } and a
// bearer token runs that function's main with the token's identity in the context, exactly as the cloud
// passes OPENID. Also the dev login (local mode only) and the h5 upload endpoint.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import { contracts } from '../shared/contracts'
import { codeOf, type Envelope, type Reason } from '../shared/errors'
import { messageFor } from '../shared/messages'
import { imageKindOf, UPLOAD_MAX_BYTES } from '../shared/uploads'
import { ROLE_LABELS, type Grant, type Role } from '../shared/roles'
import { FunctionTimeout, UnknownFunction, type Runtime } from './runtime'

export interface GatewayStore {
  /** Users flagged as demo identities, for the dev login list. */
  demoUsers(): Array<{ _id: string; nickname: string; realName?: string; grants?: Grant[]; communityId?: string }>
  communityName(id: string): string | undefined
  putFile(path: string, bytes: Buffer, contentType: string): { fileID: string; url: string }
  openapiCalls(): unknown[]
}

export interface GatewayOptions {
  runtime: Runtime
  secret: string
  store: GatewayStore
  /** Largest request body accepted (uploads included). */
  maxBodyBytes?: number
  setFaults?: (f: unknown) => void
  /** False while the demo data is still being written: /dev/users, /dev/login and /api answer UNAVAILABLE. */
  ready?: () => boolean
  /** Function calls run at once from the gateway; more wait in order (default 16). */
  maxConcurrentCalls?: number
}

const ROLE_ORDER: Role[] = ['resident', 'member', 'volunteer', 'storeVerifier', 'gridWorker', 'communityAdmin', 'streetAdmin', 'unitAdmin', 'department']

export function signToken(secret: string, openid: string): string {
  const body = Buffer.from(openid, 'utf8').toString('base64url')
  const mac = createHmac('sha256', secret).update(body).digest('base64url')
  return `${body}.${mac}`
}

export function verifyToken(secret: string, token: string): string | null {
  const [body, mac] = token.split('.')
  if (!body || !mac) return null
  const want = createHmac('sha256', secret).update(body).digest()
  const got = Buffer.from(mac, 'base64url')
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null
  const openid = Buffer.from(body, 'base64url').toString('utf8')
  return openid || null
}

export function failure(reason: Reason): Envelope<never> {
  return { ok: false, error: { code: codeOf(reason), reason, message: messageFor(reason) } }
}

export function send(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}

/** The envelope as raw HTTP on a socket the HTTP parser gave up on (clientError). */
export function rawFailure(status: number, reason: Reason): string {
  const text = JSON.stringify(failure(reason))
  return (
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n` +
    `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
    `cache-control: no-store\r\nconnection: close\r\n\r\n${text}`
  )
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly reason: Reason,
  ) {
    super(reason)
  }
}

/** Past this much the client is cut off instead of drained (a 413 is still answered below it). */
const DRAIN_LIMIT = 256 * 1024 * 1024

/**
 * Reads the whole body. Over `max`, the rest is read and dropped before answering: closing a socket
 * with unread bytes resets the connection, and the client would never see the 413.
 */
function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase()
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = Number(req.headers['content-length'] ?? 0) > max
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) tooLarge = true
      if (size > DRAIN_LIMIT) {
        reject(new BodyError(413, 'BODY_TOO_LARGE'))
        req.destroy()
        return
      }
      if (!tooLarge) chunks.push(c)
    })
    req.on('end', () => {
      if (tooLarge) return reject(new BodyError(413, 'BODY_TOO_LARGE'))
      // Compressed bodies are not accepted (the h5 app never sends them); garbage would be INTERNAL.
      if (encoding !== 'identity' && encoding !== '') return reject(new BodyError(415, 'BODY_ENCODING_UNSUPPORTED'))
      resolve(Buffer.concat(chunks))
    })
    req.on('error', reject)
    req.on('close', () => {
      if (!req.complete) reject(new BodyError(400, 'REQUEST_MALFORMED'))
    })
  })
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
/** Deeper than this is refused: copying the event (JSON.stringify, structured clone) would overflow the stack. */
const MAX_DEPTH = 64

function depthOver(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length) {
    const [v, d] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (d > limit) return true
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1])
  }
  return false
}

/** A JSON object from a UTF-8 body (empty = {}), or the reason it is not one. */
export function parseJsonObject(bytes: Buffer, contentType: string): Record<string, unknown> | BodyError {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase()
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return new BodyError(415, 'BODY_ENCODING_UNSUPPORTED')
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return new BodyError(400, 'BODY_ENCODING_UNSUPPORTED')
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (!text.trim()) return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return new BodyError(400, 'BODY_NOT_JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return new BodyError(400, 'BODY_NOT_JSON')
  if (depthOver(value, MAX_DEPTH)) return new BodyError(400, 'BODY_TOO_DEEP')
  return value as Record<string, unknown>
}

/** At most `n` calls at once, the rest waiting in order of arrival. */
function limiter(n: number) {
  let running = 0
  const waiting: Array<() => void> = []
  return async function run<T>(f: () => Promise<T>): Promise<T> {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve))
    else running++
    try {
      return await f()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}

/**
 * A /dev answer: the envelope, with the fields also at the top level where the h5 login page
 * (miniprogram/src/api/dev.ts) reads them today.
 */
function devOk<T extends Record<string, unknown>>(data: T): { ok: true; data: T } & T {
  return { ...data, ok: true, data }
}

/**
 * Whether a call is answered without a login: only calls whose contract says `public: true` (e.g.
 * points.verifyRecord, the 记录核验 anyone may make). Everything else needs a valid token.
 */
export function isPublicCall(fn: string, action: unknown): boolean {
  const group = Object.prototype.hasOwnProperty.call(contracts, fn) ? (contracts as Record<string, Record<string, { public?: boolean }>>)[fn] : undefined
  return typeof action === 'string' && !!group && Object.prototype.hasOwnProperty.call(group, action) && group[action].public === true
}

/** An anonymous caller's body is read only this far: public calls are small, and nothing else is read for them. */
const ANONYMOUS_BODY_BYTES = 16 * 1024

const OPENID_RE = /^[A-Za-z0-9_-]{1,64}$/
const FN_RE = /^\/api\/([A-Za-z0-9_-]{1,64})\/?$/
const DEV_RE = /^\/dev\/([a-z]{1,32})\/?$/

export function createGateway(opts: GatewayOptions) {
  const max = opts.maxBodyBytes ?? 10 * 1024 * 1024
  // Function calls from the gateway run at most this many at once, the rest queued in order. Unbounded,
  // 50 concurrent callers fanned out into 150 concurrent SDK requests, the pool of sockets to /admin
  // kept growing, and each new socket waited for the busy server to accept it (one per event-loop
  // turn): p99 was 4-5× p50. Nested calls (functions.invokeFunction) and timers do not queue here.
  const slot = limiter(opts.maxConcurrentCalls ?? 16)
  const ready = opts.ready ?? (() => true)

  function identity(req: http.IncomingMessage): string | null {
    const auth = req.headers.authorization ?? ''
    const m = /^Bearer\s+(.+)$/i.exec(auth)
    return m ? verifyToken(opts.secret, m[1].trim()) : null
  }

  async function readJson(req: http.IncomingMessage, limit: number): Promise<Record<string, unknown> | BodyError> {
    let bytes: Buffer
    try {
      bytes = await readBody(req, limit)
    } catch (err) {
      if (err instanceof BodyError) return err
      throw err
    }
    return parseJsonObject(bytes, String(req.headers['content-type'] ?? ''))
  }

  async function upload(req: http.IncomingMessage, res: http.ServerResponse, openid: string): Promise<void> {
    let bytes: Buffer
    try {
      bytes = await readBody(req, Math.min(max, UPLOAD_MAX_BYTES))
    } catch (err) {
      // An upload over the limit says the limit (shared/uploads.ts), not that the body is too large.
      if (err instanceof BodyError) return send(res, err.status, failure(err.reason === 'BODY_TOO_LARGE' ? 'UPLOAD_TOO_LARGE' : err.reason))
      throw err
    }
    const type = String(req.headers['content-type'] ?? 'application/octet-stream')
    if (bytes.length === 0) return send(res, 400, failure('BAD_INPUT'))
    // Photos only, judged by the bytes: a renamed document is refused here as well as in the picker.
    if (!imageKindOf(bytes)) return send(res, 415, failure('UPLOAD_NOT_IMAGE'))
    // Uploads are owned: the path names the uploader from the token, never from the request
    // (uploads/<openid>/<yyyymm>/<random>[-<name>].<ext>, what cloudfunctions/common/files.ts accepts).
    // The client's name is kept only as ASCII (the local image check reads it), undecoded.
    const raw = String(req.headers['x-file-name'] ?? '')
    const ext = /\.([A-Za-z0-9]{1,5})$/.exec(raw)?.[1]?.toLowerCase() ?? ''
    const stem = raw.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/%[0-9A-Fa-f]{2}/g, '').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40)
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7).replace('-', '')
    const name = `${randomBytes(8).toString('hex')}${stem ? '-' + stem : ''}${ext ? '.' + ext : ''}`
    const stored = opts.store.putFile(`uploads/${openid}/${month}/${name}`, bytes, type)
    return send(res, 200, { ok: true, data: stored })
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, fn: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, failure('METHOD_NOT_ALLOWED'), { allow: 'POST' })
    if (!ready()) return send(res, 503, failure('DEMO_DATA_PREPARING'), { 'retry-after': '2' })
    const openid = req.headers.authorization ? identity(req) : null
    if (!openid) {
      // Without a valid identity only a public call gets through, and it runs with none (as a caller
      // with no OPENID). A token that no longer verifies is ignored for it: the 记录核验 page must work
      // for a visitor whose old login expired, without sending them to log in.
      const refusal = failure(req.headers.authorization ? 'TOKEN_INVALID' : 'NOT_LOGGED_IN')
      // Which call it is, is in the body: a small one is read (a large one is no public call).
      if (fn === '_upload' || Number(req.headers['content-length'] ?? 0) > ANONYMOUS_BODY_BYTES) return send(res, 401, refusal)
      const event = await readJson(req, ANONYMOUS_BODY_BYTES)
      if (event instanceof BodyError || !isPublicCall(fn, event.action)) return send(res, 401, refusal)
      return run(res, fn, event, {})
    }
    if (fn === '_upload') return upload(req, res, openid)

    const event = await readJson(req, max)
    if (event instanceof BodyError) return send(res, event.status, failure(event.reason))
    return run(res, fn, event, { openid })
  }

  async function run(res: http.ServerResponse, fn: string, event: Record<string, unknown>, who: { openid?: string }): Promise<void> {
    try {
      const out = await slot(() => opts.runtime.invoke(fn, { action: event.action, payload: event.payload }, who))
      send(res, 200, out)
    } catch (err) {
      if (err instanceof UnknownFunction) return send(res, 404, failure('UNKNOWN_FUNCTION'))
      if (err instanceof FunctionTimeout) return send(res, 504, failure('SERVICE_BUSY'))
      console.error('[gateway]', err)
      send(res, 500, failure('INTERNAL_ERROR'))
    }
  }

  async function dev(req: http.IncomingMessage, res: http.ServerResponse, what: string): Promise<void> {
    const allowed: Record<string, string> = { users: 'GET', login: 'POST', openapi: 'GET', faults: 'POST' }
    if (!allowed[what] || (what === 'faults' && !opts.setFaults)) return send(res, 404, failure('PATH_INVALID'))
    if (req.method !== allowed[what]) return send(res, 405, failure('METHOD_NOT_ALLOWED'), { allow: allowed[what] })
    if ((what === 'users' || what === 'login') && !ready()) {
      // Readiness means ready: no identities to pick until the demo data is all there.
      return send(res, 503, failure('DEMO_DATA_PREPARING'), { 'retry-after': '2' })
    }
    if (what === 'users') {
      const users = opts.store
        .demoUsers()
        .map((u) => {
          const roles = [...new Set([...(u.communityId ? (['resident'] as Role[]) : []), ...(u.grants ?? []).map((g) => g.role)])]
          roles.sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b))
          return {
            openid: u._id,
            name: u.realName || u.nickname,
            roles,
            roleLabels: roles.map((r) => ROLE_LABELS[r]),
            communityName: u.communityId ? opts.store.communityName(u.communityId) : undefined,
          }
        })
        .sort((a, b) => ROLE_ORDER.indexOf(a.roles.at(-1)!) - ROLE_ORDER.indexOf(b.roles.at(-1)!) || a.openid.localeCompare(b.openid))
      return send(res, 200, devOk({ users }))
    }
    if (what === 'login') {
      const body = await readJson(req, 4096)
      if (body instanceof BodyError) return send(res, body.status, failure(body.reason))
      const openid = body.openid
      if (typeof openid !== 'string' || !OPENID_RE.test(openid)) return send(res, 400, failure('BAD_INPUT'))
      return send(res, 200, devOk({ token: signToken(opts.secret, openid) }))
    }
    if (what === 'openapi') {
      const calls = opts.store.openapiCalls()
      if (!String(req.headers.accept ?? '').includes('text/html')) return send(res, 200, devOk({ calls }))
      return sendHtml(res, openapiPage(calls as OpenApiRow[]))
    }
    const body = await readJson(req, 64 * 1024)
    if (body instanceof BodyError) return send(res, body.status, failure(body.reason))
    try {
      opts.setFaults!(Object.keys(body).length ? body : undefined)
    } catch {
      return send(res, 400, failure('BAD_INPUT'))
    }
    return send(res, 200, { ok: true, data: {} })
  }

  /**
   * Everything whose raw path starts with /api/ or /dev/ is the gateway's, answered with the envelope
   * whatever it is: the path is matched undecoded, so /api/%2e%2e/admin never reaches the emulator.
   * Returns false for paths that are not the gateway's.
   */
  return async function handle(req: http.IncomingMessage, res: http.ServerResponse, rawPath = rawPathOf(req.url)): Promise<boolean> {
    if (!isGatewayPath(rawPath)) return false
    const api_ = FN_RE.exec(rawPath)
    if (api_) {
      await api(req, res, api_[1])
      return true
    }
    const dev_ = DEV_RE.exec(rawPath)
    if (dev_) {
      await dev(req, res, dev_[1])
      return true
    }
    send(res, 404, failure('PATH_INVALID'))
    return true
  }
}

/** The request target's path as sent: not decoded, not normalised. */
export function rawPathOf(url: string | undefined): string {
  const u = url ?? '/'
  const q = u.search(/[?#]/)
  return q === -1 ? u : u.slice(0, q)
}

export function isGatewayPath(rawPath: string): boolean {
  return rawPath === '/api' || rawPath.startsWith('/api/') || rawPath === '/dev' || rawPath.startsWith('/dev/')
}

interface OpenApiRow {
  at: number
  apiName: string
  request: unknown
  response: unknown
}

const escapeHtml = (v: string) => v.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!)

/** What the functions would have sent to WeChat (subscribe messages, content checks), newest first. */
function openapiPage(calls: OpenApiRow[]): string {
  const rows = [...calls]
    .reverse()
    .map(
      (c) =>
        `<tr><td>${new Date(c.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</td><td>${escapeHtml(c.apiName)}</td>` +
        `<td><pre>${escapeHtml(JSON.stringify(c.request, null, 1))}</pre></td><td><pre>${escapeHtml(JSON.stringify(c.response, null, 1))}</pre></td></tr>`,
    )
    .join('')
  return `<!doctype html><meta charset="utf-8"><title>开放接口调用记录</title>
<style>body{font:14px sans-serif;margin:16px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:6px;vertical-align:top;text-align:left}pre{margin:0;white-space:pre-wrap;max-width:520px}</style>
<h1>开放接口调用记录（本地）</h1><p>共 ${calls.length} 条：订阅消息、内容安全检测等本应发往微信的调用。</p>
<table><tr><th>时间</th><th>接口</th><th>请求</th><th>应答</th></tr>${rows || '<tr><td colspan="4">暂无记录</td></tr>'}</table>`
}

function sendHtml(res: http.ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
  res.end(html)
}
