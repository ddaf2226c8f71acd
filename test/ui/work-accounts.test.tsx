// Street, department and unit accounts (issue 12 #4): not residents, so never told to 完善资料 / 选择社区,
// and their 首页, 任务 and 我的 show their own work.
import { screen } from '@testing-library/react'
import type { ProfileView } from '@shared/contracts/member'
import Home from '../../miniprogram/src/pages/index'
import Mine from '../../miniprogram/src/pages/mine'
import Tasks from '../../miniprogram/src/pages/tasks'
import { aProfile, fail, installFetch, memberBackend, ok, type SentRequest } from './fake-network'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

const names = { streets: { s1: '东港街道' }, units: { u1: '区税务局机关党支部' }, departments: { d1: '区城市管理局' } }
const accounts: Array<[string, ProfileView, string]> = [
  ['street', aProfile({ nickname: '郭街道', roles: ['streetAdmin'], grants: [{ role: 'streetAdmin', streetId: 's1' }], scopeNames: names }), '东港街道'],
  ['department', aProfile({ nickname: '林部门', roles: ['department'], grants: [{ role: 'department', departmentId: 'd1', streetId: 's1' }], scopeNames: names }), '区城市管理局'],
  ['unit', aProfile({ nickname: '何文静', roles: ['unitAdmin'], grants: [{ role: 'unitAdmin', unitId: 'u1', streetId: 's1' }], scopeNames: names }), '区税务局机关党支部'],
]

function backend(profile: ProfileView) {
  const m = memberBackend(profile)
  return installFetch((req: SentRequest) => {
    const own = m.handle(req)
    if (own) return own
    const { action } = req.body as { action: string }
    if (req.url === '/api/notice' && action === 'unread') return ok({ count: 0 })
    if (req.url === '/api/order' && action === 'myTasks') return ok({ items: [] })
    return fail('ROLE_REQUIRED')
  })
}

const RESIDENT_PROMPTS = /完善|选择社区|选择所在社区|待完善|双报到|志愿者|去任务大厅/

describe.each(accounts)('a %s account', (kind, profile, workplace) => {
  test('首页 names where it works and asks nothing of a resident', async () => {
    backend(profile)
    renderApp(<Home />)
    await screen.findByText(workplace)
    expect(document.body.textContent).not.toMatch(RESIDENT_PROMPTS)
    // Only the community accepts and dispatches (受理、派单); a department's tile says what it has.
    if (kind !== 'street') expect(document.body.textContent).not.toMatch(/受理、派单/)
    if (kind === 'department') expect(screen.getByText('派给本部门的服务单')).toBeTruthy()
  })

  test('我的 has no 待完善, points or 双报到, and asks nothing of the points function', async () => {
    const net = backend(profile)
    renderApp(<Mine />)
    await screen.findByText(workplace)
    expect(document.body.textContent).not.toMatch(RESIDENT_PROMPTS)
    expect(screen.queryByText('我的积分')).toBeNull()
    expect(net.requests.filter((r) => r.url === '/api/points')).toEqual([])
  })

  test('任务 shows its own queue (or the way to it), not the hall for members', async () => {
    backend(profile)
    renderApp(<Tasks />)
    if (kind === 'street') {
      await screen.findByText('去服务单办理')
      screen.getByText('去服务单办理').click()
      expect(taroStub.recorded.navigateTo).toEqual(['/packages/admin/orders/index'])
    } else {
      await screen.findByText('没有待办理的服务单')
      expect(screen.queryByText('任务大厅')).toBeNull()
    }
    expect(document.body.textContent).not.toMatch(RESIDENT_PROMPTS)
  })
})
