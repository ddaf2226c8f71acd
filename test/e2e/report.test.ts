// 双报到 in real browsers on the real stack: a new person logs in, agrees to the privacy notice, reports
// to the community where they live; the community admin approves it from 报到审核; the person now sees
// the 党员 badge, 党员 among their roles, and the task hall. The stored data says the same.
import { e2eWorld } from '../support/e2eCloud'
import { answerModal, current, openPhone, shot, tabBar, toast } from '../support/browser'

jest.setTimeout(120_000)

const world = e2eWorld()
const { phoneOf, phones } = world
const db = () => world.env.cloud.emulator.db
const NEWBIE = 'e2e-newbie-01'

async function call<T = unknown>(fn: string, openid: string, action: string, payload: object): Promise<T> {
  const r = (await world.env.cloud.runtime.invoke(fn, { action, payload }, { openid })) as { ok: boolean; data: T; error?: unknown }
  if (!r.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(r.error)}`)
  return r.data
}

test('a new person: consent → 双报到 → approved by the admin → 党员 badge and the task hall', async () => {
  // Work in 和平社区's task hall.
  const HALL = '楼道声控灯坏了好几天，晚上上下楼看不清。'
  const { id } = await call<{ id: string }>('order', 'demo-resident-1', 'submit', { requestKey: 'e2e-report-hall-1', category: '维修', text: HALL, place: { kind: 'room', buildingId: 'c1-g1-b1', room: '1单元302' }, urgency: 'yellow' })
  await call('order', 'demo-admin-c1', 'accept', { orderId: id, colour: 'yellow', points: 10, hours: 1, slots: 2, deadline: new Date(Date.now() + 48 * 3600_000).toISOString(), membersOnly: true })
  await call('order', 'demo-admin-c1', 'publish', { orderId: id })

  // A new person logs in with an openid of their own (the login page's other-identity field).
  const person = await openPhone(world.env.cloud.url)
  phones.push(person)
  const page = person.page
  await page.goto('/')
  await page.waitForURL(/pages\/login/)
  await page.locator('#login-openid input, input#login-openid').first().fill(NEWBIE)
  await page.getByText('登录', { exact: true }).last().click()
  await page.waitForURL(/pages\/(index|profile)/)
  // Where they live is picked on the profile page (not personal data); here through the same call.
  await call('member', NEWBIE, 'updateProfile', { communityId: 'c1', gridId: 'c1-g2', buildingId: 'c1-g2-b5' })
  expect(db().get('users', NEWBIE).consent).toBeUndefined()

  await tabBar(page).getByText('我的').click()
  await page.waitForURL(/pages\/mine/)
  await page.reload()
  await current(page).getByText('党员双报到 / 申请志愿者').click()
  await page.waitForURL(/packages\/report\/status/)
  await current(page).getByText('您还没有报到').waitFor()
  await shot(page, 'report-01-none')
  await current(page).getByText('党员双报到', { exact: true }).click()
  await page.waitForURL(/packages\/report\/form/)

  // The privacy notice comes first; nothing personal is asked before the person agrees.
  await current(page).locator('#privacy').waitFor()
  await shot(page, 'report-02-privacy')
  await current(page).getByText('同意并继续').click()
  await current(page).locator('#report-form').waitFor()
  expect(db().get('users', NEWBIE).consent).toMatchObject({ version: expect.any(String) })

  const form = current(page)
  await form.locator('#field-realName input, input#field-realName').first().fill('郑晓东')
  await form.locator('#field-phone input, input#field-phone').first().fill('13966667777')
  await form.locator('#field-unitName input, input#field-unitName').first().fill('区财政局')
  await form.locator('#field-branch input, input#field-branch').first().fill('区财政局机关第二党支部')
  await form.locator('#field-skills').getByText('维修', { exact: true }).click()
  await form.locator('#field-skills').getByText('助老', { exact: true }).click()
  await form.locator('#field-availability').getByText('周六上午', { exact: true }).click()
  await form.locator('#field-availability').getByText('周日下午', { exact: true }).click()
  await form.locator('#field-promise textarea, textarea#field-promise').first().fill('每月为楼里独居老人检修一次电器')
  await shot(page, 'report-03-form')
  await form.getByText('提交报到').click()
  await page.waitForURL(/packages\/report\/status/)
  await current(page).locator('#report-status').getByText('待审核').waitFor()
  await shot(page, 'report-04-pending')
  const reg = db().find('registrations', { openid: NEWBIE })
  expect(reg).toEqual([expect.objectContaining({ status: 'pending', type: 'member', realName: '郑晓东', skills: ['维修', '助老'], availability: ['sat-am', 'sun-pm'], gridId: 'c1-g2', buildingId: 'c1-g2-b5' })])
  expect(db().get('users', NEWBIE).grants).toEqual([])

  // The community admin: 管理后台 → 报到审核 → the new registration → 通过.
  const admin = await phoneOf('demo-admin-c1')
  const ap = admin.page
  await ap.goto('/#/packages/admin/home/index')
  await current(ap).getByText('报到审核').click()
  await ap.waitForURL(/packages\/report\/queue/)
  const item = current(ap).locator('.report-item', { hasText: '郑晓东' })
  await item.waitFor()
  await shot(ap, 'report-05-queue')
  await item.click()
  await ap.waitForURL(/packages\/report\/review/)
  await current(ap).getByText('每月为楼里独居老人检修一次电器').waitFor()
  await shot(ap, 'report-06-review')
  await current(ap).getByText('通过', { exact: true }).click()
  await answerModal(ap, '通过')
  await toast(ap, '已通过').waitFor()
  await current(ap).locator('#report-review').getByText('已通过').waitFor()
  await current(ap).getByText('撤销报到').waitFor()
  expect(db().get('users', NEWBIE).grants).toEqual([{ role: 'member', communityId: 'c1', streetId: 's1' }])
  expect(db().find('audit', { targetId: reg[0]._id })).toEqual([expect.objectContaining({ by: 'demo-admin-c1', action: 'registration.approve' })])

  // The person sees it: the badge, 党员 among the roles, and the task hall.
  await page.reload()
  await current(page).locator('#member-badge').waitFor()
  await current(page).getByText('去任务大厅领单').waitFor()
  await shot(page, 'report-07-approved-badge')
  expect(db().find('notifications', { openid: NEWBIE })).toEqual([expect.objectContaining({ title: '双报到已通过' })])
  await current(page).getByText('去任务大厅领单').click()
  await page.waitForURL(/pages\/tasks/)
  await current(page).getByText('任务大厅').waitFor()
  // The seeded hall work of 和平社区 shows to the new member.
  await current(page).getByText(HALL).waitFor()
  await shot(page, 'report-08-task-hall')
  await tabBar(page).getByText('我的').click()
  await page.waitForURL(/pages\/mine/)
  await current(page).locator('.mine-roles').getByText('党员').waitFor()
  await shot(page, 'report-09-mine-member')
  for (const p of phones) expect(p.errors).toEqual([])
})
