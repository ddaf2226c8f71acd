// Points in a real browser: a member's confirmed work shows in 我的 and 我的积分 (balance, hours, history);
// they redeem in 爱心超市 (confirm → a pickup code); the community admin checks it off by the code in
// 爱心超市管理; the member's 我的兑换 says 已领取, and the stored balance equals the ledger. The member's
// 志愿服务记录 downloads as a PDF that reads back; the demo 核销员, listed on the login page as such, checks
// off another pickup with only the check in sight.
import fs from 'node:fs'
import type { Download } from 'playwright-core'
import { e2eWorld } from '../support/e2eCloud'
import { answerModal, current, loginAs, openPhone, shot, tabBar } from '../support/browser'
import { readerText } from '../support/pdf'

jest.setTimeout(120_000)

const world = e2eWorld()
const { phoneOf } = world
const db = () => world.env.cloud.emulator.db

async function call<T = { id: string }>(fn: string, openid: string, action: string, payload: object): Promise<T> {
  const r = (await world.env.cloud.runtime.invoke(fn, { action, payload }, { openid })) as { ok: boolean; data: T; error?: unknown }
  if (!r.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(r.error)}`)
  return r.data
}

const MEMBER = 'demo-member-07'
const ADMIN = 'demo-admin-c1'

test('earn → balance shows → redeem → the admin checks it off by code', async () => {
  // Earn: an order done by the member and confirmed by the resident.
  const { id } = await call('order', 'demo-resident-2', 'submit', { requestKey: 'e2e-points-1', category: '维修', text: '楼道的声控灯不亮了，晚上上下楼看不见。', place: { kind: 'room', buildingId: 'c1-g2-b4', room: '2单元101' }, urgency: 'green' })
  await call('order', ADMIN, 'accept', { orderId: id, colour: 'yellow', points: 30, hours: 2, slots: 1, deadline: new Date(Date.now() + 48 * 3600_000).toISOString() })
  await call('order', ADMIN, 'publish', { orderId: id })
  await call('order', MEMBER, 'claim', { orderId: id })
  await call('order', MEMBER, 'start', { orderId: id })
  await call('order', MEMBER, 'complete', { orderId: id, note: '换了灯泡', photos: [] })
  await call('order', 'demo-resident-2', 'confirm', { orderId: id })
  const balance = (db().get('balances', MEMBER) as { points: number }).points
  expect(balance).toBeGreaterThanOrEqual(30)
  const goods = await call('points', ADMIN, 'saveGoods', { requestKey: 'e2e-points-goods-1', name: '爱心大米', price: 20, stock: 5, limit: 1, on: true })

  const member = await phoneOf(MEMBER)
  const page = member.page
  await tabBar(page).getByText('我的').click()
  await page.waitForURL(/pages\/mine/)
  await current(page).getByText(`${balance} 积分`).waitFor()
  await current(page).getByText('我的积分').click()
  await page.waitForURL(/packages\/points\/mine/)
  await current(page).locator('#points-balance').getByText(String(balance)).waitFor()
  await current(page).locator('#points-history').getByText('服务单', { exact: false }).first().waitFor()
  await shot(page, 'points-mine')

  await current(page).getByText('爱心超市').first().click()
  await page.waitForURL(/packages\/points\/store/)
  const card = current(page).locator('.lx-card', { hasText: '爱心大米' })
  await card.getByText('兑换', { exact: true }).click()
  await answerModal(page, '确定')
  await page.locator('.taro-modal__content', { hasText: '取货码' }).waitFor()
  const code = ((await page.locator('.taro-modal__content').textContent()) ?? '').match(/\d{8}/)?.[0]
  expect(code).toMatch(/^\d{8}$/)
  await shot(page, 'points-redeemed')
  await answerModal(page, '确定')
  expect(db().get('goods', goods.id)).toMatchObject({ stock: 4 })

  const admin = await phoneOf(ADMIN)
  const ap = admin.page
  await tabBar(ap).getByText('我的').click()
  await ap.waitForURL(/pages\/mine/)
  await current(ap).getByText('爱心超市管理').click()
  await ap.waitForURL(/packages\/points\/admin/)
  await current(ap).getByText('取货码').first().waitFor()
  await current(ap).locator('input:not([type=checkbox])').first().fill(code!)
  await current(ap).getByText('核销', { exact: true }).last().click()
  await ap.locator('.taro-modal__content', { hasText: '爱心大米' }).waitFor()
  await shot(ap, 'points-verified')
  await answerModal(ap, '确定')

  const r = db().find('redemptions', { openid: MEMBER })
  expect(r).toEqual([expect.objectContaining({ status: 'collected', code })])
  // Both sides' history.
  await current(page).getByText('我的兑换').click()
  await page.reload()
  await page.waitForURL(/packages\/points\/store/)
  await current(page).getByText('我的兑换').click()
  await current(page).locator('.lx-card', { hasText: '爱心大米' }).getByText('已领取').waitFor()
  await shot(page, 'points-collected')
  const entries = db().find('ledger', { openid: MEMBER }) as Array<{ points: number }>
  expect((db().get('balances', MEMBER) as { points: number }).points).toBe(entries.reduce((n, e) => n + e.points, 0))
})

test('the record downloads as a PDF; the demo 核销员 checks off a pickup and sees nothing else of the store', async () => {
  // 我的积分 → 志愿服务记录 → 下载PDF: a real PDF with the record's code and work.
  const member = await phoneOf(MEMBER)
  const page = member.page
  await page.goto('/#/packages/points/mine/index')
  await current(page).locator('#points-balance').waitFor()
  await current(page).locator('.pts-links').getByText('志愿服务记录').click()
  const extra = await current(page).locator('.lx-card', { hasText: '验证码' }).getByText(/验证码 [A-Z0-9]{10}/).textContent()
  const code = extra!.match(/[A-Z0-9]{10}/)![0]
  const download = new Promise<Download>((resolve) => {
    page.once('download', resolve)
    member.context.once('page', (p) => p.once('download', resolve))
  })
  await current(page).locator('.record-pdf').click()
  const got = await download
  expect(got.suggestedFilename()).toBe(`志愿服务记录-${code}.pdf`)
  const bytes = fs.readFileSync((await got.path())!)
  expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4')
  const read = readerText(bytes)
  expect(read.pages.flat()).toEqual(expect.arrayContaining(['志愿服务记录', `验证码：${code}`, '日期', '服务内容', '时长', '确认组织']))
  expect(read.pages.flat()).toContainEqual(expect.stringMatching(/^服务单\S*：维修$/))
  await shot(page, 'points-record-pdf')

  // The 核销员: listed on the login page under their role, with what it is for.
  const { id: goodsId } = await call('points', ADMIN, 'saveGoods', { requestKey: 'e2e-points-goods-2', name: '爱心挂面', price: 5, stock: 3, limit: 1, on: true })
  const r = await call<{ id: string; code: string; status: string }>('points', MEMBER, 'redeem', { requestKey: 'e2e-points-redeem-2', goodsId })
  expect(r).toMatchObject({ status: 'ready', code: expect.stringMatching(/^\d{8}$/) })
  const verifier = await openPhone(world.env.cloud.url)
  world.phones.push(verifier)
  const vp = verifier.page
  await vp.goto('/')
  await vp.waitForURL(/pages\/login/)
  const group = vp.locator('.lx-cell-group', { has: vp.locator('.lx-cell-group__title', { hasText: '核销员 · 爱心超市取货核销' }) })
  await group.locator('#login-demo-verifier-c1').getByText('黄淑珍').waitFor()
  await group.scrollIntoViewIfNeeded()
  await shot(vp, 'login-verifier')
  await loginAs(vp, 'demo-verifier-c1')
  await tabBar(vp).getByText('我的').click()
  await vp.waitForURL(/pages\/mine/)
  await current(vp).getByText('爱心超市核销').click()
  await vp.waitForURL(/packages\/points\/admin/)
  await current(vp).locator('input:not([type=checkbox])').first().waitFor()
  // Only the check: no goods, no redemption list.
  expect(await current(vp).getByText('兑换记录').count()).toBe(0)
  expect(await current(vp).getByText('商品', { exact: true }).count()).toBe(0)
  await current(vp).locator('input:not([type=checkbox])').first().fill(r.code)
  await current(vp).getByText('核销', { exact: true }).last().click()
  await vp.locator('.taro-modal__content', { hasText: '爱心挂面' }).waitFor()
  await shot(vp, 'points-verifier')
  await answerModal(vp, '确定')
  expect(db().get('redemptions', r.id)).toMatchObject({ status: 'collected' })
})
