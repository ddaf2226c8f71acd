// 党员名册 (packages/org/roster): the scopes each admin may open, the filters, paging, and the page's states.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import type { RosterItem } from '@shared/contracts/member'
import Roster from '../../miniprogram/src/packages/org/roster'
import { aProfile, fail, installFetch, memberBackend, ok, tree, type Reply, type SentRequest } from './fake-network'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

const admin = aProfile({ nickname: '陈红梅', complete: true, communityId: 'c1', roles: ['resident', 'communityAdmin'], grants: [{ role: 'communityAdmin', communityId: 'c1', streetId: 's1' }] })
const unitAdmin = aProfile({ nickname: '何文静', roles: ['unitAdmin'], grants: [{ role: 'unitAdmin', unitId: 'u1', streetId: 's1' }] })

function aMember(over: Partial<RosterItem> = {}): RosterItem {
  return {
    id: 'r1',
    openid: 'o1',
    type: 'member',
    realName: '张建国',
    phone: '13800001111',
    masked: false,
    communityId: 'c1',
    communityName: '东山社区',
    gridId: 'g1',
    gridName: '第一网格',
    skills: ['维修'],
    availability: ['sat-am'],
    approvedAt: '2026-11-20T02:00:00.000Z',
    ...over,
  }
}

/** The member function (profile, tree, options, roster) and org.myUnit, answered in memory. */
function backend(profile: typeof admin, roster: (p: Record<string, unknown>) => Reply) {
  const m = memberBackend(profile)
  return installFetch((req: SentRequest) => {
    const { action, payload } = req.body as { action: string; payload: Record<string, unknown> }
    if (req.url === '/api/org' && action === 'myUnit') return ok({ unit: { id: 'u1', name: '区税务局机关党支部' }, registrations: [] })
    if (req.url !== '/api/member') return fail('UNKNOWN_ACTION')
    if (action === 'orgTree') return ok(tree)
    if (action === 'reportOptions') return ok({ communityId: payload.communityId, skills: ['维修', '助老'], units: [] })
    if (action === 'roster') return roster(payload)
    return m.handle(req)!
  })
}

const rosterCalls = (requests: SentRequest[]) =>
  requests.filter((r) => r.url === '/api/member' && (r.body as { action: string }).action === 'roster').map((r) => (r.body as { payload: Record<string, unknown> }).payload)

test('a community admin: the community’s roster, 加载更多, filters by grid and skill that start the list over', async () => {
  const net = backend(admin, (p) => {
    if (p.skill === '助老') return ok({ items: [] })
    if (p.gridId === 'g2') return ok({ items: [aMember({ id: 'r3', realName: '李秀英', gridId: 'g2', gridName: '第二网格' })] })
    return p.cursor ? ok({ items: [aMember({ id: 'r2', realName: '王志强', type: 'volunteer' })] }) : ok({ items: [aMember()], nextCursor: '1' })
  })
  renderApp(<Roster />)

  await screen.findByText('张建国')
  expect(screen.getByText('电话：13800001111')).toBeTruthy()
  expect(screen.getByText('可服务：周六上午')).toBeTruthy()
  fireEvent.click(screen.getByText('加载更多'))
  await screen.findByText('王志强')
  expect(screen.getByText('志愿者')).toBeTruthy()

  fireEvent.click(screen.getByText('第二网格'))
  await screen.findByText('李秀英')
  expect(screen.queryByText('张建国')).toBeNull()
  fireEvent.click(screen.getByText('助老'))
  await screen.findByText('没有符合条件的党员')
  expect(rosterCalls(net.requests)).toEqual([
    { communityId: 'c1', size: 20 },
    { communityId: 'c1', cursor: '1', size: 20 },
    { communityId: 'c1', gridId: 'g2', size: 20 },
    { communityId: 'c1', gridId: 'g2', skill: '助老', size: 20 },
  ])
})

test('a unit admin: the unit’s members wherever they reported, the phone masked as the server sent it', async () => {
  const net = backend(unitAdmin, () => ok({ items: [aMember({ phone: '138****1111', masked: true, unitId: 'u1', unitName: '区税务局机关党支部' })] }))
  renderApp(<Roster />)

  await screen.findByText('张建国')
  expect(screen.getByText('电话：138****1111')).toBeTruthy()
  expect(screen.getByText('东山社区 · 第一网格 · 2026-11-20 通过')).toBeTruthy()
  expect(rosterCalls(net.requests)).toEqual([{ unitId: 'u1', size: 20 }])
})

test('a failed load says why and retries; an empty roster says so; pull-down reloads', async () => {
  let down = true
  const net = backend(admin, () => (down ? fail('OUT_OF_SCOPE') : ok({ items: [] })))
  renderApp(<Roster />)

  await screen.findByText('只能处理本辖区的事项')
  down = false
  fireEvent.click(screen.getByText('重新加载'))
  await screen.findByText('名册里还没有人')
  taroStub.pullDown()
  await waitFor(() => expect(taroStub.recorded.stopPullDownRefresh).toBe(1))
  expect(rosterCalls(net.requests)).toHaveLength(3)
})
