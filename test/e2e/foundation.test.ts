// The foundation in a real browser on the real stack: the dev login lists the demo people, a resident
// logs in and is greeted with her community, turns large text on, edits her room (read back from the
// database), and logs out.
import { startE2eCloud, type E2eCloud } from '../support/e2eCloud'
import { answerModal, current, openPhone, shot, tabBar, toast, type Phone } from '../support/browser'

jest.setTimeout(120_000)

let env: E2eCloud
let phone: Phone
beforeAll(async () => {
  env = await startE2eCloud()
  phone = await openPhone(env.cloud.url)
})
afterAll(async () => {
  await phone?.close()
  await env?.close()
})

const db = () => env.cloud.emulator.db

test('login, 首页, large text, 编辑资料 and 退出登录', async () => {
  const { page } = phone

  // Opening the app without a session lands on the login page, which lists the demo identities.
  await page.goto('/')
  await page.waitForURL(/pages\/login/)
  const wang = page.locator('#login-demo-resident-1')
  await wang.waitFor()
  expect(await wang.textContent()).toContain('王秀兰')
  expect(await page.locator('#login-demo-admin-c1').textContent()).toContain('陈红梅')
  expect(await page.locator('.login-user').count()).toBeGreaterThan(70)
  await shot(page, 'foundation-login')

  // 王秀兰 logs in: 首页 greets her by name with her community.
  await wang.click()
  await page.waitForURL(/pages\/index/)
  const hero = current(page).locator('.home-hero')
  await hero.getByText('和平社区').waitFor()
  expect(await hero.locator('.home-hero__greet').textContent()).toMatch(/王秀兰$/)
  await current(page).getByText('我要点单').waitFor()
  await shot(page, 'foundation-home')

  // 我的: large text on makes the text bigger, and the setting is kept in her profile.
  await tabBar(page).getByText('我的').click()
  await page.waitForURL(/pages\/mine/)
  await current(page).getByText('大字模式', { exact: true }).waitFor()
  await shot(page, 'foundation-mine')
  const titleSize = () => current(page).locator('.lx-cell__title', { hasText: '大字模式' }).evaluate((e) => parseFloat(getComputedStyle(e).fontSize))
  const before = await titleSize()
  await current(page).locator('#large-text-switch').click()
  await toast(page, '已开启大字模式').waitFor()
  await current(page).locator('.lx-page.lx-large').waitFor()
  const after = await titleSize()
  expect(after).toBeGreaterThan(before * 1.2)
  expect(db().get('users', 'demo-resident-1')).toMatchObject({ largeText: true })
  await shot(page, 'foundation-large-text')

  // Large text keeps every service category whole on its chip (环境卫生, never 环境卫/生).
  await tabBar(page).getByText('首页').click()
  await page.waitForURL(/pages\/index/)
  await current(page).getByText('我要点单').click()
  await page.waitForURL(/order\/new/)
  const chips = current(page).locator('#field-category .lx-chip')
  await chips.first().waitFor()
  const lines = await chips.evaluateAll((els) =>
    els.map((e) => {
      const r = document.createRange()
      r.selectNodeContents(e)
      return [e.textContent, new Set(Array.from(r.getClientRects()).map((x) => Math.round(x.top))).size] as const
    }),
  )
  expect(lines.length).toBeGreaterThan(4)
  expect(lines.filter(([, n]) => n !== 1)).toEqual([])
  await shot(page, 'foundation-large-text-categories')
  await page.goBack()
  await page.waitForURL(/pages\/index/)
  await tabBar(page).getByText('我的').click()
  await page.waitForURL(/pages\/mine/)

  // 编辑资料: a new room is saved, said in a toast, stored, and shown back on 我的.
  await current(page).getByText('编辑资料').click()
  await page.waitForURL(/pages\/profile/)
  const room = current(page).locator('#field-room input')
  await room.waitFor()
  expect(await room.inputValue()).toBe('1单元302')
  await room.fill('3单元501')
  await shot(page, 'foundation-profile')
  await current(page).getByText('保存', { exact: true }).click()
  await toast(page, '已保存').waitFor()
  await shot(page, 'foundation-profile-saved')
  expect(db().get('users', 'demo-resident-1')).toMatchObject({ room: '3单元501', realName: '王秀兰', communityId: 'c1' })
  await page.waitForURL(/pages\/mine/)
  await current(page).locator('.mine-head').getByText(/3单元501/).waitFor()

  // 退出登录 asks first, then forgets the token and shows the login page.
  await current(page).getByText('退出登录').click()
  await answerModal(page, '退出')
  await page.waitForURL(/pages\/login/)
  await page.locator('#login-demo-resident-1').waitFor()
  expect(await page.evaluate(() => localStorage.getItem('lianxin.token'))).toBeNull()
  await shot(page, 'foundation-logged-out')

  expect(phone.errors).toEqual([])
})
