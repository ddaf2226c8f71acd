// The 核销员 in the app: 我的 offers them the 爱心超市核销 entry (the admins keep 爱心超市管理, everyone else
// neither), and the store page shows them the pickup check only, which calls points.verifyPickup.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import type { Role } from '@shared/roles'
import Mine from '../../miniprogram/src/pages/mine'
import StoreAdmin from '../../miniprogram/src/packages/points/admin'
import { aProfile, fail, installFetch, memberBackend, ok, type SentRequest } from './fake-network'
import { renderApp, typeInto } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

function as(roles: Role[]) {
  const grants = roles.map((role) => ({ role, communityId: 'c1' }))
  const backend = memberBackend(aProfile({ roles, grants, complete: true, communityId: 'c1', communityName: '东山社区' }))
  return installFetch((req: SentRequest) => {
    const member = backend.handle(req)
    if (member) return member
    const { action } = req.body as { action: string }
    if (req.url === '/api/points' && action === 'verifyPickup') return ok({ id: 'rd1', goodsId: 'g1', goodsName: '爱心大米', price: 20, status: 'collected', statusLabel: '已领取', personName: '冯*', actions: [], createdAt: '', updatedAt: '' })
    return fail('INTERNAL_ERROR')
  })
}

test('我的: the 核销员 gets 爱心超市核销, the admin 爱心超市管理, a resident neither', async () => {
  as(['resident', 'storeVerifier'])
  const v = renderApp(<Mine />)
  fireEvent.click(await screen.findByText('爱心超市核销'))
  expect(screen.queryByText('爱心超市管理')).toBeNull()
  expect(taroStub.recorded.navigateTo).toEqual(['/packages/points/admin/index'])
  v.unmount()

  as(['resident', 'communityAdmin', 'storeVerifier'])
  const a = renderApp(<Mine />)
  await screen.findByText('爱心超市管理')
  expect(screen.queryByText('爱心超市核销')).toBeNull()
  a.unmount()

  as(['resident'])
  renderApp(<Mine />)
  await screen.findByText('我的积分')
  expect(screen.queryByText('爱心超市管理')).toBeNull()
  expect(screen.queryByText('爱心超市核销')).toBeNull()
})

test('the store page for a 核销员: the pickup check only, which checks the code off', async () => {
  const net = as(['resident', 'storeVerifier'])
  const { container } = renderApp(<StoreAdmin />)
  await typeInto(container, '#field-code', '12345678')
  expect(screen.queryByText('商品')).toBeNull()
  expect(screen.queryByText('兑换记录')).toBeNull()
  await waitFor(() => expect(taroStub.recorded.titles).toContain('爱心超市核销'))
  fireEvent.click(screen.getAllByText('核销').at(-1)!)
  await waitFor(() => expect(taroStub.recorded.modals).toEqual([expect.objectContaining({ title: '核销成功', content: '冯* 领取“爱心大米”' })]))
  expect(net.calls().filter((r) => r.url === '/api/points').map((r) => r.body)).toEqual([{ action: 'verifyPickup', payload: { code: '12345678' } }])
})

test('the store page for an admin keeps its three tabs', async () => {
  as(['resident', 'communityAdmin'])
  renderApp(<StoreAdmin />)
  await screen.findByText('商品')
  expect(screen.getByText('兑换记录')).toBeTruthy()
})
