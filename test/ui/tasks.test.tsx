import { fireEvent, screen, waitFor } from '@testing-library/react'
import Tasks from '../../miniprogram/src/pages/tasks'
import { aProfile, fail, installFetch, memberBackend, ok, type Reply, type SentRequest } from './fake-network'
import { aCard } from './order-fixtures'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

const member = aProfile({ nickname: '李敏', complete: true, communityId: 'c1', roles: ['resident', 'member'], grants: [{ role: 'member', communityId: 'c1' }] })

function backend(profile: typeof member, order: (action: string, payload: Record<string, unknown>) => Reply) {
  const m = memberBackend(profile)
  return installFetch((req: SentRequest) => {
    if (req.url !== '/api/order') return m.handle(req)!
    const { action, payload } = req.body as { action: string; payload: Record<string, unknown> }
    return order(action, payload)
  })
}

const orderCalls = (requests: SentRequest[]) => requests.filter((r) => r.url === '/api/order').map((r) => r.body as { action: string; payload: Record<string, unknown> })

test('任务大厅 pages through nextCursor with 加载更多, and a category starts the list over', async () => {
  const first = aCard({ id: 'a', text: '帮独居老人买菜', status: 'published' })
  const second = aCard({ id: 'b', text: '楼道灯坏了', status: 'published' })
  const repair = aCard({ id: 'c', text: '水龙头滴水', status: 'published' })
  const net = backend(member, (action, p) => {
    if (action !== 'hall') return fail('UNKNOWN_ACTION')
    if (p.category === '维修') return ok({ items: [repair] })
    return p.cursor ? ok({ items: [second] }) : ok({ items: [first], nextCursor: '1' })
  })
  renderApp(<Tasks />)

  await screen.findByText('帮独居老人买菜')
  expect(screen.queryByText('楼道灯坏了')).toBeNull()
  fireEvent.click(screen.getByText('加载更多'))
  await screen.findByText('楼道灯坏了')
  expect(screen.getByText('帮独居老人买菜')).toBeTruthy()
  expect(screen.getByText('没有更多了')).toBeTruthy()

  fireEvent.click(screen.getByText('维修', { selector: '.tasks-filter__item' }))
  await screen.findByText('水龙头滴水')
  expect(screen.queryByText('帮独居老人买菜')).toBeNull()
  expect(orderCalls(net.requests).map((c) => c.payload)).toEqual([{ size: 20 }, { cursor: '1', size: 20 }, { category: '维修', size: 20 }])

  fireEvent.click(screen.getByText('水龙头滴水'))
  expect(taroStub.recorded.navigateTo).toEqual(['/pages/order/detail/index?id=c'])
})

test('a failed load shows the reason and retries; pull-down reloads the list', async () => {
  let down = true
  const net = backend(member, () => (down ? fail('SERVICE_BUSY') : ok({ items: [aCard({ text: '陪老人去医院', status: 'published' })] })))
  renderApp(<Tasks />)

  await screen.findByText('服务繁忙，请稍后再试')
  down = false
  fireEvent.click(screen.getByText('重新加载'))
  await screen.findByText('陪老人去医院')

  taroStub.pullDown()
  await waitFor(() => expect(taroStub.recorded.stopPullDownRefresh).toBe(1))
  // The first load was tried three times (the transport retries a busy service twice), then the retry, then the pull.
  expect(orderCalls(net.requests)).toHaveLength(5)
})

test('a work unit has only 我的任务, and opens on it; an empty list says so', async () => {
  const unit = aProfile({ nickname: '何文静', roles: ['unitAdmin'], grants: [{ role: 'unitAdmin', unitId: 'u1' }] })
  const net = backend(unit, (action) => (action === 'myTasks' ? ok({ items: [] }) : fail('ROLE_REQUIRED')))
  renderApp(<Tasks />)

  await screen.findByText('没有待办理的服务单')
  expect(orderCalls(net.requests)).toEqual([{ action: 'myTasks', payload: { status: 'open', size: 20 } }])
  // No task hall to switch to: it is for members and volunteers.
  expect(screen.queryByText('任务大厅')).toBeNull()
})

test('a department’s 我的任务 shows what was sent to it with its deadline, not 0积分 已领 0/0', async () => {
  const dept = aProfile({ nickname: '林部门', roles: ['department'], grants: [{ role: 'department', departmentId: 'd1' }] })
  const sent = aCard({ id: 'd', text: '占道经营', status: 'dispatched', sentTo: 'department', deadline: new Date(Date.now() + 30 * 3600_000).toISOString() })
  backend(dept, (action) => (action === 'myTasks' ? ok({ items: [sent] }) : fail('ROLE_REQUIRED')))
  renderApp(<Tasks />)

  await screen.findByText('占道经营')
  expect(screen.queryByText(/积分/)).toBeNull()
  expect(screen.queryByText(/已领/)).toBeNull()
  expect(document.querySelector('.order-item__clock')?.textContent).toMatch(/剩|天|小时/)
})

test('a half-filled task in the hall says 还差1人 in gold, not a red 已领单', async () => {
  const half = aCard({ id: 'h', text: '帮忙搬家具', status: 'published', statusLabel: '还差1人', slots: 2, taken: 1, points: 10 })
  backend(member, (action) => (action === 'hall' ? ok({ items: [half] }) : fail('UNKNOWN_ACTION')))
  renderApp(<Tasks />)

  await screen.findByText('帮忙搬家具')
  const tag = document.querySelector('.order-item__status')!
  expect(tag.textContent).toBe('还差1人')
  expect(tag.className).toContain('lx-tag--gold')
})
