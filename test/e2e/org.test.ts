// 共建单位 and the organisation in a real browser: a unit registers with 和平社区, the community approves
// it, the unit sees its members' work in its 报到 ledger; residents see the public 社区项目 board; the
// street admin creates a grid and appoints a grid worker there (and takes the appointment back).
import type { Locator, Page } from 'playwright-core'
import { e2eWorld } from '../support/e2eCloud'
import { answerModal, current, shot, toast, toastGone } from '../support/browser'

jest.setTimeout(120_000)

const world = e2eWorld()
const { phoneOf } = world
const db = () => world.env.cloud.emulator.db

async function call<T = { id: string }>(fn: string, openid: string, action: string, payload: object): Promise<T> {
  const r = (await world.env.cloud.runtime.invoke(fn, { action, payload }, { openid })) as { ok: boolean; data: T; error?: unknown }
  if (!r.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(r.error)}`)
  return r.data
}

/** Chooses an option of a selector Picker (Taro h5 draws a wheel): taps the row, then 确定. */
async function pick(page: Page, field: Locator, option: string): Promise<void> {
  await field.click()
  const sheet = page.locator('.weui-picker:visible')
  await sheet.evaluate((e) => Promise.all(e.getAnimations().map((a) => a.finished)))
  await sheet.locator('.weui-picker__item', { hasText: option }).click({ force: true })
  await sheet.locator('.weui-picker__action', { hasText: '确定' }).click()
  await sheet.waitFor({ state: 'hidden' })
}

const UNIT_ADMIN = 'demo-unit-admin'
const ADMIN = 'demo-admin-c1'
const MEMBER = 'demo-member-05' // of the unit u1 (seed), lives in 和平社区

test('a unit registers, the community approves, the unit sees its members’ work', async () => {
  // The member's confirmed work, made through the calls.
  const o = await call('order', 'demo-resident-1', 'submit', { requestKey: 'e2e-org-order-1', category: '维修', text: '单元门的闭门器坏了，门关不上。', place: { kind: 'room', buildingId: 'c1-g1-b1', room: '1单元302' }, urgency: 'green' })
  await call('order', ADMIN, 'accept', { orderId: o.id, colour: 'green', points: 15, hours: 2, slots: 1, deadline: new Date(Date.now() + 48 * 3600_000).toISOString() })
  await call('order', ADMIN, 'publish', { orderId: o.id })
  await call('order', MEMBER, 'claim', { orderId: o.id })
  await call('order', MEMBER, 'start', { orderId: o.id })
  await call('order', MEMBER, 'complete', { orderId: o.id, note: '已更换闭门器', photos: [] })
  await call('order', 'demo-resident-1', 'confirm', { orderId: o.id })

  const unit = await phoneOf(UNIT_ADMIN)
  const up = unit.page
  await current(up).locator('.lx-tile', { hasText: '单位报到' }).click()
  await up.waitForURL(/packages\/org\/unit/)
  await current(up).getByText('本单位还没有向社区报到').waitFor()
  await current(up).getByText('向社区报到', { exact: true }).click()
  const form = current(up).locator('#sheet-unit-report')
  await form.waitFor()
  await pick(up, form.locator('#field-communityId'), '和平社区')
  await form.locator('#field-contactName input').fill('何文静')
  await form.locator('#field-contactPhone input').fill('13900001111')
  await form.locator('#field-intro textarea').fill('区税务局机关党支部，在职党员32名')
  await form.locator('#field-resource-title-0 input').fill('税务政策宣讲')
  await form.locator('#field-resource-detail-0 input').fill('每季度一次')
  await form.getByText('+ 再加一项').click()
  await form.locator('#resource-1').getByText('场地', { exact: true }).click()
  await form.locator('#field-resource-title-1 input').fill('二楼会议室')
  await shot(up, 'org-unit-report-form')
  await form.getByText('提交报到', { exact: true }).click()
  await toast(up, '已提交，等待社区审核').waitFor()
  const card = current(up).locator('#unit-regs .lx-card', { hasText: '和平社区' })
  await card.getByText('待审核').waitFor()
  await toastGone(up)
  await shot(up, 'org-unit-pending')
  const reg = db().find('unit_registrations', { unitId: 'u1', communityId: 'c1' })[0]
  expect(reg).toMatchObject({ status: 'pending', contactName: '何文静', resources: [expect.objectContaining({ title: '税务政策宣讲' }), expect.objectContaining({ title: '二楼会议室', kind: '场地' })] })

  const admin = await phoneOf(ADMIN)
  const ap = admin.page
  await current(ap).locator('.lx-tile', { hasText: '管理后台' }).click()
  await ap.waitForURL(/packages\/admin\/home/)
  await current(ap).getByText('共建单位审核').click()
  await ap.waitForURL(/packages\/org\/units/)
  const pending = current(ap).locator('#unit-review .unit-reg', { hasText: '区税务局机关党支部' })
  await pending.getByText('税务政策宣讲').waitFor()
  await shot(ap, 'org-units-review')
  await pending.getByText('通过', { exact: true }).click()
  await answerModal(ap, '确定')
  await toast(ap, '已通过').waitFor()
  await current(ap).getByText('没有待审核的报到').waitFor()
  await current(ap).getByText('已报到', { exact: true }).click()
  await current(ap).locator('#unit-review .unit-reg', { hasText: '区税务局机关党支部' }).waitFor()
  await toastGone(ap)
  await shot(ap, 'org-units-approved')
  expect(db().get('unit_registrations', reg._id)).toMatchObject({ status: 'approved' })
  expect(db().find('audit', { targetId: reg._id })).toEqual([expect.objectContaining({ by: ADMIN, action: 'unit.approve' })])

  // The unit, told by a notice, sees the approval and its members' work.
  await up.reload()
  await card.getByText('已报到').waitFor()
  await card.getByText('我们的资源').waitFor()
  await shot(up, 'org-unit-approved')
  await current(up).getByText('单位党员报到台账').click()
  await up.waitForURL(/packages\/org\/ledger/)
  const items = current(up).locator('#ledger .ledger-item')
  await items.first().waitFor()
  // The seed's unit members are every fifth demo member (some share a name); one did the order above (this
  // world seeds people, not the demo orders of npm start).
  const stats = await items.evaluateAll((cards) => cards.map((c) => Array.from(c.querySelectorAll('.org-stat__num')).map((n) => n.textContent)))
  // 完成服务单 / 实现心愿 / 服务时长 / 积分
  expect(stats.filter((s) => s.join('/') === '1/0/2/15')).toHaveLength(1)
  expect(stats.filter((s) => s.join('/') === '0/0/0/0')).toHaveLength(stats.length - 1)
  const mine = items.filter({ has: up.locator('.org-stat__num', { hasText: /^15$/ }) })
  expect(await mine.textContent()).toContain('报到社区：和平社区')
  expect(await current(up).locator('#ledger .ledger-item').count()).toBeGreaterThanOrEqual(12)
  await shot(up, 'org-ledger')
  await mine.click()
  await current(up).locator('#sheet-work').getByText('2小时 / 15分').waitFor()
  await shot(up, 'org-ledger-work')
  expect(unit.errors).toEqual([])
  expect(admin.errors).toEqual([])
})

test('residents see the community’s projects on a public board with no person in it', async () => {
  const reg = db().find('unit_registrations', { unitId: 'u1', communityId: 'c1' })[0] as { _id: string }
  const need = await call('org', ADMIN, 'createNeed', { requestKey: 'e2e-org-need-1', communityId: 'c1', title: '老年人防诈骗宣讲', detail: '独居老人多，近期有冒充社保的电话' })
  await call('org', UNIT_ADMIN, 'createProject', { requestKey: 'e2e-org-project-1', needId: need.id, registrationId: reg._id, resourceId: 'r1', plan: '联系人何文静 13900001111' })
  const resident = await phoneOf('demo-resident-2')
  const page = resident.page
  await current(page).locator('.lx-tile', { hasText: '社区项目' }).click()
  await page.waitForURL(/packages\/org\/projects/)
  const item = current(page).locator('#projects .project-item', { hasText: '老年人防诈骗宣讲' })
  await item.getByText('负责单位：区税务局机关党支部').waitFor()
  expect(await item.textContent()).not.toMatch(/何文静|13900001111/)
  await shot(page, 'org-projects-public')
  expect(resident.errors).toEqual([])
})

test('the street admin creates a grid and appoints a grid worker there, then takes it back', async () => {
  const street = await phoneOf('demo-street')
  const page = street.page
  await current(page).locator('.lx-tile', { hasText: '管理后台' }).click()
  await page.waitForURL(/packages\/admin\/home/)
  await current(page).getByText('组织架构', { exact: true }).click()
  await page.waitForURL(/packages\/org\/structure/)
  const hp = current(page).locator('#structure .place-community', { hasText: '和平社区' })
  await hp.getByText('第三网格').waitFor()
  await hp.locator('.lx-card__extra').getByText('+网格').click()
  const sheet = current(page).locator('#sheet-place')
  await sheet.locator('#field-placeName input').fill('第四网格')
  await sheet.getByText('保存', { exact: true }).click()
  await toast(page, '已新建网格').waitFor()
  await hp.getByText('第四网格（0栋）').waitFor()
  await toastGone(page)
  await shot(page, 'org-structure')
  const grid = db().find('grids', { name: '第四网格' })[0] as { _id: string; communityId: string }
  expect(grid).toMatchObject({ communityId: 'c1', streetId: 's1' })

  await page.goBack()
  await page.waitForURL(/packages\/admin\/home/)
  await current(page).getByText('人员任命', { exact: true }).click()
  await page.waitForURL(/packages\/org\/staff/)
  const who = db().get('users', 'demo-resident-3') as { phone: string; realName: string }
  await current(page).locator('#field-personPhone input').fill(who.phone)
  await current(page).getByText('查找', { exact: true }).click()
  const person = current(page).locator('.staff-person', { hasText: who.realName })
  await person.getByText('目前没有任何任命').waitFor()
  await current(page).locator('#assign-role').getByText('网格员', { exact: true }).click()
  await pick(page, current(page).locator('#field-scopeId'), '和平社区 · 第四网格')
  await current(page).locator('#field-assignReason textarea').fill('楼栋长推荐，熟悉居民情况')
  await current(page).getByText('任命', { exact: true }).click()
  await toast(page, '已任命').waitFor()
  await person.locator('.staff-grant', { hasText: '网格员' }).getByText('第四网格', { exact: false }).waitFor()
  await toastGone(page)
  await shot(page, 'org-staff-assigned')
  expect((db().get('users', 'demo-resident-3') as { grants: object[] }).grants).toEqual([{ role: 'gridWorker', streetId: 's1', communityId: 'c1', gridId: grid._id }])
  expect(db().find('audit', { targetId: 'demo-resident-3', action: 'assign' })).toEqual([expect.objectContaining({ by: 'demo-street', note: expect.stringContaining('楼栋长推荐') })])

  await person.locator('.staff-grant', { hasText: '网格员' }).getByText('撤销').click()
  await current(page).locator('#sheet-reason #field-reason textarea').fill('工作调整')
  await current(page).locator('#sheet-reason').getByText('撤销', { exact: true }).click()
  await answerModal(page, '撤销')
  await toast(page, '已撤销').waitFor()
  await person.getByText('目前没有任何任命').waitFor()
  expect((db().get('users', 'demo-resident-3') as { grants: object[] }).grants).toEqual([])
  expect(db().find('audit', { targetId: 'demo-resident-3', action: 'revoke' })).toEqual([expect.objectContaining({ by: 'demo-street', note: expect.stringContaining('工作调整') })])
  expect(street.errors).toEqual([])
})
