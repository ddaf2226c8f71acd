import { chromium } from 'playwright-core'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
const dir = await mkdtemp(join(tmpdir(), 'lxp-'))
const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 390, height: 844 }, args: ['--headless','--no-sandbox','--disable-gpu'] })
const profile = { openid: 'o', nickname: '李建国', grants: [], roles: ['resident'], largeText: false, createdAt: '', complete: true, communityId: 'c1' }
const tree = { streets: [], communities: [{ id: 'c1', name: '东山社区', streetId: 's' }], grids: [], buildings: [] }
await ctx.route('**/dev/users', (r) => r.fulfill({ json: { users: [{ openid: 'o', name: '李建国', roles: ['resident'], roleLabels: ['居民'] }] } }))
await ctx.route('**/dev/login', (r) => r.fulfill({ json: { token: 't' } }))
await ctx.route('**/api/member', (r) => { const b = r.request().postDataJSON(); r.fulfill({ json: { ok: true, data: b.action === 'orgTree' ? tree : profile } }) })
const page = ctx.pages()[0]
await page.goto(process.argv[2] + '/#/pages/login/index')
await page.getByText('李建国').first().click()
await page.waitForTimeout(1000)
await page.locator('.taro-tabbar__tabbar').getByText('我的').click()
await page.waitForTimeout(1500)
await page.getByText('编辑资料').first().click()
await page.waitForTimeout(2000)
await page.screenshot({ path: '/tmp/probe.png' })
console.log(await page.evaluate(() => {
  const out = []
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect()
    if (r.top < 12 && r.bottom > 0 && r.height > 0 && r.height < 300 && getComputedStyle(el).visibility !== 'hidden') out.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0,70)} top=${r.top} h=${r.height} bg=${getComputedStyle(el).backgroundColor} pos=${getComputedStyle(el).position}`)
  }
  return out.slice(0, 40).join('\n')
}))
await ctx.close()
