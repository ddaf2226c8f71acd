// The service-order moves the other browser tests leave out, each clicked through on its own phone:
// a grid worker orders for a resident without a phone and later co-signs the work; a resident withdraws
// before acceptance; a member claims and lets go; a volunteer does not see 党员-only work; a resident
// says 没解决 after the community closed her order. What leads up to each is made through the real
// calls (those moves have their own browser tests); the stored state is read back from the database.
import type { Locator, Page } from 'playwright-core'
import { e2eWorld } from '../support/e2eCloud'
import { answerModal, current, shot, tabBar, toast, toastGone } from '../support/browser'

jest.setTimeout(90_000)

const world = e2eWorld()
const { phoneOf } = world

const db = () => world.env.cloud.emulator.db

/** One order call through the real function, as the person would make it. */
let keys = 0
async function call<T = { id: string }>(openid: string, action: string, payload: object): Promise<T> {
  if (action === 'submit') payload = { requestKey: `e2e-more-${++keys}`, ...payload }
  const r = (await world.env.cloud.runtime.invoke('order', { action, payload }, { openid })) as { ok: boolean; data: T; error?: unknown }
  if (!r.ok) throw new Error(`${action} as ${openid}: ${JSON.stringify(r.error)}`)
  return r.data
}

const ADMIN = 'demo-admin-c1'
const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString()
const room = (buildingId: string, r: string) => ({ kind: 'room', buildingId, room: r })

/** Accepted with these terms and published to the task hall by the community. */
async function publish(orderId: string, terms: { points?: number; slots?: number; membersOnly?: boolean } = {}) {
  await call(ADMIN, 'accept', { orderId, colour: 'yellow', points: 10, hours: 1, slots: 1, deadline: inHours(48), ...terms })
  await call(ADMIN, 'publish', { orderId })
}

/** Chooses an option of a selector Picker (Taro h5 draws a wheel): taps the row, then 确定. */
async function pick(page: Page, field: Locator, option: string): Promise<void> {
  await field.click()
  // The wheel is moved out of the page to the document's end; the one showing is the open one.
  const sheet = page.locator('.weui-picker:visible')
  // The wheel slides up; a tap is read by its height on the screen, so only once it stands still.
  await sheet.evaluate((e) => Promise.all(e.getAnimations().map((a) => a.finished)))
  // The wheel's shading lies over its rows and takes the tap for them (the wheel listens on its group).
  await sheet.locator('.weui-picker__item', { hasText: option }).click({ force: true })
  await sheet.locator('.weui-picker__action', { hasText: '确定' }).click()
  await sheet.waitFor({ state: 'hidden' })
}

const bar = (page: Page) => current(page).locator('#order-actions')
const status = (page: Page, label: string) => current(page).locator('.order-status__label', { hasText: label })

test('网格员代居民点单, then co-signs 确认办结 for her', async () => {
  const TEXT = '张奶奶独居，腿脚不便，想请人每周帮忙去社区医院取一次药。'
  const grid = await phoneOf('demo-grid-1')
  const page = grid.page
  await current(page).getByText('代居民点单').click()
  await page.waitForURL(/order\/new\/index\?behalf=1/)
  const form = current(page)
  await form.getByText('为没有智能手机的居民登记需求').waitFor()
  await form.locator('#field-name input').fill('张桂英')
  await form.locator('#field-phone input').fill('13900001111')
  // Her grid's buildings only, and nothing filled in from the worker's own home.
  expect(await form.locator('#field-buildingId').textContent()).toContain('请选择楼栋')
  expect(await form.locator('#field-room input').inputValue()).toBe('')
  await pick(page, form.locator('#field-buildingId'), '2号楼')
  expect(await form.locator('#field-buildingId').textContent()).toContain('2号楼')
  await form.locator('#field-room input').fill('3单元102')
  await form.locator('#field-category').getByText('助老', { exact: true }).click()
  await form.locator('#field-text textarea').fill(TEXT)
  // The screenshot shows where: her grid's building and the room.
  await form.locator('#field-room').evaluate((e) => e.scrollIntoView({ block: 'center' }))
  await shot(page, 'more-grid-behalf-form')
  await form.getByText('提交', { exact: true }).click()
  await page.waitForURL(/order\/detail\/index\?id=/)
  const orderId = new URL(page.url().replace('#', '')).searchParams.get('id')!
  await status(page, '待受理').waitFor()
  const people = current(page).locator('.order-cells', { hasText: '居民（代点单）' })
  await people.getByText('张桂英').waitFor()
  await people.getByText('13900001111').waitFor()
  // Her name is not the worker's: no 我 beside it.
  expect(await people.locator('.order-person .lx-tag').count()).toBe(0)
  await toastGone(page)
  await shot(page, 'more-grid-behalf-submitted')
  expect(db().get('orders', orderId)).toMatchObject({
    status: 'submitted',
    ordererId: 'demo-grid-1',
    ordererName: '张桂英',
    ordererPhone: '13900001111',
    onBehalf: { by: 'demo-grid-1', byName: '刘桂芳' },
    gridId: 'c1-g1',
    buildingId: 'c1-g1-b2',
    room: '3单元102',
    category: '助老',
  })

  // The community accepts and publishes it; a member claims it, does it and reports it done.
  await publish(orderId, { points: 15 })
  await call('demo-member-01', 'claim', { orderId })
  await call('demo-member-01', 'start', { orderId })
  await call('demo-member-01', 'complete', { orderId, note: '已陪张奶奶取药，约好下周同一时间再去。', photos: [] })

  // The grid worker finds it under 我的服务单, waiting for confirmation, and confirms for the resident.
  await page.goBack()
  await page.waitForURL(/pages\/index/)
  await current(page).getByText('我的服务单').click()
  await page.waitForURL(/order\/mine/)
  const card = current(page).locator('#my-orders .order-item', { hasText: TEXT })
  await card.locator('.order-item__status', { hasText: '待确认' }).waitFor()
  await shot(page, 'more-grid-mine')
  await card.click()
  await page.waitForURL(new RegExp(`order/detail/index\\?id=${orderId}`))
  await status(page, '待确认').waitFor()
  await current(page).locator('.order-detail .order-text', { hasText: '已陪张奶奶取药，约好下周同一时间再去。' }).waitFor()
  await shot(page, 'more-grid-confirm')
  // 代确认 for 张奶奶: asked first.
  await bar(page).getByText('代确认办结', { exact: true }).click()
  await answerModal(page, '代确认')
  await toast(page, '已确认办结').waitFor()
  await status(page, '待评价').waitFor()
  await toastGone(page)
  await shot(page, 'more-grid-confirmed')

  expect(db().get('orders', orderId)).toMatchObject({ status: 'confirmed', claims: [{ openid: 'demo-member-01', status: 'paid' }] })
  expect(db().get('orders', orderId).timeline.at(-1)).toMatchObject({ by: 'demo-grid-1', action: 'confirm', to: 'confirmed' })
  expect(db().get('ledger', `order:${orderId}:demo-member-01`)).toMatchObject({ openid: 'demo-member-01', points: 15, official: true })
  expect(grid.errors).toEqual([])
})

test('a resident withdraws her order before it is accepted', async () => {
  const TEXT = '家里油烟机太脏了，自己够不着，想请人帮忙清洗一下。'
  const resident = await phoneOf('demo-resident-1')
  const page = resident.page
  await current(page).getByText('我要点单').click()
  await page.waitForURL(/order\/new/)
  const form = current(page)
  await form.locator('#field-category').getByText('家政', { exact: true }).click()
  await form.locator('#field-text textarea').fill(TEXT)
  expect(await form.locator('#field-buildingId').textContent()).toContain('1号楼')
  await shot(page, 'more-resident-new')
  await form.getByText('提交', { exact: true }).click()
  await page.waitForURL(/order\/detail\/index\?id=/)
  const orderId = new URL(page.url().replace('#', '')).searchParams.get('id')!
  await status(page, '待受理').waitFor()
  expect(db().get('orders', orderId)).toMatchObject({ status: 'submitted', ordererId: 'demo-resident-1' })

  // 撤回 asks first.
  await toastGone(page)
  await bar(page).getByText('撤回', { exact: true }).click()
  await page.locator('.taro-modal__title', { hasText: '撤回服务单' }).waitFor()
  await shot(page, 'more-resident-withdraw-ask')
  await answerModal(page, '撤回')
  await toast(page, '已撤回').waitFor()
  await status(page, '已撤回').waitFor()
  expect(await bar(page).count()).toBe(0)
  await toastGone(page)
  await shot(page, 'more-resident-withdrawn')
  expect(db().get('orders', orderId)).toMatchObject({ status: 'withdrawn', closedAt: expect.any(Date) })

  // 我的服务单: no longer 进行中, listed under 已结束.
  await page.goBack()
  await page.waitForURL(/pages\/index/)
  await current(page).getByText('我的服务单').click()
  await page.waitForURL(/order\/mine/)
  await current(page).getByText('没有进行中的服务单').waitFor()
  await current(page).locator('.lx-tabs').getByText('已结束').click()
  const card = current(page).locator('#my-orders .order-item', { hasText: TEXT })
  await card.locator('.order-item__status', { hasText: '已撤回' }).waitFor()
  await shot(page, 'more-resident-mine-ended')
  expect(resident.errors).toEqual([])
})

test('a member claims in 任务大厅, then 放弃领单: the order is back in the hall', async () => {
  const TEXT = '单元门的闭门器坏了，门关不上，冬天楼道里很冷。'
  const { id: orderId } = await call('demo-resident-3', 'submit', { category: '维修', text: TEXT, place: room('c1-g3-b8', '3单元502'), urgency: 'yellow' })
  await publish(orderId)

  const member = await phoneOf('demo-member-03')
  const page = member.page
  await tabBar(page).getByText('任务').click()
  await page.waitForURL(/pages\/tasks/)
  const task = () => current(page).locator('#task-hall .order-item', { hasText: TEXT })
  await task().waitFor()
  expect(await task().textContent()).toContain('已领 0/1')
  await shot(page, 'more-member-hall')
  await task().click()
  await page.waitForURL(/order\/detail\/index\?id=/)
  await bar(page).getByText('领单', { exact: true }).click()
  await toast(page, '领单成功').waitFor()
  await status(page, '已领单').waitFor()
  expect(db().get('orders', orderId).claims).toEqual([expect.objectContaining({ openid: 'demo-member-03', status: 'claimed' })])
  await toastGone(page)
  await shot(page, 'more-member-claimed')

  await bar(page).getByText('放弃领单').click()
  await page.locator('.taro-modal__title', { hasText: '放弃领单' }).waitFor()
  await shot(page, 'more-member-release-ask')
  await answerModal(page, '放弃')
  await toast(page, '已放弃领单').waitFor()
  await status(page, '待领单').waitFor()
  await bar(page).getByText('领单', { exact: true }).waitFor()
  await toastGone(page)
  await shot(page, 'more-member-released')
  expect(db().get('orders', orderId)).toMatchObject({ status: 'published', taken: 0, slotsFree: 1, claimerIds: [] })
  expect(db().get('orders', orderId).claims).toEqual([expect.objectContaining({ openid: 'demo-member-03', status: 'released', endedAt: expect.any(Date) })])

  // Not among 我的任务 any more, and in the hall again with its place free (each tab read afresh).
  await page.goBack()
  await page.waitForURL(/pages\/tasks/)
  await current(page).locator('.lx-tabs').getByText('我的任务').click()
  await current(page).getByText('没有进行中的任务').waitFor()
  await current(page).locator('.lx-tabs').getByText('任务大厅').click()
  await task().waitFor()
  expect(await task().textContent()).toContain('已领 0/1')
  await shot(page, 'more-member-hall-again')
  expect(member.errors).toEqual([])
})

test('党员-only work is not in a volunteer’s task hall; a member sees it, tagged 党员', async () => {
  const PARTY = '社区党员先锋岗：周六上午帮独居老人整理阳台杂物。'
  const OPEN = '帮忙把小区宣传栏的旧海报撕下来，换上新的防诈骗宣传画。'
  const party = await call('demo-resident-2', 'submit', { category: '其他', text: PARTY, place: room('c1-g2-b4', '2单元101'), urgency: 'green' })
  await publish(party.id, { membersOnly: true, slots: 2 })
  const open = await call('demo-resident-2', 'submit', { category: '其他', text: OPEN, place: room('c1-g2-b4', '2单元101'), urgency: 'green' })
  await publish(open.id)
  expect(db().get('orders', party.id)).toMatchObject({ status: 'published', membersOnly: true })

  const volunteer = await phoneOf('demo-volunteer-1')
  let page = volunteer.page
  await tabBar(page).getByText('任务').click()
  await page.waitForURL(/pages\/tasks/)
  let hall = current(page).locator('#task-hall')
  await hall.locator('.order-item', { hasText: OPEN }).waitFor()
  // One answer fills the list: what is not in it now is not coming.
  expect(await hall.locator('.order-item', { hasText: PARTY }).count()).toBe(0)
  expect(await hall.locator('.order-item__party').count()).toBe(0)
  await shot(page, 'more-volunteer-hall')

  const member = await phoneOf('demo-member-04')
  page = member.page
  await tabBar(page).getByText('任务').click()
  await page.waitForURL(/pages\/tasks/)
  hall = current(page).locator('#task-hall')
  const partyCard = hall.locator('.order-item', { hasText: PARTY })
  const openCard = hall.locator('.order-item', { hasText: OPEN })
  await partyCard.waitFor()
  await openCard.waitFor()
  await partyCard.locator('.order-item__party', { hasText: '党员' }).waitFor()
  expect(await openCard.locator('.order-item__party').count()).toBe(0)
  expect(await partyCard.textContent()).toContain('已领 0/2')
  await shot(page, 'more-member04-hall')
  expect(volunteer.errors).toEqual([])
  expect(member.errors).toEqual([])
})

test('a resident says 没解决，重新办理 after the community closed her order', async () => {
  const TEXT = '楼下绿化带的树枝伸到了二楼窗户，刮风时一直敲玻璃。'
  const { id: orderId } = await call('demo-resident-1', 'submit', { category: '环境卫生', text: TEXT, place: room('c1-g1-b1', '1单元302'), urgency: 'green' })
  await call(ADMIN, 'accept', { orderId, colour: 'green', points: 10, hours: 1, slots: 1, deadline: inHours(72) })
  await call(ADMIN, 'close', { orderId, code: 'solved', note: '已联系物业修剪树枝。' })
  expect(db().get('orders', orderId)).toMatchObject({ status: 'closed' })

  const resident = await phoneOf('demo-resident-1')
  let page = resident.page
  await current(page).getByText('我的服务单').click()
  await page.waitForURL(/order\/mine/)
  await current(page).locator('.lx-tabs').getByText('已结束').click()
  const card = current(page).locator('#my-orders .order-item', { hasText: TEXT })
  await card.locator('.order-item__status', { hasText: '已办结' }).waitFor()
  await card.click()
  await page.waitForURL(new RegExp(`order/detail/index\\?id=${orderId}`))
  await status(page, '已办结').waitFor()
  await current(page).locator('.order-detail .order-text', { hasText: '已联系物业修剪树枝。' }).waitFor()
  await bar(page).getByText('没解决，重新办理').waitFor()
  await shot(page, 'more-resident-closed')

  await bar(page).getByText('没解决，重新办理').click()
  const sheet = current(page).locator('#sheet-reopen')
  await sheet.locator('#field-reason textarea').fill('物业只剪了一根，其他树枝还在敲窗户。')
  await shot(page, 'more-resident-reopen')
  await sheet.locator('.lx-sheet__foot').getByText('重新提交').click()
  await toast(page, '已重新提交办理').waitFor()
  await status(page, '重新办理').waitFor()
  await toastGone(page)
  await shot(page, 'more-resident-reopened')
  const stored = db().get('orders', orderId)
  expect(stored).toMatchObject({ status: 'reopened', priority: 1, reopenedAt: expect.any(Date) })
  expect(stored.timeline.at(-1)).toMatchObject({ action: 'reopen', by: 'demo-resident-1', note: '物业只剪了一根，其他树枝还在敲窗户。' })

  // Back in the community's 待处理.
  const admin = await phoneOf(ADMIN)
  page = admin.page
  await current(page).getByText('服务单办理').click()
  await page.waitForURL(/admin\/orders/)
  await current(page).locator('.lx-tabs__item--active', { hasText: '待处理' }).waitFor()
  const todo = current(page).locator('#inbox .order-item', { hasText: TEXT })
  await todo.locator('.order-item__status', { hasText: '重新办理' }).waitFor()
  await todo.scrollIntoViewIfNeeded()
  await shot(page, 'more-admin-todo-reopened')
  expect(resident.errors).toEqual([])
  expect(admin.errors).toEqual([])
})
