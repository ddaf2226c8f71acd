// 志愿活动 in a real browser: 陈红梅 (community admin) publishes an activity with one place from 活动管理;
// a member finds it on 首页 and the 活动 tab and signs up; 周晓雨 (volunteer) gets 候补第1位; the member
// cancels (asked first) and 周晓雨 is offered the place and confirms it. On the day (the backend's clock
// moved to 30 minutes before the start) the admin shows the rotating 签到码, 周晓雨 types it to check in,
// and after the end checks out with the next code; the admin confirms the hours in the roster (figure
// from the check-in and check-out, filled in); 我的积分 shows them; the exported .xlsx has the rows.
import ExcelJS from 'exceljs'
import type { Download, Page } from 'playwright-core'
import { setNow } from '../../cloudfunctions/common/clock'
import { e2eWorld } from '../support/e2eCloud'
import { answerModal, current, shot, tabBar, toastGone } from '../support/browser'

jest.setTimeout(240_000)

const world = e2eWorld()
const { phoneOf } = world
const db = () => world.env.cloud.emulator.db

const ADMIN = 'demo-admin-c1'
const MEMBER = 'demo-member-07'
const VOLUNTEER = 'demo-volunteer-1'
const TITLE = '楼道小广告清理'
const MIN = 60_000

/** The backend's clock (functions run in this process), moved so that its now is `at`. */
function backendAt(at: number) {
  const offset = at - Date.now()
  setNow(() => Date.now() + offset)
}
afterAll(() => setNow(undefined))

/**
 * The elder-friendly rules of issue 14 on the page that shows (Taro's title bar and tab bar aside): no
 * text under 16 px (a `.lx-caption` count such as 30/1000 under 12 px, as in docs/a11y.md), and every control at least 44 × 44 px. Answers what breaks them.
 */
async function elderProblems(page: Page): Promise<string[]> {
  await page.waitForTimeout(700)
  const url = page.url().replace(/^.*#\/packages\/activity\/|^.*#\/pages\//, '').split('?')[0]
  const found = await page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page')).filter((e) => getComputedStyle(e).display !== 'none')
    const root = pages[pages.length - 1]
    const out: string[] = []
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect()
      if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue
      const text = Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim())
      const size = parseFloat(getComputedStyle(el).fontSize)
      if (text && size < (el.closest('.lx-caption') ? 12 : 16)) out.push(`text ${size.toFixed(1)}px: ${(el.textContent ?? '').trim().slice(0, 16)}`)
      if (el.matches('.lx-btn, .lx-chip, .lx-tabs__item, .act-item, [role=button], [role=switch], [role=checkbox], [role=link]') && (r.height < 44 || r.width < 44))
        out.push(`target ${Math.round(r.width)}×${Math.round(r.height)}: ${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 16)}`)
    }
    return out
  })
  return found.map((x) => `${url} ${x}`)
}

async function codeOn(page: Page): Promise<string> {
  const text = current(page).locator('#activity-code-text')
  await text.waitFor()
  return ((await text.textContent()) ?? '').trim()
}

async function typeCode(page: Page, id: string, code: string, button: '签到' | '签退') {
  await page.goto(`/#/packages/activity/detail/index?id=${id}`)
  // Loaded afresh: the phase (and so 签到) follows the backend's clock.
  await page.reload()
  const attend = current(page).locator('#activity-attend')
  await attend.locator('.lx-btn').getByText(button, { exact: true }).waitFor()
  await attend.locator('#field-code input').fill(code)
  await attend.locator('.lx-btn').getByText(button, { exact: true }).click()
  await current(page).locator('#activity-result').getByText(`${button}成功`, { exact: false }).waitFor()
}

test('publish → sign up → waiting list → withdraw → offer confirmed → check in by code → out → hours → 我的积分 → export', async () => {
  // What breaks the elder-friendly rules, page by page (checked at the end, all at once).
  const elder: string[] = []
  // The admin publishes from 管理后台 → 活动管理 → 发布活动, with one place.
  const admin = await phoneOf(ADMIN)
  const ap = admin.page
  await current(ap).locator('.lx-tile', { hasText: '管理后台' }).click()
  await ap.waitForURL(/packages\/admin\/home/)
  await current(ap).getByText('活动管理', { exact: true }).click()
  await ap.waitForURL(/packages\/activity\/manage/)
  await current(ap).getByText('发布活动', { exact: true }).click()
  await ap.waitForURL(/packages\/activity\/edit/)
  const form = current(ap).locator('#activity-form')
  await form.locator('#field-title input').fill(TITLE)
  await form.locator('#field-description textarea').fill('清理各楼道墙面和扶手上的小广告，工具由社区提供，请戴好手套。')
  await form.locator('#field-category').getByText('环境整治', { exact: true }).click()
  await form.locator('#field-placeName input').fill('和平社区3号楼')
  // Without a capacity the list is unlimited; this one has a single place.
  await form.locator('#field-bucket-0-capacity input').fill('1')
  await shot(ap, 'activity-publish-form')
  elder.push(...(await elderProblems(ap)))
  await form.getByText('发布活动', { exact: true }).click()
  await ap.waitForURL(/packages\/activity\/detail/)
  await current(ap).locator('#activity-detail').getByText('报名中').first().waitFor()
  await toastGone(ap)
  await shot(ap, 'activity-published')
  const stored = db().find('activities', { title: TITLE })[0] as { _id: string; start: string | Date; end: string | Date; status: string; buckets: Array<{ capacity: number }> }
  expect(stored).toMatchObject({ status: 'published', communityId: 'c1', buckets: [expect.objectContaining({ capacity: 1, name: '参与者' })] })
  const id = stored._id
  const start = new Date(stored.start).getTime()
  const end = new Date(stored.end).getTime()

  // A member sees it on 首页 and in the 活动 tab, and takes the place.
  const member = await phoneOf(MEMBER)
  const mp = member.page
  const near = current(mp).locator('#home-activities')
  await near.getByText(TITLE).waitFor()
  await near.scrollIntoViewIfNeeded()
  await shot(mp, 'activity-home')
  await tabBar(mp).getByText('活动', { exact: true }).click()
  await mp.waitForURL(/pages\/activities/)
  const card = current(mp).locator('#activity-list .act-item', { hasText: TITLE })
  await card.getByText('已报名 0/1').waitFor()
  await shot(mp, 'activity-list')
  elder.push(...(await elderProblems(mp)))
  await card.click()
  await mp.waitForURL(/packages\/activity\/detail/)
  await current(mp).locator('#activity-buckets .lx-btn').getByText('报名', { exact: true }).click()
  await current(mp).locator('#activity-mine').getByText('已报名').first().waitFor()
  const pass = ((await current(mp).locator('.act-pass__code').textContent()) ?? '').trim()
  expect(pass).toMatch(/^[A-Z2-9]{6}$/)
  await toastGone(mp)
  await shot(mp, 'activity-signed-up')
  elder.push(...(await elderProblems(mp)))

  // The volunteer finds it full and joins the waiting list.
  const volunteer = await phoneOf(VOLUNTEER)
  const vp = volunteer.page
  await tabBar(vp).getByText('活动', { exact: true }).click()
  await current(vp).locator('#activity-list .act-item', { hasText: TITLE }).getByText('已报名 1/1（已满）').waitFor()
  await current(vp).locator('#activity-list .act-item', { hasText: TITLE }).click()
  await vp.waitForURL(/packages\/activity\/detail/)
  await current(vp).locator('#activity-buckets .lx-btn').getByText('报名候补', { exact: true }).click()
  await current(vp).locator('#activity-position').getByText('候补第1位', { exact: false }).waitFor()
  await toastGone(vp)
  await shot(vp, 'activity-waitlisted')

  // The member cancels (asked first); the place is offered to the volunteer.
  await current(mp).locator('#activity-mine .lx-btn').getByText('取消报名', { exact: true }).click()
  await answerModal(mp, '取消报名')
  await current(mp).locator('#activity-mine').getByText('已取消报名').first().waitFor()
  await vp.reload()
  const offer = current(vp).locator('#activity-offer')
  await offer.getByText('有名额空出', { exact: false }).waitFor()
  await shot(vp, 'activity-offered')
  elder.push(...(await elderProblems(vp)))
  await offer.getByText('确认递补', { exact: true }).click()
  await current(vp).locator('#activity-mine').getByText('已报名').first().waitFor()
  expect(db().get('activity_signups', `${id}:${VOLUNTEER}`)).toMatchObject({ place: 'registered' })
  expect(db().get('activity_signups', `${id}:${MEMBER}`)).toMatchObject({ place: 'withdrawn' })

  // On the day: 30 minutes before the start the admin shows the code and the volunteer types it.
  backendAt(start - 30 * MIN)
  await ap.reload()
  await current(ap).locator('.act-tools').getByText('签到码', { exact: true }).click()
  await ap.waitForURL(/packages\/activity\/code/)
  const first = await codeOn(ap)
  expect(first).toMatch(/^[A-Z2-9]{6}$/)
  await shot(ap, 'activity-code')
  elder.push(...(await elderProblems(ap)))
  await typeCode(vp, id, first, '签到')
  await toastGone(vp)
  await shot(vp, 'activity-checked-in')
  expect(db().get('activity_signups', `${id}:${VOLUNTEER}`)).toMatchObject({ attendance: 'checked_in', checkInBy: 'code' })

  // Half an hour after the end: a fresh code, and the check-out.
  backendAt(end + 30 * MIN)
  await ap.reload()
  const second = await codeOn(ap)
  await typeCode(vp, id, second, '签退')
  expect(db().get('activity_signups', `${id}:${VOLUNTEER}`)).toMatchObject({ attendance: 'checked_out' })

  // The roster: the figure from the check-in and check-out is filled in; confirmed in bulk.
  await ap.goto(`/#/packages/activity/roster/index?id=${id}`)
  await current(ap).locator('.act-row', { hasText: '周晓雨' }).waitFor()
  expect(await current(ap).locator(`#hours-${VOLUNTEER} input`).inputValue()).toBe('2')
  await current(ap).locator('#roster-stats').getByText('已签到待确认 1 人', { exact: false }).waitFor()
  await current(ap).getByText('确认时长（1人）', { exact: true }).click()
  await answerModal(ap, '确认')
  await current(ap).locator('.act-row', { hasText: '周晓雨' }).getByText('已确认 2 小时', { exact: false }).waitFor()
  await toastGone(ap)
  await shot(ap, 'activity-roster-confirmed')
  elder.push(...(await elderProblems(ap)))
  expect(db().find('ledger', { openid: VOLUNTEER, sourceType: 'activity' })).toEqual([expect.objectContaining({ sourceId: id, hours: 2, points: 20 })])

  // The volunteer's own record shows the hours.
  await vp.goto('/#/packages/points/mine/index')
  await current(vp).locator('#points-history').getByText(`志愿活动：${TITLE}`, { exact: false }).first().waitFor()
  await shot(vp, 'activity-points')

  // 导出名单: a real .xlsx with the roster and the confirmed hours.
  await ap.goto(`/#/packages/activity/roster/index?id=${id}`)
  await current(ap).locator('.act-row', { hasText: '周晓雨' }).waitFor()
  const download = new Promise<Download>((resolve) => {
    ap.once('download', resolve)
    admin.context.once('page', (p) => p.once('download', resolve))
  })
  await current(ap).locator('.act-toolbar').getByText('导出名单', { exact: true }).click()
  const file = await (await download).path()
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(file!)
  const sheet = book.worksheets[0]
  const rows: unknown[][] = []
  sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
  expect(rows[0]).toEqual(expect.arrayContaining(['姓名', '手机号', '岗位', '报名状态', '签到状态', '确认时长（小时）', '积分']))
  const header = rows[0] as string[]
  const col = (name: string) => header.indexOf(name)
  expect(rows).toHaveLength(2)
  const v = rows[1]
  expect(v[col('姓名')]).toBe('周晓雨')
  expect(v[col('岗位')]).toBe('参与者')
  expect(v[col('报名状态')]).toBe('已报名')
  expect(v[col('签到状态')]).toBe('时长已确认')
  expect(Number(v[col('确认时长（小时）')])).toBe(2)
  expect(Number(v[col('积分')])).toBe(20)

  expect(elder).toEqual([])
  for (const p of [admin, member, volunteer]) expect(p.errors).toEqual([])
})
