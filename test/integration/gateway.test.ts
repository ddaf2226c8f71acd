// The local gateway: the h5 build's way in. Identity travels in the bearer token, never the body.
import { signToken } from '../../localcloud/gateway'
import { contracts } from '../../shared/contracts'
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { must } from '../support/orders'

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

describe('public calls: only those whose contract says so are answered without a login', () => {
  const all = Object.entries(contracts).flatMap(([fn, group]) => Object.entries(group).map(([action, contract]) => ({ fn, action, open: (contract as { public?: boolean }).public === true })))

  it('the public calls are exactly the 记录核验', () => {
    expect(all.filter((x) => x.open).map((x) => `${x.fn}.${x.action}`)).toEqual(['points.verifyRecord'])
  })

  it('every other call, anonymous or with a forged token, is refused at the gateway and by the function, and writes nothing', async () => {
    const closed = all.filter((x) => !x.open)
    expect(closed.length).toBeGreaterThan(50)
    const before = env.cloud.emulator.db.count('users')
    for (const { fn, action } of closed) {
      expect([fn, action, await post(`/api/${fn}`, { action, payload: {} })]).toEqual([fn, action, { status: 401, body: expect.objectContaining({ ok: false, error: expect.objectContaining({ reason: 'NOT_LOGGED_IN' }) }) }])
      expect([fn, action, (await post(`/api/${fn}`, { action, payload: {} }, 'b3Jvb3Q.forged')).body.error.reason]).toEqual([fn, action, 'TOKEN_INVALID'])
      // A caller without OPENID that reaches the function some other way is refused there too.
      expect([fn, action, await env.cloud.runtime.invoke(fn, { action, payload: {} }, {})]).toEqual([fn, action, expect.objectContaining({ ok: false, error: expect.objectContaining({ reason: 'NOT_LOGGED_IN' }) })])
    }
    expect(env.cloud.emulator.db.count('users')).toBe(before)
  })

  it('an anonymous upload, or a large anonymous body, is refused', async () => {
    const up = await fetch(env.url + '/api/_upload', { method: 'POST', headers: { 'content-type': 'image/png' }, body: Buffer.from([1, 2, 3]) })
    expect(up.status).toBe(401)
    const big = await post('/api/points', { action: 'verifyRecord', payload: { code: 'ABCDEFGHJK' }, pad: 'x'.repeat(20_000) })
    expect(big).toMatchObject({ status: 401, body: { ok: false, error: { reason: 'NOT_LOGGED_IN' } } })
  })

  it('a visitor checks a 志愿服务记录 by its code without logging in, and learns only what a record check should', async () => {
    const openid = 'o-gw-record'
    await env.user({ id: openid, community: 'c1', roles: ['member'], name: '王秀兰', phone: '13811112222' })
    const at = (d: string) => new Date(`${d}T10:00:00+08:00`)
    const entry = (id: string, d: string, hours: number, extra: object = {}) => ({ _id: id, openid, communityId: 'c1', sourceType: 'order', sourceId: id, points: 10, hours, note: `服务单${id}：为独居老人修水管`, at: at(d), official: true, day: d, ...extra })
    env.cloud.emulator.db.insert('ledger', [entry('g1', '2026-10-03', 2), entry('g2', '2026-11-20', 1.5), { ...entry('g3', '2026-11-21', 3), sourceType: 'adjust', points: 0, flagged: true, reason: '补录', by: 'o-admin' }])
    env.cloud.emulator.db.insert('balances', [{ _id: openid, openid, communityId: 'c1', points: 20, hours: 6.5, confirmedHours: 3.5, version: 3, optOut: false, outbox: [] }])
    const rec = await must(env.as(openid).call('points', 'record', {}))
    const check = await post('/api/points', { action: 'verifyRecord', payload: { code: rec.code.toLowerCase() } })
    expect(check).toEqual({
      status: 200,
      body: {
        ok: true,
        data: {
          valid: true,
          code: rec.code,
          name: '王*',
          communityName: '和平社区',
          confirmedHours: 3.5,
          starLabel: '未评星',
          count: 3,
          issuedAt: expect.any(String),
          from: '2026-10-03',
          to: '2026-11-21',
          items: [
            { date: '2026-11-21', hours: 3, org: '和平社区', flagged: true },
            { date: '2026-11-20', hours: 1.5, org: '和平社区' },
            { date: '2026-10-03', hours: 2, org: '和平社区' },
          ],
        },
      },
    })
    const text = JSON.stringify(check.body)
    for (const secret of [openid, '王秀兰', '13811112222', '修水管', 'o-admin', '补录', '1单元101']) expect([secret, text.includes(secret)]).toEqual([secret, false])
    // A stale token does not stand in the way; an unknown code is simply not valid.
    expect((await post('/api/points', { action: 'verifyRecord', payload: { code: rec.code } }, 'b3Jvb3Q.forged')).body).toMatchObject({ ok: true, data: { valid: true, name: '王*' } })
    expect((await post('/api/points', { action: 'verifyRecord', payload: { code: 'ZZZZZZZZZZ' } })).body).toEqual({ ok: true, data: { valid: false, code: 'ZZZZZZZZZZ' } })
    expect((await post('/api/points', { action: 'verifyRecord', payload: { code: '<script>' } })).body).toMatchObject({ ok: false, error: { reason: 'BAD_INPUT', fields: { code: '验证码格式不正确' } } })
  })
})

// Last: it starts a second local cloud, which the functions' SDK then points at.
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
