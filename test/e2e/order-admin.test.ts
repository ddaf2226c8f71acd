// The community's and the department's moves in real browsers on the real stack: the inbox ranks by
// urgency, 不予受理 asks first, 吹哨上报 sends an order to a department (picked from the street's
// departments), 派单 sends one to a party member found by name, 备注 stays internal, and the
// department closes what is not its to solve with an honest closure code.
import { e2eWorld } from '../support/e2eCloud'
import { answerModal, current, shot, toast, toastGone } from '../support/browser'

jest.setTimeout(150_000)

const world = e2eWorld()
const { phones, phoneOf } = world

let keys = 0
/** Orders made through the real function, as residents would make them. */
async function order(openid: string, payload: object): Promise<{ id: string }> {
  const r = (await world.env.cloud.runtime.invoke('order', { action: 'submit', payload: { requestKey: `e2e-admin-${++keys}`, ...payload } }, { openid })) as { ok: boolean; data: { id: string }; error?: unknown }
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.data
}

const db = () => world.env.cloud.emulator.db
const NOISE = '楼上每天晚上十一点以后还在拖椅子，影响老人休息。'
const LEAK = '小区主水管爆裂，整栋楼停水，地下室进水。'
const ELDER = '独居老人腿脚不便，想请人每周帮忙买一次菜。'

test('不予受理, 吹哨上报 to a department, 派单 to a member, 备注, and the department closes it honestly', async () => {
  const noise = await order('demo-resident-2', { category: '邻里纠纷', text: NOISE, place: { kind: 'room', buildingId: 'c1-g2-b4', room: '2单元101' }, urgency: 'green' })
  const leak = await order('demo-resident-3', { category: '维修', text: LEAK, place: { kind: 'room', buildingId: 'c1-g3-b8', room: '3单元502' }, urgency: 'red' })
  const elder = await order('demo-resident-1', { category: '助老', text: ELDER, place: { kind: 'room', buildingId: 'c1-g1-b1', room: '1单元302' }, urgency: 'yellow' })

  const admin = await phoneOf('demo-admin-c1')
  let page = admin.page
  // 管理后台 leads to the inbox too.
  await current(page).getByText('管理后台').click()
  await current(page).getByText('服务单办理').click()
  await page.waitForURL(/admin\/orders/)
  const cards = current(page).locator('#inbox .order-item')
  await cards.nth(2).waitFor()
  // Red first, then yellow, then green; each with its acceptance clock.
  expect(await cards.nth(0).textContent()).toContain(LEAK)
  expect(await cards.nth(0).locator('.order-item__clock').textContent()).toMatch(/^受理剩余1小时5\d分$/)
  expect(await cards.nth(1).textContent()).toContain(ELDER)
  expect(await cards.nth(2).textContent()).toContain(NOISE)
  await shot(page, 'admin-inbox-ranked')

  // 不予受理: a reason, then a confirmation.
  await cards.nth(2).click()
  await page.waitForURL(/admin\/order\/index/)
  const bar = () => current(page).locator('#order-actions')
  const barLabels = async () => {
    await bar().locator('.lx-btn').first().waitFor()
    return bar().locator('.lx-btn').allTextContents()
  }
  expect(await barLabels()).toEqual(['受理', '吹哨上报', '不予受理'])
  await bar().getByText('不予受理').click()
  const reject = current(page).locator('#sheet-reject')
  await reject.locator('#field-reason textarea').fill('属于邻里之间的生活习惯问题，已请楼长上门协调，建议先与邻居沟通。')
  await reject.locator('.lx-sheet__foot').getByText('不予受理').click()
  await answerModal(page, '不予受理')
  await toast(page, '已处理').waitFor()
  await current(page).locator('.order-status__label', { hasText: '未受理' }).waitFor()
  await toastGone(page)
  await shot(page, 'admin-rejected')
  expect(db().get('orders', noise.id)).toMatchObject({ status: 'rejected' })

  // 吹哨上报 the burst main to the city department.
  await page.goBack()
  await page.waitForURL(/admin\/orders/)
  await cards.first().click()
  await page.waitForURL(/admin\/order\/index/)
  await bar().getByText('吹哨上报').click()
  const escalate = current(page).locator('#sheet-escalate')
  await escalate.locator('#escalate-to').getByText('职能部门').click()
  await escalate.locator('#escalate-department').getByText('区城市管理局').click()
  await escalate.locator('#field-escalateReason textarea').fill('主水管爆裂，社区无力维修，需要城管和供水单位协调抢修。')
  await shot(page, 'admin-escalate')
  await escalate.getByText('上报', { exact: true }).click()
  await toast(page, '已上报').waitFor()
  await current(page).locator('.order-status__label', { hasText: '已吹哨' }).waitFor()
  expect(db().get('orders', leak.id)).toMatchObject({ status: 'escalated', assignee: { type: 'department', id: 'd1' }, escalation: { to: 'department' } })

  // 受理 then 派单 to a party member found by name.
  await page.goBack()
  await page.waitForURL(/admin\/orders/)
  await current(page).locator('#inbox .order-item', { hasText: ELDER }).click()
  await page.waitForURL(/admin\/order\/index/)
  await bar().getByText('受理', { exact: true }).click()
  await current(page).locator('#sheet-accept').getByText('确定受理').click()
  await toast(page, '已受理').waitFor()
  await bar().getByText('派单', { exact: true }).click()
  const dispatch = current(page).locator('#sheet-dispatch')
  await dispatch.locator('#dispatch-list .admin-pick__item').first().waitFor()
  await dispatch.locator('#dispatch-search input').fill('李')
  const pick = dispatch.locator('#dispatch-list .admin-pick__item').first()
  const name = ((await pick.locator('.admin-pick__name').textContent()) ?? '').replace('技能匹配', '').trim()
  expect(name).toMatch(/^李/)
  await pick.click()
  await shot(page, 'admin-dispatch')
  await dispatch.locator('.lx-sheet__foot').getByText('派单').click()
  await toast(page, '已派单').waitFor()
  await current(page).locator('.order-status__label', { hasText: '已派单' }).waitFor()
  await current(page).getByText(`党员 · ${name}`).waitFor()
  expect(db().get('orders', elder.id)).toMatchObject({ status: 'dispatched', assignee: { type: 'member', name } })

  // 备注, internal by default: marked 内部 on the timeline.
  // Once dispatched, the community may still close it, and note what happens.
  expect(await barLabels()).toEqual(['办结归档', '备注'])
  await bar().getByText('备注').click()
  const note = current(page).locator('#sheet-note')
  await note.locator('#field-noteText textarea').fill('已电话告知老人，周六上午上门。')
  await note.getByText('保存', { exact: true }).click()
  await toast(page, '已添加备注').waitFor()
  const entry = current(page).locator('.timeline__item', { hasText: '已电话告知老人，周六上午上门。' })
  await entry.locator('.timeline__internal', { hasText: '内部' }).waitFor()
  await toastGone(page)
  await entry.scrollIntoViewIfNeeded()
  await shot(page, 'admin-note')

  // The department finds the 吹哨 in its one queue, 我的任务, and closes it: not theirs, handed to the water company.
  const dept = await phoneOf('demo-dept-1')
  page = dept.page
  expect(await current(page).getByText('服务单办理').count()).toBe(0)
  await current(page).getByText('我的任务').click()
  await page.waitForURL(/pages\/tasks/)
  const sent = current(page).locator('#my-tasks .order-item', { hasText: LEAK })
  await sent.waitFor()
  expect(await current(page).locator('#my-tasks .order-item').count()).toBe(1)
  expect(await sent.textContent()).not.toContain('积分')
  await shot(page, 'dept-inbox')
  await sent.click()
  await page.waitForURL(/order\/detail/)
  expect(await barLabels()).toEqual(['开始办理', '退回社区', '办结归档'])
  await bar().getByText('办结归档').click()
  const close = current(page).locator('#sheet-close')
  await close.locator('#closure-code').getByText('非本辖区').click()
  await close.locator('#field-transferTo input').fill('市水务集团')
  await close.locator('#field-note textarea').fill('供水主管归市水务集团维护，已转交并电话督办。')
  await shot(page, 'dept-close')
  await close.locator('.lx-sheet__foot').getByText('办结').click()
  await answerModal(page, '办结')
  await toast(page, '已办结归档').waitFor()
  await current(page).locator('.order-status__label', { hasText: '已办结' }).waitFor()
  await current(page).getByText('已转交：市水务集团').waitFor()
  await toastGone(page)
  await shot(page, 'dept-closed')
  expect(db().get('orders', leak.id)).toMatchObject({ status: 'closed', closure: { code: 'not_ours', transferTo: '市水务集团' } })

  for (const p of phones) expect(p.errors).toEqual([])
})
