import { screen } from '@testing-library/react'
import AdminHome from '../../miniprogram/src/packages/admin/home'
import { aProfile, installFetch, memberBackend } from './fake-network'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

test("a unit admin's 管理后台 names the unit, never its id", async () => {
  const unit = aProfile({
    nickname: '何文静',
    roles: ['unitAdmin'],
    grants: [{ role: 'unitAdmin', unitId: 'u1', streetId: 's1' }],
    scopeNames: { streets: {}, units: { u1: '区税务局机关党支部' }, departments: {} },
  })
  const m = memberBackend(unit)
  installFetch((req) => m.handle(req)!)
  renderApp(<AdminHome />)

  expect((await screen.findAllByText('东港街道 · 区税务局机关党支部')).length).toBeGreaterThan(0)
  expect(screen.queryByText(/u1/)).toBeNull()
})
