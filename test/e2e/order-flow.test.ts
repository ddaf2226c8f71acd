// 三单制 end to end in real browsers on the real stack, each person on their own phone:
// 王秀兰 orders a repair → 陈红梅 (community) accepts it and publishes it to the task hall → a party
// member claims it, does it and reports it done → 王秀兰 confirms and rates it. The stored order and the
// member's points are read back from the database.
import { e2eWorld } from '../support/e2eCloud'
import { attachPhoto, current, shot, tabBar, toast, toastGone } from '../support/browser'

jest.setTimeout(150_000)

const TEXT = '厨房水龙头一直滴水，关不紧，晚上声音很大，请帮忙修一下。'

const world = e2eWorld()
const { phones, phoneOf } = world

const db = () => world.env.cloud.emulator.db

test('点单 → 接单 → 领单 → 办结 → 评单', async () => {
  // 1. The resident orders a repair.
  const resident = await phoneOf('demo-resident-1')
  let page = resident.page
  await current(page).getByText('我要点单').click()
  await page.waitForURL(/order\/new/)
  const form = current(page)
  await form.locator('#field-category').getByText('维修', { exact: true }).click()
  await form.locator('#field-text textarea').fill(TEXT)
  // A photo: Taro.chooseImage opens the browser's file chooser, then the upload goes to the gateway.
  await attachPhoto(page, form.locator('#field-photos .lx-photos__add'), 'tap.png')
  await form.locator('#field-photos .lx-photos__img').waitFor()
  // Building and room come from her profile.
  expect(await form.locator('#field-buildingId').textContent()).toContain('1号楼')
  expect(await form.locator('#field-room input').inputValue()).toBe('1单元302')
  await form.locator('#field-urgency').getByText('较急').click()
  await form.getByText('影响正常生活，希望尽快解决', { exact: false }).waitFor()
  await shot(page, 'resident-new')
  await form.getByText('提交', { exact: true }).click()
  await page.waitForURL(/order\/detail\/index\?id=/)
  const orderId = new URL(page.url().replace('#', '')).searchParams.get('id')!
  expect(orderId).toBeTruthy()
  await current(page).locator('.order-status__label', { hasText: '待受理' }).waitFor()
  await current(page).getByText(TEXT).waitFor()
  await current(page).locator('#order-actions').getByText('撤回').waitFor()
  await shot(page, 'resident-submitted')
  // The photo is shown back from storage (a temporary URL the order function made).
  await current(page).locator('.order-detail .lx-photos__img img').first().waitFor()
  expect(db().get('orders', orderId)).toMatchObject({ status: 'submitted', category: '维修', colour: 'yellow', ordererId: 'demo-resident-1', room: '1单元302' })
  expect(db().get('orders', orderId).photos).toEqual([expect.stringMatching(/^cloud:\/\/.+\/uploads\/demo-resident-1\/.+\.png$/)])

  // 2. The community accepts it from the inbox and publishes it to the task hall.
  const admin = await phoneOf('demo-admin-c1')
  page = admin.page
  await current(page).getByText('服务单办理').click()
  await page.waitForURL(/admin\/orders/)
  const card = current(page).locator('.order-item', { hasText: TEXT })
  await card.waitFor()
  expect(await card.locator('.order-item__clock').textContent()).toMatch(/^受理剩余2[34]小时/)
  expect(await card.textContent()).toContain('王秀兰')
  await shot(page, 'admin-inbox')
  await card.click()
  await page.waitForURL(/admin\/order\/index\?id=/)
  const bar = () => current(page).locator('#order-actions')
  await bar().getByText('受理', { exact: true }).click()
  const accept = current(page).locator('#sheet-accept')
  await accept.waitFor()
  await accept.locator('#accept-colour').getByText('较急').click()
  await accept.locator('#field-points input').fill('20')
  // Two hours of 较急 work: 20 points are within what the earning rules pay for it (shared/points/rules.ts orderPoints).
  await accept.locator('#field-hours input').fill('2')
  await accept.locator('#field-slots input').fill('1')
  expect(await accept.locator('#field-deadline-time').textContent()).toContain('18:00')
  await shot(page, 'admin-accept')
  await accept.getByText('确定受理').click()
  await toast(page, '已受理').waitFor()
  await current(page).locator('.order-status__label', { hasText: '已受理' }).waitFor()
  await bar().getByText('发布到任务大厅').click()
  await toast(page, '已发布').waitFor()
  await current(page).locator('.order-status__label', { hasText: '待领单' }).waitFor()
  await shot(page, 'admin-published')
  expect(db().get('orders', orderId)).toMatchObject({ status: 'published', points: 20, slots: 1, slotsFree: 1, colour: 'yellow' })

  // 3. A party member finds it in the task hall (the resident's name masked), claims it, does it.
  const member = await phoneOf('demo-member-01')
  page = member.page
  await tabBar(page).getByText('任务').click()
  await page.waitForURL(/pages\/tasks/)
  const task = current(page).locator('#task-hall .order-item', { hasText: TEXT })
  await task.waitFor()
  const taskText = (await task.textContent()) ?? ''
  expect(taskText).toContain('王*')
  expect(taskText).not.toContain('王秀兰')
  expect(taskText).toContain('20积分')
  expect(taskText).toContain('已领 0/1')
  expect(taskText).toMatch(/还剩\d+(小时|天)/)
  await shot(page, 'member-hall')
  await task.click()
  await page.waitForURL(/order\/detail\/index\?id=/)
  await current(page).locator('#order-actions').getByText('领单', { exact: true }).click()
  await toast(page, '领单成功').waitFor()
  await current(page).locator('.order-status__label', { hasText: '已领单' }).waitFor()
  // Now that the claim is live the member sees whom to visit.
  await current(page).getByText('王秀兰').waitFor()
  await current(page).locator('#order-actions').getByText('放弃领单').waitFor()
  await shot(page, 'member-claimed')
  await current(page).locator('#order-actions').getByText('开始办理').click()
  await current(page).locator('.order-status__label', { hasText: '办理中' }).waitFor()
  await current(page).locator('#order-actions').getByText('提交办结').click()
  const complete = current(page).locator('#sheet-complete')
  await complete.locator('#field-note textarea').fill('已更换水龙头阀芯，试水不再滴漏。')
  await toastGone(page)
  await shot(page, 'member-complete')
  await complete.getByText('提交', { exact: true }).click()
  await toast(page, '已提交办结').waitFor()
  await current(page).locator('.order-status__label', { hasText: '待确认' }).waitFor()
  await shot(page, 'member-done')
  // Back in 我的任务 the task waits for the resident.
  await page.goBack()
  await page.waitForURL(/pages\/tasks/)
  await current(page).locator('.lx-tabs').getByText('我的任务').click()
  const mine = current(page).locator('#my-tasks .order-item', { hasText: TEXT })
  await mine.waitFor()
  expect(await mine.textContent()).toContain('待确认')
  await shot(page, 'member-tasks')

  // 4. The resident confirms and rates 5 stars.
  page = resident.page
  await page.reload()
  await current(page).locator('.order-status__label', { hasText: '待确认' }).waitFor()
  await current(page).getByText('已更换水龙头阀芯，试水不再滴漏。').first().waitFor()
  await current(page).locator('#order-actions').getByText('确认办结').click()
  await toast(page, '已确认办结').waitFor()
  await current(page).locator('.order-status__label', { hasText: '待评价' }).waitFor()
  await shot(page, 'resident-confirm')
  await current(page).locator('#order-actions').getByText('评价', { exact: true }).click()
  const rate = current(page).locator('#sheet-rate')
  await rate.locator('.lx-stars__star').nth(4).click()
  await rate.getByText('非常满意').waitFor()
  await rate.locator('#field-comment textarea').fill('师傅来得很及时，谢谢！')
  await rate.getByText('提交评价').click()
  await toast(page, '感谢您的评价').waitFor()
  await current(page).locator('.order-status__label', { hasText: '已评价' }).waitFor()
  const comment = current(page).locator('.order-text--comment', { hasText: '师傅来得很及时，谢谢！' })
  await comment.waitFor()
  await toastGone(page)
  await shot(page, 'resident-rated')

  const stored = db().get('orders', orderId)
  expect(stored).toMatchObject({ status: 'rated', claims: [{ openid: 'demo-member-01', status: 'paid' }], rating: { stars: 5, comment: '师傅来得很及时，谢谢！' } })
  expect(db().get('ledger', `order:${orderId}:demo-member-01`)).toMatchObject({ openid: 'demo-member-01', points: 20, official: true })

  for (const p of phones) expect(p.errors).toEqual([])
})

test('a neighbour with the same problem is offered 我也遇到 instead of a second order', async () => {
  // 王秀兰 has an open order about the stairwell light (made through the real function).
  const submitted = (await world.env.cloud.runtime.invoke(
    'order',
    { action: 'submit', payload: { requestKey: 'e2e-flow-neighbour-1', category: '环境卫生', text: '2号楼门口的垃圾桶满了好几天没人清运。', place: { kind: 'room', buildingId: 'c1-g1-b2', room: '1单元101' }, urgency: 'green' } },
    { openid: 'demo-resident-1' },
  )) as { ok: boolean; data: { id: string } }
  expect(submitted.ok).toBe(true)

  // 周晓雨 lives in the same grid and starts the same kind of order.
  const neighbour = await phoneOf('demo-volunteer-1')
  const page = neighbour.page
  await current(page).getByText('我要点单').click()
  await page.waitForURL(/order\/new/)
  const form = current(page)
  await form.locator('#field-category').getByText('环境卫生', { exact: true }).click()
  await form.locator('#field-text textarea').fill('垃圾桶满了，味道很大。')
  await form.getByText('提交', { exact: true }).click()
  const offer = form.locator('#similar-orders')
  await offer.getByText('附近已有类似需求').waitFor()
  await offer.getByText('2号楼门口的垃圾桶满了好几天没人清运。').waitFor()
  await shot(page, 'neighbour-similar')
  expect(db().count('orders', { ordererId: 'demo-volunteer-1' })).toBe(0)

  await offer.getByText('我也遇到', { exact: true }).click()
  await toast(page, '已反映，社区会优先处理').waitFor()
  await offer.getByText('已反映', { exact: true }).waitFor()
  // The order counts one more person affected (its place in 待处理 rises with them).
  expect(db().get('orders', submitted.data.id)).toMatchObject({ alsoAffected: ['demo-volunteer-1'], people: ['demo-resident-1', 'demo-volunteer-1'] })
  expect(db().count('orders', { ordererId: 'demo-volunteer-1' })).toBe(0)

  // She now follows that order, masked as it is for everyone who is not working on it.
  await page.waitForURL(new RegExp(`order/detail/index\\?id=${submitted.data.id}`))
  await current(page).locator('.order-status__label', { hasText: '待受理' }).waitFor()
  await current(page).getByText('另有1位居民反映了同样的问题').waitFor()
  const detail = (await current(page).locator('.order-detail').textContent()) ?? ''
  expect(detail).toContain('王*')
  expect(detail).not.toContain('王秀兰')
  expect(detail).not.toContain('13800000001')
  expect(await current(page).locator('#order-actions').count()).toBe(0)
  await toastGone(page)
  await shot(page, 'neighbour-joined')

  // Her own list holds the order she joined, so she can find it again, still masked.
  await page.goBack()
  await page.waitForURL(/pages\/index/)
  await current(page).getByText('我的服务单').click()
  await page.waitForURL(/order\/mine/)
  await current(page).getByText('2号楼门口的垃圾桶满了好几天没人清运。').waitFor()
  const list = (await current(page).textContent()) ?? ''
  expect(list).not.toContain('王秀兰')
  await shot(page, 'neighbour-mine-joined')
  expect(neighbour.errors).toEqual([])
})
