// 我的消息 in a real browser: a resident has read everything; a party member claims her order; the unread
// count shows on 首页 and 我的 (and the tab bar); she opens 我的消息, taps the notice, lands on her order,
// and the count is gone. The stored notices say the same.
import { e2eWorld } from '../support/e2eCloud'
import { current, shot, tabBar } from '../support/browser'

jest.setTimeout(90_000)

const world = e2eWorld()
const { phoneOf } = world
const db = () => world.env.cloud.emulator.db

async function call<T = { id: string }>(fn: string, openid: string, action: string, payload: object): Promise<T> {
  const r = (await world.env.cloud.runtime.invoke(fn, { action, payload }, { openid })) as { ok: boolean; data: T; error?: unknown }
  if (!r.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(r.error)}`)
  return r.data
}

const RESIDENT = 'demo-resident-2'
const unread = () => db().find('notifications', { openid: RESIDENT, read: false })

test('the badge appears when her order is claimed, and reading the notice clears it', async () => {
  const TEXT = '阳台晾衣架的绳子断了，老人够不着，想请人帮忙换一下。'
  const { id } = await call('order', RESIDENT, 'submit', { requestKey: 'e2e-inbox-1', category: '维修', text: TEXT, place: { kind: 'room', buildingId: 'c1-g2-b4', room: '2单元101' }, urgency: 'green' })
  await call('order', 'demo-admin-c1', 'accept', { orderId: id, colour: 'green', points: 10, hours: 1, slots: 1, deadline: new Date(Date.now() + 48 * 3600_000).toISOString() })
  await call('order', 'demo-admin-c1', 'publish', { orderId: id })
  await call('notice', RESIDENT, 'read', {})
  expect(unread()).toEqual([])

  const resident = await phoneOf(RESIDENT)
  const page = resident.page
  await tabBar(page).getByText('我的').click()
  await page.waitForURL(/pages\/mine/)
  await current(page).getByText('我的消息').waitFor()
  expect(await current(page).locator('.lx-tag', { hasText: '条未读' }).count()).toBe(0)

  await call('order', 'demo-member-05', 'claim', { orderId: id })
  expect(unread()).toEqual([expect.objectContaining({ title: '有人领单了', link: `/pages/order/detail/index?id=${id}` })])

  // Back on 首页 the count is asked again: on the tile, and as the 我的 tab's badge.
  await tabBar(page).getByText('首页').click()
  await page.waitForURL(/pages\/index/)
  await current(page).locator('.lx-tile', { hasText: '我的消息' }).getByText('1条未读').waitFor()
  await current(page).locator('.lx-tile__badge', { hasText: '1' }).waitFor()
  await shot(page, 'inbox-home-badge')
  await tabBar(page).getByText('我的').click()
  await page.waitForURL(/pages\/mine/)
  await current(page).locator('.lx-tag', { hasText: '1条未读' }).waitFor()
  await shot(page, 'inbox-mine-badge')

  await current(page).getByText('我的消息').click()
  await page.waitForURL(/packages\/me\/inbox/)
  const item = current(page).locator('#inbox .inbox-item--unread', { hasText: '有人领单了' })
  await item.waitFor()
  expect(await item.textContent()).toContain('已有党员领取')
  await shot(page, 'inbox-list-unread')
  await item.click()
  await page.waitForURL(/order\/detail\/index\?id=/)
  await current(page).getByText(TEXT).waitFor()
  expect(unread()).toEqual([])

  await page.goBack()
  await page.waitForURL(/packages\/me\/inbox/)
  await current(page).locator('#inbox .inbox-item', { hasText: '有人领单了' }).waitFor()
  expect(await current(page).locator('#inbox .inbox-item--unread').count()).toBe(0)
  await page.goBack()
  await page.waitForURL(/pages\/mine/)
  await current(page).getByText('我的消息').waitFor()
  await page.waitForFunction(() => !Array.from(document.querySelectorAll('.taro_page .lx-tag')).some((e) => (e.textContent ?? '').includes('条未读') && (e as HTMLElement).offsetParent))
  await shot(page, 'inbox-mine-cleared')
  expect(resident.errors).toEqual([])
})
