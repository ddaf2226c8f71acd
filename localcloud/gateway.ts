// The local stand-in for wx.cloud.callFunction: POST /api/<function> with { action, payload } and a
// bearer token runs that function's main with the token's identity in the context, exactly as the cloud
// passes OPENID. Also the dev login (local mode only) and the h5 upload endpoint.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type http from 'node:http'
import { codeOf, type Envelope, type Reason } from '../shared/errors'
import { messageFor } from '../shared/messages'
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
}

const ROLE_ORDER: Role[] = ['resident', 'member', 'volunteer', 'gridWorker', 'communityAdmin', 'streetAdmin', 'unitAdmin', 'department']

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

function failure(reason: Reason): Envelope<never> {
  return { ok: false, error: { code: codeOf(reason), reason, message: messageFor(reason) } }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

class TooLarge extends Error {}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) {
        reject(new TooLarge())
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

const OPENID_RE = /^[A-Za-z0-9_-]{1,64}$/

export function createGateway(opts: GatewayOptions) {
  const max = opts.maxBodyBytes ?? 10 * 1024 * 1024

  function identity(req: http.IncomingMessage): string | null {
    const auth = req.headers.authorization ?? ''
    const m = /^Bearer\s+(.+)$/i.exec(auth)
    return m ? verifyToken(opts.secret, m[1].trim()) : null
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, fn: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, failure('UNKNOWN_ACTION'))
    if (!req.headers.authorization) return send(res, 401, failure('NOT_LOGGED_IN'))
    const openid = identity(req)
    if (!openid) return send(res, 401, failure('TOKEN_INVALID'))

    if (fn === '_upload') {
      const bytes = await readBody(req, max)
      const type = String(req.headers['content-type'] ?? 'application/octet-stream')
      if (bytes.length === 0) return send(res, 400, failure('BAD_INPUT'))
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

    let event: { action?: unknown; payload?: unknown }
    try {
      event = JSON.parse((await readBody(req, max)).toString('utf8') || '{}')
      if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new Error('not an object')
    } catch (err) {
      if (err instanceof TooLarge) return send(res, 413, failure('BAD_INPUT'))
      return send(res, 400, failure('BODY_NOT_JSON'))
    }
    try {
      const out = await opts.runtime.invoke(fn, { action: event.action, payload: event.payload }, { openid })
      send(res, 200, out)
    } catch (err) {
      if (err instanceof UnknownFunction) return send(res, 404, failure('UNKNOWN_FUNCTION'))
      if (err instanceof FunctionTimeout) return send(res, 504, failure('SERVICE_BUSY'))
      console.error('[gateway]', err)
      send(res, 500, failure('INTERNAL_ERROR'))
    }
  }

  async function dev(req: http.IncomingMessage, res: http.ServerResponse, what: string): Promise<void> {
    if (what === 'users' && req.method === 'GET') {
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
      return send(res, 200, { users })
    }
    if (what === 'login' && req.method === 'POST') {
      let openid: unknown
      try {
        openid = JSON.parse((await readBody(req, 4096)).toString('utf8')).openid
      } catch {
        return send(res, 400, failure('BODY_NOT_JSON'))
      }
      if (typeof openid !== 'string' || !OPENID_RE.test(openid)) return send(res, 400, failure('BAD_INPUT'))
      return send(res, 200, { token: signToken(opts.secret, openid) })
    }
    if (what === 'openapi' && req.method === 'GET') {
      const calls = opts.store.openapiCalls()
      if (!String(req.headers.accept ?? '').includes('text/html')) return send(res, 200, { calls })
      return sendHtml(res, openapiPage(calls as OpenApiRow[]))
    }
    if (what === 'faults' && req.method === 'POST' && opts.setFaults) {
      try {
        const body = (await readBody(req, 4096)).toString('utf8')
        opts.setFaults(body ? JSON.parse(body) : undefined)
      } catch {
        return send(res, 400, failure('BODY_NOT_JSON'))
      }
      return send(res, 200, { ok: true })
    }
    send(res, 404, failure('UNKNOWN_ACTION'))
  }

  /** Returns false for paths that are not the gateway's. */
  return async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://local')
    const api_ = /^\/api\/([A-Za-z0-9_-]+)\/?$/.exec(url.pathname)
    if (api_) {
      await api(req, res, api_[1])
      return true
    }
    const dev_ = /^\/dev\/([a-z]+)\/?$/.exec(url.pathname)
    if (dev_) {
      await dev(req, res, dev_[1])
      return true
    }
    return false
  }
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
