// Screenshots of the h5 build in the system Chromium (platform.md), with /api and /dev answered by
// canned data so no backend is needed. Usage: node miniprogram/scripts/screenshot.mjs [outDir]
// Drives the real flow: login page → tap a demo identity → 首页 → 我的 → large text → 编辑资料.
import { createServer } from 'node:http'
import { readFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, extname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execFileSync } from 'node:child_process'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..', 'dist', 'h5')
const out = resolve(process.argv[2] || join(here, '..', '..', 'test', 'artifacts', 'screens'))
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' }

const users = [
  { openid: 'o-res-1', name: '王桂兰', roles: ['resident'], roleLabels: ['居民'], communityName: '东山社区' },
  { openid: 'o-mem-1', name: '李建国', roles: ['resident', 'member'], roleLabels: ['居民', '党员'], communityName: '东山社区' },
  { openid: 'o-vol-1', name: '陈晓雨', roles: ['resident', 'volunteer'], roleLabels: ['居民', '志愿者'], communityName: '东山社区' },
  { openid: 'o-grid-1', name: '刘网格', roles: ['resident', 'gridWorker'], roleLabels: ['居民', '网格员'], communityName: '东山社区' },
  { openid: 'o-adm-1', name: '赵书记', roles: ['member', 'communityAdmin'], roleLabels: ['党员', '社区党组织'], communityName: '东山社区' },
  { openid: 'o-street-1', name: '孙主任', roles: ['streetAdmin'], roleLabels: ['街道党工委'] },
  { openid: 'o-unit-1', name: '周经理', roles: ['member', 'unitAdmin'], roleLabels: ['党员', '单位党组织'] },
]
const tree = {
  streets: [{ id: 's1', name: '东港街道' }],
  communities: [{ id: 'c1', name: '东山社区', streetId: 's1' }, { id: 'c2', name: '西山社区', streetId: 's1' }],
  grids: [{ id: 'g1', name: '第一网格', communityId: 'c1' }, { id: 'g2', name: '第二网格', communityId: 'c1' }],
  buildings: [{ id: 'b1', name: '3号楼', gridId: 'g1', communityId: 'c1' }],
}
const base = {
  streetId: 's1',
  communityId: 'c1',
  communityName: '东山社区',
  gridId: 'g1',
  gridName: '第一网格',
  largeText: false,
  createdAt: '2025-11-01T08:00:00.000Z',
  complete: true,
}
const profiles = {
  'o-mem-1': {
    ...base,
    openid: 'o-mem-1',
    nickname: '李建国',
    realName: '李建国',
    phone: '13812341234',
    buildingId: 'b1',
    buildingName: '3号楼',
    room: '2单元301',
    grants: [{ role: 'resident', communityId: 'c1' }, { role: 'member', communityId: 'c1' }],
    roles: ['resident', 'member'],
  },
  'o-adm-1': {
    ...base,
    openid: 'o-adm-1',
    nickname: '赵书记',
    realName: '赵红梅',
    phone: '13900001111',
    grants: [{ role: 'member', communityId: 'c1' }, { role: 'communityAdmin', streetId: 's1', communityId: 'c1' }],
    roles: ['member', 'communityAdmin'],
  },
}
const who = (req) => (req.headers.authorization || '').replace(/^Bearer tok-/, '')

function body(req) {
  return new Promise((res) => {
    let s = ''
    req.on('data', (c) => (s += c))
    req.on('end', () => res(s ? JSON.parse(s) : {}))
  })
}

const missing = []
const server = createServer(async (req, res) => {
  const json = (v, status = 200) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(v))
  }
  const url = new URL(req.url, 'http://x')
  if (url.pathname === '/dev/users') return json({ users })
  if (url.pathname === '/dev/login') return json({ token: 'tok-' + (await body(req)).openid })
  if (url.pathname.startsWith('/api/')) {
    const { action, payload } = await body(req)
    const openid = who(req)
    if (!profiles[openid]) return json({ ok: false, error: { code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID', message: '登录已失效，请重新登录' } })
    if (url.pathname === '/api/member') {
      if (action === 'login' || action === 'profile') return json({ ok: true, data: profiles[openid] })
      if (action === 'orgTree') return json({ ok: true, data: tree })
      if (action === 'updateProfile') {
        profiles[openid] = { ...profiles[openid], ...payload }
        return json({ ok: true, data: profiles[openid] })
      }
    }
    return json({ ok: false, error: { code: 'NOT_FOUND', reason: 'UNKNOWN_FUNCTION', message: '请求的服务不存在' } })
  }
  const file = join(root, url.pathname === '/' ? 'index.html' : url.pathname)
  if (!file.startsWith(root) || !existsSync(file)) {
    if (url.pathname !== '/favicon.ico') missing.push(url.pathname)
    res.writeHead(404)
    return res.end()
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' })
  res.end(await readFile(file))
})

await new Promise((r) => server.listen(0, '127.0.0.1', r))
const origin = `http://127.0.0.1:${server.address().port}`
const executablePath = execFileSync('which', ['chromium']).toString().trim()
const profileDir = await mkdtemp(join(tmpdir(), 'lx-chromium-'))
await mkdir(out, { recursive: true })
const ctx = await chromium.launchPersistentContext(profileDir, {
  executablePath,
  headless: true,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const page = ctx.pages()[0] ?? (await ctx.newPage())
const errors = []
page.on('pageerror', (e) => errors.push(String(e)))
page.on('console', (m) => m.type() === 'error' && !/status of 404/.test(m.text()) && errors.push(m.text()))
const settle = () => page.waitForTimeout(1500) // the page slide-in (~600 ms) and the first call
const shot = async (name) => {
  await settle()
  await page.screenshot({ path: join(out, `${name}.png`) })
  console.log('wrote', join(out, `${name}.png`))
}

try {
  await page.goto(`${origin}/#/pages/index/index`)
  await page.waitForURL(/pages\/login/, { timeout: 10000 })
  await page.getByText('李建国').first().waitFor()
  await shot('login')
  await page.getByText('李建国').first().click()
  await page.waitForURL(/pages\/index/, { timeout: 10000 })
  await page.getByText('我的资料').first().waitFor()
  await shot('home')
  await page.locator('.taro-tabbar__tabbar').getByText('我的').click()
  await page.getByText('大字模式').first().waitFor()
  await shot('mine')
  await page.locator('#large-text-switch input').click()
  await page.locator('.lx-page.lx-large').first().waitFor({ state: 'attached' })
  await shot('mine-large')
  await page.getByText('编辑资料').first().click()
  await page.getByText('基本信息').first().waitFor()
  await shot('profile')
  await page.locator('#field-nickname input').fill('')
  await page.locator('#field-phone input').fill('1381234')
  await page.getByText('保存', { exact: true }).click()
  await page.getByText('请填写昵称').waitFor()
  await shot('profile-errors')
  await page.goBack()
  await page.locator('.taro-tabbar__tabbar').getByText('任务').click()
  await page.getByText('暂无任务').first().waitFor()
  await shot('tasks-large')
  await page.locator('.taro-tabbar__tabbar').getByText('我的').click()
  await page.locator('#large-text-switch input').click()
  await page.getByText('已关闭大字模式').waitFor()
  await page.getByText('退出登录').click()
  await page.locator('.taro-modal__foot').getByText('退出').click()
  await page.waitForURL(/pages\/login/, { timeout: 10000 })
  await page.getByText('赵书记').first().click()
  await page.waitForURL(/pages\/index/, { timeout: 10000 })
  await page.getByText('管理后台').first().waitFor()
  await shot('home-admin')
  await page.getByText('管理后台').first().click()
  await page.getByText('您管理的范围').waitFor()
  await shot('admin-home')
} finally {
  if (errors.length) console.log('page errors:\n' + errors.join('\n'))
  if (missing.length) console.log('not found:\n' + missing.join('\n'))
  await ctx.close()
  server.close()
  await rm(profileDir, { recursive: true, force: true })
}
