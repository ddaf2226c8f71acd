// 首页's summaries (issue 12): the secretary sees 待处理 by colour in words with the nearest deadline and
// the month's rates, and the card opens 服务单办理; a resident sees 待确认 / 待评价 and her open orders.
import { screen } from '@testing-library/react'
import type { OrderSummary } from '@shared/orders/summary'
import Home from '../../miniprogram/src/pages/index'
import { aProfile, fail, installFetch, memberBackend, ok, type SentRequest } from './fake-network'
import { aCard } from './order-fixtures'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

const AT = '2026-11-23T01:00:00.000Z'
const plus = (ms: number) => new Date(Date.parse(AT) + ms).toISOString()

function backend(profile: ReturnType<typeof aProfile>, summary: OrderSummary) {
  const m = memberBackend(profile)
  return installFetch((req: SentRequest) => {
    const own = m.handle(req)
    if (own) return own
    const { action } = req.body as { action: string }
    if (req.url === '/api/notice' && action === 'unread') return ok({ count: 2 })
    if (req.url === '/api/order' && action === 'summary') return ok(summary)
    if (req.url === '/api/wish' || req.url === '/api/activity') return ok({ items: [], stripText: '' })
    return fail('ROLE_REQUIRED')
  })
}

test("the secretary's 首页 shows 待处理 by colour, the nearest deadline, overdue and the month's rates", async () => {
  const admin = aProfile({ nickname: '陈红梅', roles: ['communityAdmin'], grants: [{ role: 'communityAdmin', communityId: 'c1', streetId: 's1' }], complete: true, communityId: 'c1', communityName: '和平社区' })
  backend(admin, {
    at: AT,
    queues: [],
    community: {
      communityId: 'c1',
      communityName: '和平社区',
      todo: 4,
      red: 1,
      yellow: 2,
      green: 1,
      nearestDue: plus(72 * 60_000),
      overdue: 1,
      month: { received: 8, accepted: 6, closed: 3, rated: 0, satisfied: 0 },
    },
  })
  renderApp(<Home />)
  const line = await screen.findByText('待处理 4 · 红色 1 · 最近 1小时12分')
  expect(screen.getByText(/黄色 2 · 绿色 1 · 已超时 1/)).toBeTruthy()
  // 6/8 accepted, 3/6 closed, nothing rated yet: one rule, "—".
  expect(screen.getByText(/受理率 75% · 办结率 50% · 满意率 —/)).toBeTruthy()
  line.click()
  expect(taroStub.recorded.navigateTo).toEqual(['/packages/admin/orders/index'])
})

test("a resident's 首页 shows what needs her: 待确认, 待评价, unread replies and her open orders", async () => {
  const resident = aProfile({ complete: true, communityId: 'c1', communityName: '和平社区' })
  backend(resident, {
    at: AT,
    queues: [],
    resident: { toConfirm: 1, toRate: 2, open: 1, recent: [aCard({ id: 'o-9', category: '维修', text: '楼道灯坏了', statusLabel: '待确认' })] },
  })
  renderApp(<Home />)
  const confirm = await screen.findByText('待确认', { selector: '.home-sum__label' })
  expect(confirm.previousSibling?.textContent).toBe('1')
  expect(screen.getByText('待评价', { selector: '.home-sum__label' }).previousSibling?.textContent).toBe('2')
  // Unread replies come from useUnread (counted when the page is shown) and open 我的消息.
  screen.getByText('未读消息', { selector: '.home-sum__label' }).click()
  expect(taroStub.recorded.navigateTo).toEqual(['/packages/me/inbox/index'])
  taroStub.recorded.navigateTo.length = 0
  expect(screen.queryByText(/待处理/)).toBeNull()
  screen.getByText('维修 · 楼道灯坏了').click()
  expect(taroStub.recorded.navigateTo).toEqual(['/pages/order/detail/index?id=o-9'])
})

test("a street's 首页 shows each community's 已上报 and 超时 side by side", async () => {
  const street = aProfile({ nickname: '郭街道', roles: ['streetAdmin'], grants: [{ role: 'streetAdmin', streetId: 's1' }], scopeNames: { streets: { s1: '东港街道' }, units: {}, departments: {} } })
  backend(street, {
    at: AT,
    queues: [],
    street: { streetId: 's1', rows: [{ communityId: 'c1', communityName: '和平社区', escalated: 3, overdue: 1 }] },
  })
  renderApp(<Home />)
  const name = await screen.findByText('和平社区', { selector: '.home-sum__td' })
  expect(Array.from(name.parentElement!.children).map((x) => x.textContent)).toEqual(['和平社区', '3', '1'])
  expect(screen.getByText('已上报')).toBeTruthy()
})

test("a department's 首页 shows its queue, the nearest deadline and what came back", async () => {
  const dept = aProfile({ nickname: '林部门', roles: ['department'], grants: [{ role: 'department', departmentId: 'd1', streetId: 's1' }], scopeNames: { streets: {}, units: {}, departments: { d1: '区城市管理局' } } })
  backend(dept, { at: AT, queues: [{ kind: 'department', id: 'd1', open: 3, cameBack: 1, nearestDue: plus(2 * 3600_000) }] })
  renderApp(<Home />)
  await screen.findByText(/待办理 3 · 最近期限 2小时/)
  expect(screen.getByText('其中 1 件居民说没解决，又派回来了')).toBeTruthy()
})
