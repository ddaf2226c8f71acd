import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { ApiError } from '../../miniprogram/src/api'
import { EmptyState, ErrorState, PageContainer } from '../../miniprogram/src/components'
import { SessionProvider } from '../../miniprogram/src/hooks/session'
import Home from '../../miniprogram/src/pages/index'
import Mine from '../../miniprogram/src/pages/mine'
import Tasks from '../../miniprogram/src/pages/tasks'
import Activities from '../../miniprogram/src/pages/activities'
import { aProfile, installFetch, memberBackend, ok } from './fake-network'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
})

/** Components that read the session, rendered with one already signed in (no call needed). */
function withSession(ui: React.ReactElement) {
  return render(<SessionProvider initial={{ status: 'ready', profile: aProfile() }}>{ui}</SessionProvider>)
}

describe('ErrorState', () => {
  test('shows the message of the failure and retries on tap', () => {
    const retry = jest.fn()
    withSession(<ErrorState error={new ApiError('NOT_FOUND', 'ORDER_NOT_FOUND')} onRetry={retry} />)

    expect(screen.getByText('内容不存在')).toBeTruthy()
    expect(screen.getByText('找不到该服务单')).toBeTruthy()
    fireEvent.click(screen.getByText('重新加载'))
    expect(retry).toHaveBeenCalledTimes(1)
  })

  test('a page that may not be seen, or is gone, offers the way back as well as 重新加载', () => {
    taroStub.pages = [{ route: 'pages/index/index' }, { route: 'pages/order/detail/index' }]
    withSession(<PageContainer error={new ApiError('PERMISSION_DENIED', 'OUT_OF_SCOPE')} hasData={false} onRetry={() => {}} />)
    expect(screen.getByText('没有权限')).toBeTruthy()
    expect(screen.getByText('重新加载')).toBeTruthy()
    fireEvent.click(screen.getByText('返回上一页'))
    expect(taroStub.recorded.navigateBack).toBe(1)
  })

  test('opened from a link with nothing behind it, 内容不存在 leads home', () => {
    taroStub.pages = [{ route: 'pages/order/detail/index' }]
    withSession(<PageContainer error={new ApiError('NOT_FOUND', 'ORDER_NOT_FOUND')} hasData={false} onRetry={() => {}} />)
    fireEvent.click(screen.getByText('回到首页'))
    expect(taroStub.recorded.switchTab).toEqual(['/pages/index/index'])
  })

  test('a failure a reload may fix offers only 重新加载', () => {
    taroStub.pages = [{ route: 'pages/index/index' }, { route: 'pages/order/detail/index' }]
    withSession(<PageContainer error={new ApiError('UNAVAILABLE', 'SERVICE_BUSY')} hasData={false} onRetry={() => {}} />)
    expect(screen.getByText('重新加载')).toBeTruthy()
    expect(screen.queryByText('返回上一页')).toBeNull()
  })

  test('an error that is not an ApiError reads as the generic INTERNAL message', () => {
    withSession(<ErrorState error={new TypeError('x is undefined')} />)

    expect(screen.getByText('系统开小差了，请稍后再试')).toBeTruthy()
    expect(screen.queryByText('x is undefined')).toBeNull()
    expect(screen.queryByText('重新加载')).toBeNull()
  })
})

describe('PageContainer', () => {
  const content = <div>内容</div>

  test('error with nothing loaded: the error, not the content', () => {
    withSession(<PageContainer error={new ApiError('UNAVAILABLE', 'SERVICE_BUSY')}>{content}</PageContainer>)
    expect(screen.getByText('服务繁忙，请稍后再试')).toBeTruthy()
    expect(screen.queryByText('内容')).toBeNull()
  })

  test('a failed reload keeps what was loaded', () => {
    withSession(
      <PageContainer error={new ApiError('UNAVAILABLE', 'SERVICE_BUSY')} hasData>
        {content}
      </PageContainer>,
    )
    expect(screen.getByText('内容')).toBeTruthy()
  })

  test('first load: a skeleton marked busy', () => {
    const { container } = withSession(<PageContainer loading>{content}</PageContainer>)
    expect(container.querySelector('[aria-busy="true"]')).not.toBeNull()
    expect(screen.queryByText('内容')).toBeNull()
  })

  test('empty: the empty state with its own words', () => {
    withSession(<PageContainer empty emptyProps={{ title: '暂无心愿', description: '有需要时可以许个心愿' }}>{content}</PageContainer>)
    expect(screen.getByText('暂无心愿')).toBeTruthy()
    expect(screen.getByText('有需要时可以许个心愿')).toBeTruthy()
    expect(screen.queryByText('内容')).toBeNull()
  })

  test('EmptyState shows its action', () => {
    withSession(<EmptyState title='暂无任务' action={<span>去看看</span>} />)
    expect(screen.getByText('去看看')).toBeTruthy()
  })
})

describe('tabs for people they are not for yet, and tabs before their features exist', () => {
  beforeEach(() => taroStub.storage.set('lianxin.token', 'tok'))

  test('任务 tells a plain resident who the hall is for, asks nothing of the order function, and pull-down reloads', async () => {
    const backend = memberBackend(aProfile())
    const net = installFetch((req) => backend.handle(req)!)
    renderApp(<Tasks />)

    await screen.findByText('任务大厅面向党员和志愿者')
    expect(net.calls()).toHaveLength(1)

    taroStub.pullDown()

    await waitFor(() => expect(taroStub.recorded.stopPullDownRefresh).toBe(1))
    expect(net.calls()).toHaveLength(2)
  })

  test('活动 with no activities yet says so; pull-down stops the spinner even when the network is down', async () => {
    const backend = memberBackend(aProfile())
    let down = false
    installFetch((req) => (down ? 'network-error' : req.url === '/api/activity' ? ok({ items: [] }) : backend.handle(req)!))
    renderApp(<Activities />)
    await screen.findByText('暂无活动')

    down = true
    taroStub.pullDown()

    // The transport tries twice more (150 ms, then 400 ms) before it gives up.
    await waitFor(() => expect(taroStub.recorded.stopPullDownRefresh).toBe(1), { timeout: 5000 })
  })
})

describe('session on screens', () => {
  test('h5 without a token: every page but login sends the visitor to login', async () => {
    const net = installFetch(() => 'network-error')
    renderApp(<Home />)

    await waitFor(() => expect(taroStub.recorded.reLaunch).toEqual(['/pages/login/index']))
    expect(net.requests).toHaveLength(0)
  })

  test('首页 when the service is down: the message and a retry that recovers', async () => {
    taroStub.storage.set('lianxin.token', 'tok')
    const backend = memberBackend(aProfile({ nickname: '老张', complete: false }))
    let down = true
    installFetch((req) => (down ? 'network-error' : backend.handle(req)!))
    renderApp(<Home />)

    await screen.findByText('服务繁忙，请稍后再试')
    down = false
    fireEvent.click(screen.getByText('重新加载'))

    await screen.findByText(/老张/)
    // Incomplete profile: asked to pick a community, with the way there.
    expect(screen.getByText('请完善您的资料')).toBeTruthy()
    fireEvent.click(screen.getByText('去选择社区'))
    expect(taroStub.recorded.navigateTo).toEqual(['/pages/profile/index'])
  })

  test('首页 offers 管理后台 only to admins', async () => {
    taroStub.storage.set('lianxin.token', 'tok')
    const admin = memberBackend(
      aProfile({ roles: ['resident', 'communityAdmin'], grants: [{ role: 'communityAdmin', communityId: 'c1' }], complete: true, communityId: 'c1', communityName: '东山社区' }),
    )
    installFetch((req) => admin.handle(req)!)
    const first = renderApp(<Home />)
    await screen.findByText('管理后台')
    expect(screen.queryByText('请完善您的资料')).toBeNull()
    first.unmount()

    const resident = memberBackend(aProfile({ complete: true, communityId: 'c1', communityName: '东山社区' }))
    installFetch((req) => resident.handle(req)!)
    renderApp(<Home />)
    await screen.findByText('我的资料')
    expect(screen.queryByText('管理后台')).toBeNull()
  })

  test('我的 masks the phone, and 退出登录 asks first', async () => {
    taroStub.storage.set('lianxin.token', 'tok')
    const backend = memberBackend(aProfile({ phone: '13812341234', complete: true }))
    installFetch((req) => backend.handle(req)!)
    renderApp(<Mine />)
    await screen.findByText('138****1234')
    expect(screen.queryByText('13812341234')).toBeNull()

    taroStub.modalConfirms = false
    fireEvent.click(screen.getByText('退出登录'))
    await waitFor(() => expect(taroStub.recorded.modals).toHaveLength(1))
    expect(taroStub.storage.get('lianxin.token')).toBe('tok')

    taroStub.modalConfirms = true
    fireEvent.click(screen.getByText('退出登录'))
    await waitFor(() => expect(taroStub.recorded.reLaunch).toEqual(['/pages/login/index']))
    expect(taroStub.storage.has('lianxin.token')).toBe(false)
  })
})
