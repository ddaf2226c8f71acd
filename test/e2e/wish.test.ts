// 微心愿 in a real browser: 王秀兰 posts a wish (with the consent to publish), 陈红梅 approves it from
// 心愿审核, a member finds it on the board (masked: 王*, age band, grid), claims it after confirming and
// sees the contact, delivers with a photo; 王秀兰 confirms with thanks; the 圆梦墙 shows the thanks and
// the strip counts it. Then 代转交: the claimer is told where to bring the gift, never the address.
import { e2eWorld } from '../support/e2eCloud'
import { answerModal, attachPhoto, current, shot, toastGone } from '../support/browser'

jest.setTimeout(180_000)

const world = e2eWorld()
const { phoneOf } = world
const db = () => world.env.cloud.emulator.db

const RESIDENT = 'demo-resident-1'
const ADMIN = 'demo-admin-c1'
const MEMBER = 'demo-member-07'

async function call<T = { id: string }>(fn: string, openid: string, action: string, payload: object): Promise<T> {
  const r = (await world.env.cloud.runtime.invoke(fn, { action, payload }, { openid })) as { ok: boolean; data: T; error?: unknown }
  if (!r.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(r.error)}`)
  return r.data
}

test('post → review → claim → fulfil → confirm with thanks', async () => {
  const resident = await phoneOf(RESIDENT)
  const rp = resident.page
  await current(rp).locator('.lx-tile', { hasText: '微心愿' }).click()
  await rp.waitForURL(/packages\/wish\/board/)
  await current(rp).getByText('发布心愿', { exact: true }).click()
  await rp.waitForURL(/packages\/wish\/post/)
  const form = current(rp).locator('#wish-post')
  await form.locator('#field-title input').fill('想要一个新书包')
  await form.locator('#field-story textarea').fill('孙女上三年级，书包背带断了，想要一个结实的新书包。')
  await form.locator('#field-category').getByText('学习用品', { exact: true }).click()
  await form.locator('#field-beneficiaryType').getByText('儿童', { exact: true }).click()
  await form.locator('#field-ageBand').getByText('6-12岁', { exact: true }).click()
  await form.locator('#field-value input').fill('80')
  await form.locator('#field-deliveryNote textarea').fill('周末下午在家')
  // Without the consent: refused on the form, nothing sent.
  await form.getByText('提交审核', { exact: true }).click()
  await form.getByText('请先同意将心愿（隐去个人信息）公开发布').waitFor()
  await form.locator('#field-consent').click()
  await shot(rp, 'wish-post-form')
  await form.getByText('提交审核', { exact: true }).click()
  await rp.waitForURL(/packages\/wish\/detail/)
  await current(rp).locator('#wish-detail').getByText('待审核').first().waitFor()
  await toastGone(rp)
  await shot(rp, 'wish-posted')
  const stored = db().find('wishes', { title: '想要一个新书包' })[0]
  expect(stored).toMatchObject({ status: 'pending_review', ownerId: RESIDENT, consent: expect.objectContaining({ by: RESIDENT }) })

  const admin = await phoneOf(ADMIN)
  const ap = admin.page
  await current(ap).locator('.lx-tile', { hasText: '管理后台' }).click()
  await ap.waitForURL(/packages\/admin\/home/)
  await current(ap).getByText('心愿审核').click()
  await ap.waitForURL(/packages\/wish\/review/)
  await current(ap).locator('#wish-review .lx-card', { hasText: '想要一个新书包' }).click()
  await ap.waitForURL(/packages\/wish\/detail/)
  await current(ap).getByText('周末下午在家').first().waitFor()
  await shot(ap, 'wish-review-detail')
  await current(ap).getByText('审核通过', { exact: true }).click()
  await answerModal(ap, '通过')
  await current(ap).locator('#wish-detail').getByText('待认领').first().waitFor()
  expect(db().get('wishes', stored._id)).toMatchObject({ status: 'open' })

  const member = await phoneOf(MEMBER)
  const mp = member.page
  // The home page shows the newest open wishes nearby, masked.
  const near = current(mp).locator('#home-wishes')
  await near.getByText('想要一个新书包').waitFor()
  await near.scrollIntoViewIfNeeded()
  await shot(mp, 'wish-home')
  expect(await near.innerText()).not.toMatch(/王秀兰|1单元302/)
  await current(mp).locator('.lx-tile', { hasText: '微心愿' }).click()
  await mp.waitForURL(/packages\/wish\/board/)
  const card = current(mp).locator('#wish-list .lx-card', { hasText: '想要一个新书包' })
  await card.getByText(/王\*/).waitFor()
  await current(mp).locator('#wish-strip').getByText('本月圆梦 0 个心愿').waitFor()
  await shot(mp, 'wish-board')
  expect(await current(mp).locator('#wish-list').innerText()).not.toMatch(/王秀兰|1单元302|周末下午在家/)
  await card.click()
  await mp.waitForURL(/packages\/wish\/detail/)
  await current(mp).getByText('认领这个心愿', { exact: true }).click()
  await answerModal(mp, '认领')
  await current(mp).locator('.wish-contact').getByText('王秀兰').waitFor()
  await current(mp).locator('.wish-contact').getByText('周末下午在家', { exact: false }).waitFor()
  await toastGone(mp)
  await shot(mp, 'wish-claimed')

  await current(mp).getByText('已送达，上传凭证', { exact: true }).click()
  const sheet = current(mp).locator('#sheet-fulfil')
  await sheet.waitFor()
  await sheet.locator('#field-note textarea').fill('书包已亲手交给孩子')
  await attachPhoto(mp, sheet.locator('#field-evidence .lx-photos__add'), 'bag.png')
  await sheet.locator('.lx-photos__img').waitFor()
  await sheet.getByText('提交', { exact: true }).click()
  await current(mp).locator('#wish-detail').getByText('待确认').first().waitFor()
  expect(db().get('wishes', stored._id)).toMatchObject({ status: 'fulfilled' })

  await rp.goto(`/#/packages/wish/detail/index?id=${stored._id}`)
  await current(rp).getByText('确认收到', { exact: true }).click()
  const confirm = current(rp).locator('#sheet-confirm')
  await confirm.locator('#field-thanks textarea').fill('谢谢叔叔，孩子很喜欢！')
  await confirm.locator('.lx-btn', { hasText: '确认收到' }).click()
  await current(rp).locator('#wish-detail').getByText('已实现').first().waitFor()
  await toastGone(rp)
  await shot(rp, 'wish-confirmed')
  expect(db().find('ledger', { sourceId: stored._id })).toEqual([expect.objectContaining({ openid: MEMBER, sourceType: 'wish' })])

  await mp.goto('/#/packages/wish/board/index')
  await current(mp).getByText('圆梦墙', { exact: true }).click()
  await current(mp).locator('#wish-list .lx-card', { hasText: '想要一个新书包' }).getByText('谢谢叔叔，孩子很喜欢！', { exact: false }).waitFor()
  await current(mp).locator('#wish-strip').getByText('本月圆梦 1 个心愿').waitFor()
  await shot(mp, 'wish-wall')
})

test('代转交: the claimer is told to bring the gift to the grid, never the address', async () => {
  const w = await call('wish', RESIDENT, 'post', { requestKey: 'e2e-wish-proxy-1', title: '想要一件棉衣', story: '老伴冬天怕冷，想要一件厚棉衣。', category: '生活物资', beneficiaryType: '老人', ageBand: '80岁及以上', value: 150, wishedBy: '2027-01-15', delivery: 'proxy', deliveryNote: '下午在家', consent: true })
  await call('wish', ADMIN, 'review', { wishId: w.id, decision: 'approve' })
  const member = await phoneOf('demo-member-08')
  const mp = member.page
  await mp.goto(`/#/packages/wish/detail/index?id=${w.id}`)
  await current(mp).getByText('认领这个心愿', { exact: true }).click()
  await answerModal(mp, '认领')
  await current(mp).locator('.wish-contact').getByText(/网格员代为转交/).waitFor()
  await toastGone(mp)
  await shot(mp, 'wish-proxy-claimed')
  expect(await current(mp).locator('#wish-detail').innerText()).not.toMatch(/王秀兰|1单元302|下午在家|1[3-9]\d{9}/)
})

test('returned with a reason, fixed and sent again', async () => {
  const w = await call('wish', RESIDENT, 'post', { requestKey: 'e2e-wish-return-1', title: '想要一副眼镜', story: '看不清楚。', category: '生活物资', beneficiaryType: '老人', ageBand: '60-79岁', value: 100, wishedBy: '2027-01-20', consent: true })
  const admin = await phoneOf(ADMIN)
  const ap = admin.page
  await ap.goto(`/#/packages/wish/detail/index?id=${w.id}`)
  await current(ap).getByText('退回修改', { exact: true }).click()
  const sheet = current(ap).locator('#sheet-return')
  await sheet.locator('#field-reason textarea').fill('请写明度数和用途')
  await sheet.locator('.lx-btn', { hasText: '退回' }).click()
  await current(ap).locator('#wish-detail').getByText('已退回').first().waitFor()
  expect(db().get('wishes', w.id)).toMatchObject({ status: 'returned', returnReason: '请写明度数和用途' })

  const resident = await phoneOf(RESIDENT)
  const rp = resident.page
  await rp.goto(`/#/packages/wish/detail/index?id=${w.id}`)
  await current(rp).getByText('退回原因：请写明度数和用途').waitFor()
  await current(rp).getByText('修改后重新提交', { exact: true }).click()
  await rp.waitForURL(/packages\/wish\/post/)
  const form = current(rp).locator('#wish-post')
  await form.getByText('社区退回的原因：请写明度数和用途').waitFor()
  await form.locator('#field-story textarea').fill('老花眼，300度，想要一副看报纸用的老花镜。')
  await shot(rp, 'wish-resubmit-form')
  await form.getByText('提交审核', { exact: true }).click()
  await rp.waitForURL(/packages\/wish\/detail/)
  await current(rp).locator('#wish-detail').getByText('待审核').first().waitFor()
  expect(db().get('wishes', w.id)).toMatchObject({ status: 'pending_review', story: '老花眼，300度，想要一副看报纸用的老花镜。' })
})
