// The gateway's edges, tried as a careless client and an attacker would: every answer under /api and
// /dev is the JSON envelope with a code from the closed set, whatever the path, method, headers, body or
// size, and the server stays up. The local endpoints refuse cross-site requests. Raw requests (node:http
// and node:net), since fetch would normalise the paths and refuse the odd headers.
import tcb from '@cloudbase/node-sdk'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { ERROR_CODES } from '../../shared/errors'
import { signToken } from '../../localcloud/gateway'
import { startLocalCloud } from '../../localcloud/server'
import { startTestCloud, type TestCloud } from '../support/localCloud'

jest.setTimeout(120_000)

let env: TestCloud
let token: string
beforeAll(async () => {
  env = await startTestCloud()
  await env.user({ id: 'o-edge', community: 'c1' })
  token = signToken(env.cloud.secret, 'o-edge')
})
afterAll(() => env.close())

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

function request(method: string, rawPath: string, headers: Record<string, string | number> = {}, body?: Buffer | string, port = env.cloud.port): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: rawPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Bytes straight onto a socket, for what node:http will not send (bad request lines, NULs). */
function rawSocket(bytes: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const s = net.connect(env.cloud.port, '127.0.0.1', () => s.end(bytes))
    s.on('data', (c) => chunks.push(c))
    s.on('error', reject)
    s.on('close', () => {
      const all = Buffer.concat(chunks).toString('utf8')
      const head = all.slice(0, all.indexOf('\r\n\r\n'))
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)
      const headers: http.IncomingHttpHeaders = {}
      for (const line of head.split('\r\n').slice(1)) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim()
      resolve({ status, headers, text: all.slice(all.indexOf('\r\n\r\n') + 4) })
    })
  })
}

/** The answer is the envelope: JSON, ok a boolean, and a failure names a code of the closed set. */
function envelope(a: Answer): { ok: boolean; data?: any; error?: { code: string; reason: string; message: string } } {
  expect(String(a.headers['content-type'])).toMatch(/^application\/json/)
  let body: any
  try {
    body = JSON.parse(a.text)
  } catch {
    throw new Error(`not JSON (${a.status}): ${a.text.slice(0, 200)}`)
  }
  expect(typeof body.ok).toBe('boolean')
  if (!body.ok) {
    expect(ERROR_CODES).toContain(body.error.code)
    expect(typeof body.error.reason).toBe('string')
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/)
  }
  return body
}

const json = { 'content-type': 'application/json' }
const auth = () => ({ ...json, authorization: `Bearer ${token}` })

describe('every answer under /api and /dev is the envelope', () => {
  it.each([
    ['/api/member', 20 * 1024 * 1024, auth],
    ['/api/_upload', 20 * 1024 * 1024, () => ({ 'content-type': 'image/png', authorization: `Bearer ${token}` })],
    ['/dev/login', 5 * 1024, () => json],
  ])('answers a body over the limit on %s with 413, not a reset connection', async (p, size, headers) => {
    const a = await request('POST', p, headers(), Buffer.alloc(size, 0x20))
    expect(a.status).toBe(413)
    expect(envelope(a).error).toMatchObject({ code: 'RESOURCE_EXHAUSTED', reason: p === '/api/_upload' ? 'UPLOAD_TOO_LARGE' : 'BODY_TOO_LARGE' })
  })

  it.each(['/api/../order', '/api/%2e%2e', '/api/', '/api', '/api//order', '/api/order.js', '/api/order%00', '/api/order/x', '/api/%6frder', '/dev/', '/dev/nope', '/dev/users/x'])(
    'answers POST %s with the NOT_FOUND envelope',
    async (p) => {
      const a = await request('POST', p, auth(), '{"action":"profile"}')
      expect(a.status).toBe(404)
      expect(envelope(a).error?.code).toBe('NOT_FOUND')
    },
  )

  it('never lets /api/%2e%2e/admin reach the database endpoint', async () => {
    const a = await request('POST', '/api/%2e%2e/admin?env=local-env', json, JSON.stringify({ action: 'database.getDocument', collectionName: 'users', queryType: 'WHERE', query: '{}' }))
    expect(envelope(a)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(a.text).not.toContain('o-edge')
  })

  it('answers a 64 KB query string (and runs the call), and oversized headers with the envelope', async () => {
    const a = await request('POST', '/api/member?q=' + 'x'.repeat(64 * 1024), auth(), '{"action":"profile","payload":{}}')
    expect(envelope(a)).toMatchObject({ ok: true, data: { openid: 'o-edge' } })
    const b = await rawSocket(`POST /api/member?q=${'y'.repeat(600 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1:${env.cloud.port}\r\n\r\n`)
    expect(b.status).toBe(431)
    expect(envelope(b).error).toMatchObject({ code: 'RESOURCE_EXHAUSTED', reason: 'HEADERS_TOO_LARGE' })
  })

  it('answers a payload nested 100,000 deep with INVALID_ARGUMENT, not INTERNAL', async () => {
    const deep = '{"action":"profile","payload":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) + '}'
    const a = await request('POST', '/api/member', auth(), deep)
    expect(a.status).toBe(400)
    expect(envelope(a).error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'BODY_TOO_DEEP' })
    const arrays = await request('POST', '/api/member', auth(), '{"payload":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}')
    expect(envelope(arrays).error?.code).toBe('INVALID_ARGUMENT')
  })

  it('never answers INTERNAL to an upload with a broken percent-encoded file name', async () => {
    const a = await request('POST', '/api/_upload', { 'content-type': 'image/png', authorization: `Bearer ${token}`, 'x-file-name': '%E0%A4%A' }, Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    const body = envelope(a)
    expect(body.error?.code).not.toBe('INTERNAL')
    expect(a.status).toBeLessThan(500)
  })

  it.each(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('answers %s /api/member with 405 and the envelope', async (method) => {
    const a = await request(method, '/api/member', auth(), method === 'GET' || method === 'OPTIONS' ? undefined : '{}')
    expect(a.status).toBe(405)
    expect(a.headers.allow).toBe('POST')
    expect(envelope(a).error?.code).toBe('INVALID_ARGUMENT')
  })

  it.each([
    ['gzip garbage', { 'content-encoding': 'gzip' }, Buffer.from('definitely not gzip')],
    ['real gzip', { 'content-encoding': 'gzip' }, gzipSync('{"action":"profile"}')],
    ['a UTF-16 body with its charset', { 'content-type': 'application/json; charset=utf-16le' }, Buffer.from('\ufeff{"action":"profile"}', 'utf16le')],
    ['a UTF-16 body claiming nothing', {}, Buffer.from('\ufeff{"action":"profile"}', 'utf16le')],
    ['invalid UTF-8', {}, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['an array', {}, '[1,2]'],
    ['a number', {}, '42'],
    ['null', {}, 'null'],
    ['a string', {}, '"profile"'],
    ['bad JSON', {}, '{"action":'],
  ])('answers %s with INVALID_ARGUMENT', async (_name, headers, body) => {
    const a = await request('POST', '/api/member', { ...auth(), ...headers }, body)
    expect(a.status).toBeGreaterThanOrEqual(400)
    expect(a.status).toBeLessThan(500)
    expect(envelope(a).error?.code).toBe('INVALID_ARGUMENT')
  })

  it('survives a few hundred malformed requests, each answered with the envelope', async () => {
    let seed = 20261201
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x7fffffff
    }
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
    const paths = ['/api/member', '/api/order', '/api/_upload', '/api/nope', '/api/', '/api//member', '/api/member/', '/api/member.ts', '/api/%2e%2e', '/api/../admin',
      '/api/%2e%2e/admin', '/api/member%2f..%2f..', '/api/%00', '/api/\u00e9', '/api/member?x=%zz', '/api/member#frag', '/api/' + 'm'.repeat(300), '/api/member;x=1',
      '/dev/users', '/dev/login', '/dev/openapi', '/dev/faults', '/dev/../admin', '/dev/%2e%2e', '/dev/', '/dev/USERS']
    const methods = ['POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'HEAD']
    const types = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'image/png', '', 'application/vnd.api+json', ';;;']
    const auths = [() => `Bearer ${token}`, () => 'Bearer ', () => 'Bearer a.b', () => 'Basic Zm9vOmJhcg==', () => `Bearer ${token}x`, () => '', () => 'Bearer ' + '\u00ff'.repeat(3)]
    const bodies: Array<() => Buffer | string | undefined> = [
      () => undefined,
      () => '',
      () => '{"action":"profile","payload":{}}',
      () => JSON.stringify({ action: pick(['profile', 'login', 'submit', 'list', '__proto__', 'constructor', 'toString']), payload: pick([{}, null, [], 'x', 1, { $where: '1' }, { orderId: { $ne: null } }]) }),
      () => '{"__proto__":{"polluted":true},"action":"profile"}',
      () => Buffer.from(Array.from({ length: Math.floor(rnd() * 2048) }, () => Math.floor(rnd() * 256))),
      () => '['.repeat(5000),
      () => '{"a":'.repeat(200) + '1' + '}'.repeat(200),
      () => gzipSync('{"action":"profile"}'),
      () => Buffer.from('{"action":"profile"}', 'utf16le'),
      () => 'action=profile&payload=1',
      () => '{"action":"profile","payload":{"x":"' + 'z'.repeat(300_000) + '"}}',
    ]
    const requests: Array<Promise<void>> = []
    for (let i = 0; i < 300; i++) {
      const method = pick(methods)
      const p = pick(paths)
      const headers: Record<string, string> = {}
      const t = pick(types)
      if (t) headers['content-type'] = t
      const a = pick(auths)()
      if (a) headers.authorization = a
      if (rnd() < 0.1) headers['content-encoding'] = pick(['gzip', 'deflate', 'br', 'identity', 'x'])
      if (rnd() < 0.1) headers['x-file-name'] = pick(['%E0%A4%A', '../../x', '%00', 'a'.repeat(500), encodeURIComponent('照片.png')])
      if (rnd() < 0.05) headers.origin = pick(['http://evil.example', 'null', `http://127.0.0.1:${env.cloud.port}`])
      if (rnd() < 0.05) headers.host = pick(['evil.example', `localhost:${env.cloud.port}`, ''])
      const body = method === 'GET' || method === 'HEAD' ? undefined : pick(bodies)()
      requests.push(
        request(method, encodeURI(p).replace(/%25/g, '%'), headers, body).then((ans) => {
          if (method === 'HEAD') return expect(ans.text).toBe('')
          try {
            envelope(ans)
          } catch (err) {
            throw new Error(`${method} ${p} ${JSON.stringify(headers).slice(0, 200)} → ${ans.status} ${ans.text.slice(0, 200)}: ${(err as Error).message}`)
          }
        }),
      )
      if (requests.length % 25 === 0) await Promise.all(requests.splice(0))
    }
    await Promise.all(requests)

    // What node:http would refuse to send: broken request lines and header lines, NULs, bare LFs.
    for (const raw of [
      'POST /api/member HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n',
      'POST /api/mem ber HTTP/1.1\r\nHost: x\r\n\r\n',
      'POST /api/member\0 HTTP/1.1\r\n\r\n',
      'GARBAGE\r\n\r\n',
      'POST /api/member HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'POST /api/member HTTP/1.1\r\nBad Header Line\r\n\r\n',
    ]) {
      const ans = await rawSocket(raw)
      expect(ans.status).toBeGreaterThanOrEqual(400)
      envelope(ans)
    }

    // Still up and still right.
    const ok = await request('POST', '/api/member', auth(), '{"action":"profile","payload":{}}')
    expect(envelope(ok)).toMatchObject({ ok: true, data: { openid: 'o-edge' } })
  })
})

describe('the local endpoints refuse cross-site requests', () => {
  it.each([
    ['/api/member', 'text/plain'],
    ['/api/member', 'application/x-www-form-urlencoded'],
    ['/dev/login', 'multipart/form-data; boundary=x'],
    ['/dev/faults', 'text/plain'],
    ['/admin?env=local-env', 'text/plain'],
  ])('refuses %s posted as %s (what a cross-site form can send)', async (p, type) => {
    const a = await request('POST', p, { 'content-type': type, authorization: `Bearer ${token}` }, '{"openid":"x","action":"database.getDocument"}')
    expect(a.status).toBe(415)
    expect(envelope(a).error).toMatchObject({ code: 'PERMISSION_DENIED', reason: 'CONTENT_TYPE_NOT_JSON' })
  })

  it.each(['/api/member', '/dev/users', '/dev/login', '/admin?env=local-env'])('refuses %s under a foreign Host (DNS rebinding) or from a foreign Origin', async (p) => {
    const method = p === '/dev/users' ? 'GET' : 'POST'
    const body = method === 'POST' ? '{"openid":"x","action":"profile"}' : undefined
    const foreign: Array<Record<string, string>> = [{ host: `evil.example:${env.cloud.port}` }, { origin: 'http://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }]
    for (const extra of foreign) {
      const a = await request(method, p, { ...auth(), ...extra }, body)
      expect(a.status).toBe(403)
      expect(envelope(a).error).toMatchObject({ code: 'PERMISSION_DENIED', reason: 'CROSS_SITE_REFUSED' })
    }
  })

  it('serves its own pages: same-origin requests, localhost names, and the real SDK on /admin', async () => {
    const same = await request('POST', '/api/member', { ...auth(), origin: `http://127.0.0.1:${env.cloud.port}`, 'sec-fetch-site': 'same-origin' }, '{"action":"profile","payload":{}}')
    expect(envelope(same).ok).toBe(true)
    for (const host of [`localhost:${env.cloud.port}`, `[::1]:${env.cloud.port}`]) {
      expect((await request('GET', '/dev/users', { host })).status).toBe(200)
    }
    const upload = await request('POST', '/api/_upload', { 'content-type': 'image/png', authorization: `Bearer ${token}` }, Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    expect(envelope(upload).ok).toBe(true)
    const app = tcb.init({ env: 'local-env' })
    const got = await app.database().collection('users').doc('o-edge').get()
    expect((got.data as Array<{ _id: string }>)[0]._id).toBe('o-edge')
  })

  it('answers to a configured host name too', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-hosts-'))
    const cloud = await startLocalCloud({ port: 0, dataDir: dir, allowedHosts: ['lianxin.local'] })
    try {
      expect((await request('GET', '/dev/users', { host: `lianxin.local:${cloud.port}` }, undefined, cloud.port)).status).toBe(200)
      expect((await request('GET', '/dev/users', { host: `other.local:${cloud.port}` }, undefined, cloud.port)).status).toBe(403)
    } finally {
      await cloud.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('serves static files only from inside the folder, not from a sibling sharing its prefix', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-static-'))
    fs.mkdirSync(path.join(dir, 'site'))
    fs.mkdirSync(path.join(dir, 'site-old'))
    fs.writeFileSync(path.join(dir, 'site', 'index.html'), '<!doctype html><title>连心桥</title>')
    fs.writeFileSync(path.join(dir, 'site-old', 'secret.txt'), 'SECRET')
    const cloud = await startLocalCloud({ port: 0, dataDir: path.join(dir, 'data'), staticDir: path.join(dir, 'site') })
    try {
      for (const p of ['/../site-old/secret.txt', '/..%2fsite-old%2fsecret.txt', '/%2e%2e/site-old/secret.txt']) {
        const a = await request('GET', p, {}, undefined, cloud.port)
        expect(a.text).not.toContain('SECRET')
      }
      expect((await request('GET', '/..%2fsite-old%2fsecret.txt', {}, undefined, cloud.port)).status).toBe(403)
      expect((await request('GET', '/index.html', {}, undefined, cloud.port)).text).toContain('连心桥')
    } finally {
      await cloud.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
