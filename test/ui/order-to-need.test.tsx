// 转为需求 on the admin's order page: the community's admins open the 需求清单 with the order; others see no button.
import { fireEvent, screen } from '@testing-library/react'
import AdminOrder from '../../miniprogram/src/packages/admin/order'
import { aProfile, fail, installFetch, memberBackend, ok, type SentRequest } from './fake-network'
import { aView } from './order-fixtures'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
  taroStub.routerParams = { id: 'o-42' }
})

function backend(profile: ReturnType<typeof aProfile>) {
  const m = memberBackend(profile)
  return installFetch((req: SentRequest) => {
    if (req.url !== '/api/order') return m.handle(req)!
    const { action } = req.body as { action: string }
    return action === 'get' ? ok(aView({ id: 'o-42', text: '小区路灯坏了一排' })) : fail('UNKNOWN_ACTION')
  })
}

test('the community admin turns the order into a need: the needs page opens with fromOrderId', async () => {
  backend(aProfile({ nickname: '陈红梅', communityId: 'c1', complete: true, roles: ['resident', 'communityAdmin'], grants: [{ role: 'communityAdmin', communityId: 'c1' }] }))
  renderApp(<AdminOrder />)

  fireEvent.click(await screen.findByText('转为需求'))
  expect(taroStub.recorded.navigateTo).toEqual(['/packages/org/needs/index?fromOrderId=o-42'])
})

test('a street admin or another community’s admin sees no 转为需求', async () => {
  backend(aProfile({ nickname: '杨书记', communityId: 'c2', complete: true, roles: ['resident', 'communityAdmin', 'streetAdmin'], grants: [{ role: 'communityAdmin', communityId: 'c2' }, { role: 'streetAdmin', streetId: 's1' }] }))
  renderApp(<AdminOrder />)

  await screen.findByText('小区路灯坏了一排')
  expect(screen.queryByText('转为需求')).toBeNull()
})
