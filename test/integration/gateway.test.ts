// The local gateway: the h5 build's way in. Identity travels in the bearer token, never the body.
import { signToken } from '../../localcloud/gateway'
import { startTestCloud, type TestCloud } from '../support/localCloud'

let env: TestCloud
beforeAll(async () => {
  env = await startTestCloud()
})
afterAll(() => env.close())

async function post(path: string, body: unknown, token?: string, raw?: string) {
  const res = await fetch(env.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ?? JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

describe('gateway', () => {
  it('dev login gives a token that calls a function as that person', async () => {
    const login = await post('/dev/login', { openid: 'o-gw-1' })
    expect(login.status).toBe(200)
    const res = await post('/api/member', { action: 'login', payload: { nickname: '网关' } }, login.body.token)
    expect(res).toEqual({ status: 200, body: expect.objectContaining({ ok: true, data: expect.objectContaining({ openid: 'o-gw-1', nickname: '网关' }) }) })
  })

  it('ignores an identity claimed in the body', async () => {
    const token = signToken(env.cloud.secret, 'o-gw-2')
    const res = await post('/api/member', { action: 'login', payload: {}, openid: 'o-admin', WX_OPENID: 'o-admin' }, token)
    expect(res.body.data.openid).toBe('o-gw-2')
  })

  it.each([
    ['no token', '/api/member', { action: 'profile' }, undefined, undefined, 401, 'NOT_LOGGED_IN'],
    ['a forged token', '/api/member', { action: 'profile' }, 'b3Jvb3Q.forged', undefined, 401, 'TOKEN_INVALID'],
    ['an unknown function', '/api/nope', { action: 'x' }, 'GOOD', undefined, 404, 'UNKNOWN_FUNCTION'],
    ['an unknown action', '/api/member', { action: 'nope' }, 'GOOD', undefined, 200, 'UNKNOWN_ACTION'],
    ['a body that is not JSON', '/api/member', null, 'GOOD', '{not json', 400, 'BODY_NOT_JSON'],
  ])('answers %s with the envelope and a code from the closed set', async (_name, path, body, token, raw, status, reason) => {
    const t = token === 'GOOD' ? signToken(env.cloud.secret, 'o-gw-3') : token
    const res = await post(path, body, t, raw)
    expect(res.status).toBe(status)
    expect(res.body).toMatchObject({ ok: false, error: { reason, message: expect.any(String) } })
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/) // no stack traces
  })

  it('lists demo users only', async () => {
    env.cloud.emulator.db.insert('users', [
      { _id: 'demo-x', nickname: '演示', realName: '演示者', grants: [{ role: 'member', communityId: 'c1' }], communityId: 'c1', demo: true, createdAt: new Date() },
    ])
    const res = await fetch(env.url + '/dev/users').then((r) => r.json())
    expect(res.users).toEqual([{ openid: 'demo-x', name: '演示者', roles: ['resident', 'member'], roleLabels: ['居民', '党员'], communityName: '和平社区' }])
  })

  it('shows what would have been sent to WeChat, as JSON and as a page', async () => {
    const p = await env.user({ community: 'c1' })
    await p.call('order', 'submit', { category: '维修', text: '门口路灯不亮', place: { kind: 'room', buildingId: 'c1-g1-b1', room: '101' }, requestKey: 'gw-openapi-1' })
    const json = await fetch(env.url + '/dev/openapi').then((r) => r.json())
    expect(json.calls.at(-1)).toMatchObject({ apiName: 'security.msgSecCheck', request: { content: '门口路灯不亮', version: 2 } })
    const html = await fetch(env.url + '/dev/openapi', { headers: { accept: 'text/html' } }).then((r) => r.text())
    expect(html).toContain('security.msgSecCheck')
    expect(html).toContain('门口路灯不亮')
  })

  it('refuses a malformed openid at dev login', async () => {
    expect((await post('/dev/login', { openid: '../../etc' })).status).toBe(400)
    expect((await post('/dev/login', { openid: 42 })).status).toBe(400)
  })

  it('keeps h5 uploads in the emulator storage and serves them back', async () => {
    const token = signToken(env.cloud.secret, 'o-gw-4')
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
    const res = await fetch(env.url + '/api/_upload', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png', 'x-file-name': encodeURIComponent('照片.png') }, body: bytes })
    const body = await res.json()
    expect(body).toMatchObject({ ok: true, data: { fileID: expect.stringMatching(/^cloud:\/\//) } })
    const back = Buffer.from(await (await fetch(body.data.url)).arrayBuffer())
    expect(back.equals(bytes)).toBe(true)
  })
})

it('serves the h5 build from a relative folder, with the page for unknown paths', async () => {
  const fs = await import('node:fs')
  const os = await import('node:os')
  const path = await import('node:path')
  const { startLocalCloud } = await import('../../localcloud/server')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-static-'))
  const site = path.join(dir, 'site')
  fs.mkdirSync(site)
  fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>连心桥</title>')
  fs.writeFileSync(path.join(site, 'app.js'), 'console.log(1)')
  const cwd = process.cwd()
  process.chdir(dir)
  try {
    const cloud = await startLocalCloud({ port: 0, dataDir: path.join(dir, 'data'), staticDir: 'site' })
    try {
      expect(await fetch(cloud.url + '/app.js').then((r) => r.text())).toBe('console.log(1)')
      expect(await fetch(cloud.url + '/pages/x').then((r) => r.text())).toContain('连心桥')
      // A path that climbs out of the folder, sent raw (fetch would normalise it away).
      const http = await import('node:http')
      const status = await new Promise<number>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: cloud.port, path: '/..%2f..%2f..%2fetc%2fpasswd' }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        }).on('error', reject)
      })
      expect(status).toBe(403)
    } finally {
      await cloud.close()
    }
  } finally {
    process.chdir(cwd)
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
