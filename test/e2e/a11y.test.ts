// 适老化 (issue 14, docs/a11y.md) in Chromium on the h5 build: every page, in normal and in elder mode
// (大字模式), as the role that uses it. axe-core finds no serious or critical violation (the exceptions
// below, each with its reason), and the computed styles keep the rules axe does not measure: text
// ≥ 16 px (≥ 18 px in elder mode; captions aside), line height ≥ 1.3, text contrast ≥ 4.5:1 (3:1 from
// 24 px), tap targets ≥ 44×44 and main controls ≥ 60×60 in elder mode, every view with a tap handler
// has a role, one-word labels never break, nothing wider than the screen. Screenshots of every
// resident page in both modes go to test/artifacts/e2e/a11y-*.png. Also: a browser set to a larger
// font opens in elder mode before anyone chooses, and a new person is offered it once on 首页.
import path from 'node:path'
import type { Page } from 'playwright-core'
import { axeViolations, failures, measure, type AxeViolation, type Mode } from '../support/a11y'
import { ARTIFACTS, current, loginAs, openPhone, type Phone } from '../support/browser'
import { e2eWorld } from '../support/e2eCloud'

jest.setTimeout(600_000)

const world = e2eWorld()
const db = () => world.env.cloud.emulator.db

/**
 * axe findings that are not the app's (Taro's own page shell), matched by rule and by the element it
 * names, each with the reason it is left. None at present: the title bar's icons, the tab bar and its
 * badge are styled in app.css and pass. (Not axe findings but kept by design, docs/a11y.md: the sheet's
 * mask closes on tap and is aria-hidden, its 关闭 button does the same.)
 */
const EXCEPTIONS: Array<{ rule: string; node: RegExp; reason: string }> = []

function serious(vs: AxeViolation[]): string[] {
  const out: string[] = []
  for (const v of vs) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue
    const nodes = v.nodes.filter((n) => !EXCEPTIONS.some((e) => e.rule === v.id && e.node.test(n)))
    for (const n of nodes) out.push(`axe ${v.id} (${v.impact}): ${v.help} — ${n}`)
  }
  return out
}

async function call<T = { id: string }>(fn: string, openid: string, action: string, payload: object): Promise<T> {
  const r = (await world.env.cloud.runtime.invoke(fn, { action, payload }, { openid })) as { ok: boolean; data: T; error?: unknown }
  if (!r.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(r.error)}`)
  return r.data
}

const RESIDENT = 'demo-resident-1'
const ADMIN = 'demo-admin-c1'

interface Visit {
  /** The route without the leading slash, and its query. */
  url: string
  /** Screenshot name for the resident's pages. */
  shot?: string
}

/** Every page of app.config.ts, each as a role that may open it; ids are made in beforeAll. */
function visits(ids: { order: string; wish: string; activity: string; registration: string }): Array<{ openid: string; role: string; pages: Visit[] }> {
  return [
    {
      openid: RESIDENT,
      role: 'resident',
      pages: [
        { url: 'pages/index/index', shot: 'home' },
        { url: 'pages/tasks/index', shot: 'tasks' },
        { url: 'pages/activities/index', shot: 'activities' },
        { url: 'pages/mine/index', shot: 'mine' },
        { url: 'pages/profile/index', shot: 'profile' },
        { url: 'pages/order/new/index', shot: 'order-new' },
        { url: 'pages/order/mine/index', shot: 'order-mine' },
        { url: `pages/order/detail/index?id=${ids.order}`, shot: 'order-detail' },
        { url: 'packages/me/inbox/index', shot: 'inbox' },
        { url: 'packages/wish/board/index', shot: 'wish-board' },
        { url: `packages/wish/detail/index?id=${ids.wish}`, shot: 'wish-detail' },
        { url: 'packages/wish/post/index', shot: 'wish-post' },
        { url: 'packages/wish/mine/index', shot: 'wish-mine' },
        { url: 'packages/points/mine/index', shot: 'points-mine' },
        { url: 'packages/points/store/index', shot: 'points-store' },
        { url: 'packages/points/ranking/index', shot: 'points-ranking' },
        { url: `packages/activity/detail/index?id=${ids.activity}`, shot: 'activity-detail' },
        { url: 'packages/activity/mine/index', shot: 'activity-mine' },
        { url: 'packages/report/form/index', shot: 'report-form' },
        { url: 'packages/report/status/index', shot: 'report-status' },
      ],
    },
    { openid: 'demo-member-07', role: 'member', pages: [{ url: 'pages/tasks/index' }, { url: 'pages/index/index' }] },
    { openid: 'demo-grid-1', role: 'gridWorker', pages: [{ url: 'pages/order/new/index?behalf=1' }, { url: 'packages/wish/post/index?behalf=1' }, { url: 'packages/admin/orders/index' }] },
    {
      openid: ADMIN,
      role: 'communityAdmin',
      pages: [
        { url: 'pages/index/index' },
        { url: 'packages/admin/home/index' },
        { url: 'packages/admin/orders/index' },
        { url: `packages/admin/order/index?id=${ids.order}` },
        { url: 'packages/org/staff/index' },
        { url: 'packages/org/units/index' },
        { url: 'packages/org/needs/index' },
        { url: 'packages/org/projects/index' },
        { url: 'packages/org/roster/index' },
        { url: 'packages/report/queue/index' },
        { url: `packages/report/review/index?id=${ids.registration}` },
        { url: 'packages/wish/review/index' },
        { url: 'packages/points/admin/index' },
        { url: 'packages/points/verify/index' },
        { url: 'packages/activity/manage/index' },
        { url: 'packages/activity/edit/index' },
        { url: `packages/activity/code/index?id=${ids.activity}` },
        { url: `packages/activity/roster/index?id=${ids.activity}` },
      ],
    },
    { openid: 'demo-street', role: 'streetAdmin', pages: [{ url: 'packages/org/structure/index' }, { url: 'packages/org/staff/index' }] },
    { openid: 'demo-unit-admin', role: 'unitAdmin', pages: [{ url: 'packages/org/unit/index' }, { url: 'packages/org/ledger/index' }] },
    { openid: 'demo-dept-1', role: 'department', pages: [{ url: 'pages/tasks/index' }] },
  ]
}

/** Opens a page by its hash route and waits until it has drawn its data (no skeleton, no spinner). */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(`/#/${url}`)
  const route = url.split('?')[0]
  await page.waitForURL((u) => u.hash.includes(route))
  const here = current(page)
  await here.locator('.lx-page').first().waitFor()
  await page.waitForFunction(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none')
    const top = pages[pages.length - 1]
    return !!top && !top.querySelector('[aria-busy="true"], .lx-skeleton, .lx-loading')
  })
  // Taro's slide-in (~600 ms): sizes and colours are read once it has settled.
  await page.waitForTimeout(700)
}

async function audit(page: Page, mode: Mode, label: string): Promise<string[]> {
  // The role may open this page: it shows its content, not 没有权限.
  const denied = await current(page).locator('.lx-state__mark--error').count()
  const out = denied ? [`${label}: shows an error state`] : []
  out.push(...serious(await axeViolations(page)).map((f) => `${label}: ${f}`))
  out.push(...failures(await measure(page), mode).map((f) => `${label}: ${f}`))
  return out
}

const setLargeText = (openid: string, on: boolean) => call('member', openid, 'updateProfile', { largeText: on })

let ids: { order: string; wish: string; activity: string; registration: string }

beforeAll(async () => {
  const order = await call('order', RESIDENT, 'submit', {
    requestKey: 'a11y-order-1',
    category: '助老',
    text: '老伴腿脚不便，想请人每周陪去一次医院复查',
    place: { kind: 'room', buildingId: 'c1-g1-b1', room: '1单元302' },
    urgency: 'yellow',
  })
  const wish = await call('wish', RESIDENT, 'post', {
    requestKey: 'a11y-wish-1',
    title: '想要一台收音机',
    story: '老人眼睛不好，平时喜欢听戏，想要一台简单好用的收音机。',
    category: '生活物资',
    beneficiaryType: '老人',
    ageBand: '80岁及以上',
    value: 60,
    wishedBy: new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10),
    consent: true,
    delivery: 'direct',
  })
  await call('wish', ADMIN, 'review', { wishId: wish.id, decision: 'approve' })
  const start = Date.now() + 48 * 3600_000
  const activity = await call('activity', ADMIN, 'publish', {
    title: '社区环境清洁日',
    description: '清理小区公共区域的垃圾和小广告，请穿方便劳动的衣服。',
    category: '环境整治',
    place: { name: '和平社区广场', lat: 39.9, lng: 116.4, radius: 300 },
    start: new Date(start).toISOString(),
    end: new Date(start + 3 * 3600_000).toISOString(),
    signupEnd: new Date(start - 3600_000).toISOString(),
    capacity: 10,
    requestKey: 'a11y-activity-1',
  })
  const u = db().get('users', 'demo-resident-2') as { communityId: string; gridId: string; buildingId: string; realName: string; phone: string }
  const registration = await call('member', 'demo-resident-2', 'report', {
    requestKey: 'a11y-report-1',
    type: 'volunteer',
    communityId: u.communityId,
    gridId: u.gridId,
    buildingId: u.buildingId,
    realName: u.realName,
    phone: u.phone,
    skills: ['陪护'],
    availability: ['sat-am'],
  })
  ids = { order: order.id, wish: wish.id, activity: activity.id, registration: registration.id }
})

test('every page, both modes, each role: no serious axe violation, sizes, contrast and targets kept', async () => {
  const problems: string[] = []
  let audited = 0
  for (const who of visits(ids)) {
    const phone: Phone = await openPhone(world.env.cloud.url)
    world.phones.push(phone)
    const { page } = phone
    for (const mode of ['normal', 'large'] as Mode[]) {
      await setLargeText(who.openid, mode === 'large')
      if (mode === 'normal') await loginAs(page, who.openid)
      else await page.reload()
      for (const v of who.pages) {
        await open(page, v.url)
        const large = await current(page).locator('.lx-page.lx-large').count()
        expect([v.url, mode, large > 0]).toEqual([v.url, mode, mode === 'large'])
        problems.push(...(await audit(page, mode, `${who.role} ${v.url} [${mode}]`)))
        audited++
        if (v.shot && who.role === 'resident') await page.screenshot({ path: path.join(ARTIFACTS, `a11y-${v.shot}-${mode}.png`) })
      }
    }
    expect(phone.errors).toEqual([])
  }
  expect(audited).toBeGreaterThan(80)
  expect(problems).toEqual([])
})

test('the login page, and a browser set to a larger font: elder mode before choosing, offered once on 首页', async () => {
  const problems: string[] = []
  const plain = await openPhone(world.env.cloud.url)
  world.phones.push(plain)
  await plain.page.goto('/')
  await plain.page.waitForURL(/pages\/login/)
  await plain.page.locator('#login-demo-resident-1').waitFor()
  await plain.page.waitForTimeout(700)
  expect(await current(plain.page).locator('.lx-page.lx-large').count()).toBe(0)
  problems.push(...(await audit(plain.page, 'normal', 'login [normal]')))

  // 20 px instead of the standard 16: the app opens in elder mode, login page included.
  const big = await openPhone(world.env.cloud.url, { defaultFontSize: 20 })
  world.phones.push(big)
  const { page } = big
  await page.goto('/')
  await page.waitForURL(/pages\/login/)
  await page.locator('#login-demo-resident-1').waitFor()
  await page.waitForTimeout(700)
  await current(page).locator('.lx-page.lx-large').waitFor()
  problems.push(...(await audit(page, 'large', 'login [large, browser font]')))
  await page.screenshot({ path: path.join(ARTIFACTS, 'a11y-login-large.png') })

  // A new person (no choice yet): 首页 is large and offers to keep it, prominently, once.
  await page.locator('#login-openid input').fill('a11y-new-person')
  await current(page).locator('.login-new .lx-btn').click()
  await page.waitForURL(/pages\/index/)
  const offer = current(page).locator('#large-text-offer')
  await offer.getByText('您的手机设置了大号字体，我们已为您打开大字模式。').waitFor()
  await page.waitForTimeout(700)
  expect(await current(page).locator('.lx-page.lx-large').count()).toBe(1)
  problems.push(...(await audit(page, 'large', 'home with the offer [large, browser font]')))
  await page.screenshot({ path: path.join(ARTIFACTS, 'a11y-offer-large.png') })
  expect(db().get('users', 'a11y-new-person')?.largeText).toBeUndefined()

  await offer.getByText('好的，保持大字', { exact: true }).click()
  await offer.waitFor({ state: 'detached' })
  expect(db().get('users', 'a11y-new-person')).toMatchObject({ largeText: true })
  // Answered once: a new launch does not offer it again.
  await page.reload()
  await current(page).locator('.home-hero__greet').waitFor()
  await page.waitForTimeout(700)
  expect(await current(page).locator('#large-text-offer').count()).toBe(0)
  expect(await current(page).locator('.lx-page.lx-large').count()).toBe(1)

  expect(problems).toEqual([])
  expect(plain.errors).toEqual([])
  expect(big.errors).toEqual([])
})

test('zoom is allowed: the viewport does not forbid scaling', async () => {
  const phone = await openPhone(world.env.cloud.url)
  world.phones.push(phone)
  await loginAs(phone.page, RESIDENT)
  const viewport = await phone.page.locator('meta[name=viewport]').getAttribute('content')
  expect(viewport).not.toMatch(/user-scalable\s*=\s*(no|0)/)
  expect(viewport).not.toMatch(/maximum-scale\s*=\s*1(\.0)?\b/)
})
