// Every role at home (issue 12): each demo identity logs in on its own phone; its 首页 shows its own work
// (the secretary's 待处理 by colour and the month's rates, the street's table, a queue, a resident's 待确认 …),
// and a street, department or unit account is asked nothing a resident is asked (完善资料, 选择社区, 双报到 …)
// on 首页, 任务 or 我的. Screenshots of each role's 首页, 任务 and 我的: test/artifacts/e2e/home-<role>-*.png.
import type { Page } from 'playwright-core'
import { e2eWorld } from '../support/e2eCloud'
import { current, shot, tabBar } from '../support/browser'

jest.setTimeout(180_000)

const world = e2eWorld()

const RESIDENT_PROMPTS = /完善|选择社区|选择所在社区|待完善|双报到|志愿者|去任务大厅/

interface Role {
  openid: string
  name: string
  /** A work account (street, department, unit): never prompted as a resident. */
  work?: boolean
  /** What its 首页 shows of its own work. */
  home: Array<string | RegExp>
  /** What its 首页 must not offer. */
  notHome?: Array<string | RegExp>
  /** What its 任务 tab shows. */
  tasks: Array<string | RegExp>
  /** What its 我的 shows. */
  mine: Array<string | RegExp>
}

const ROLES: Role[] = [
  { openid: 'demo-resident-1', name: 'resident', home: ['我要点单', '我的服务单', '微心愿', '需要我处理的', '待确认', '待评价'], notHome: ['服务单办理', '管理后台', '任务大厅'], tasks: [/双报到|任务/], mine: ['大字模式'] },
  { openid: 'demo-member-01', name: 'member', home: ['任务大厅', '我的任务', '正在办理的事', '我的服务任务', '大厅可领'], notHome: ['服务单办理', '管理后台'], tasks: ['任务大厅', '我的任务'], mine: ['我的积分', '我的双报到'] },
  { openid: 'demo-volunteer-1', name: 'volunteer', home: ['任务大厅', '我的任务', '大厅可领'], notHome: ['服务单办理', '管理后台'], tasks: ['任务大厅'], mine: ['我的积分'] },
  { openid: 'demo-grid-1', name: 'grid', home: ['代居民点单', '服务单办理', '本网格的服务单', '代发心愿'], notHome: ['管理后台'], tasks: [/任务|服务单/], mine: ['大字模式'] },
  { openid: 'demo-admin-c1', name: 'community', home: ['服务单办理', '受理、派单、办结', '管理后台', /待处理 \d+ · 红色 \d+/, /本月 受理率 .* · 办结率 .* · 满意率/], notHome: ['任务大厅'], tasks: [/任务大厅面向党员和志愿者|暂时没有您的任务/], mine: ['爱心超市'] },
  { openid: 'demo-street', name: 'street', work: true, home: ['服务单办理', '上报到街道的服务单', '管理后台', '各社区服务单', '已上报'], notHome: ['我要点单', '受理、派单', '任务大厅'], tasks: ['去服务单办理'], mine: ['大字模式'] },
  { openid: 'demo-dept-1', name: 'department', work: true, home: ['我的任务', '派给本部门的服务单', /待办理 \d+/], notHome: ['我要点单', '受理、派单', '任务大厅', '管理后台'], tasks: [/服务单/], mine: ['大字模式'] },
  { openid: 'demo-unit-admin', name: 'unit', work: true, home: ['单位报到', '派给本单位的服务单', /待办理 \d+/], notHome: ['我要点单', '受理、派单', '任务大厅'], tasks: [/服务单/], mine: ['大字模式'] },
]

async function shows(page: Page, texts: Array<string | RegExp>): Promise<void> {
  for (const t of texts) await current(page).getByText(t).first().waitFor()
}

async function textOf(page: Page): Promise<string> {
  return (await current(page).textContent()) ?? ''
}

test.each(ROLES.map((r) => [r.name, r] as const))('%s: 首页 shows its own work; 任务 and 我的 fit the role', async (_name, role) => {
  const { page, errors } = await world.phoneOf(role.openid)

  // 首页
  await shows(page, role.home)
  const home = await textOf(page)
  for (const t of role.notHome ?? []) expect(home).not.toMatch(t)
  if (role.work) expect(home).not.toMatch(RESIDENT_PROMPTS)
  await shot(page, `home-${role.name}-home`)

  // 任务
  await tabBar(page).getByText('任务').click()
  await page.waitForURL(/pages\/tasks/)
  await shows(page, role.tasks)
  if (role.work) expect(await textOf(page)).not.toMatch(RESIDENT_PROMPTS)
  await shot(page, `home-${role.name}-tasks`)

  // 我的
  await tabBar(page).getByText('我的').click()
  await page.waitForURL(/pages\/mine/)
  await shows(page, role.mine)
  const mine = await textOf(page)
  if (role.work) {
    expect(mine).not.toMatch(RESIDENT_PROMPTS)
    expect(mine).not.toContain('我的积分')
  }
  await shot(page, `home-${role.name}-mine`)
  expect(errors).toEqual([])
})
