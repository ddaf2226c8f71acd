import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Login from '../../miniprogram/src/pages/login'
import { aProfile, installFetch, memberBackend, type SentRequest } from './fake-network'
import { renderApp, typeInto } from './render'
import { taroStub } from './taro-stub'

const USERS = [
  { openid: 'o-res-1', name: '王桂兰', roles: ['resident'], roleLabels: ['居民'], communityName: '东山社区' },
  { openid: 'o-mem-1', name: '李建国', roles: ['resident', 'member'], roleLabels: ['居民', '党员'], communityName: '东山社区' },
  { openid: 'o-adm-1', name: '赵书记', roles: ['member', 'communityAdmin'], roleLabels: ['党员', '社区党组织'], communityName: '东山社区' },
  { openid: 'o-vol-1', name: '小陈', roles: ['volunteer'], roleLabels: ['志愿者'] },
  { openid: 'o-ver-1', name: '黄淑珍', roles: ['resident', 'storeVerifier'], roleLabels: ['居民', '核销员'], communityName: '东山社区' },
]

beforeEach(() => taroStub.reset())

function gateway(opts: { usersDown?: boolean } = {}) {
  const backend = memberBackend(aProfile())
  const tokens = new Map<string, string>()
  return installFetch((req: SentRequest) => {
    if (req.url === '/dev/users') return opts.usersDown ? 'network-error' : { json: { users: USERS } }
    if (req.url === '/dev/login') {
      const { openid } = req.body as { openid: string }
      tokens.set(`t-${openid}`, openid)
      return { json: { token: `t-${openid}` } }
    }
    return backend.handle(req)!
  })
}

function groupOf(title: string): HTMLElement {
  const head = screen.getByText(title, { selector: '.lx-cell-group__title' })
  return head.closest('.lx-cell-group') as HTMLElement
}

test('lists the demo identities once each, under their most responsible role, in role order', async () => {
  gateway()
  renderApp(<Login />)
  await screen.findByText('王桂兰')

  const titles = Array.from(document.querySelectorAll('.lx-cell-group__title')).map((e) => e.textContent)
  expect(titles).toEqual(['居民', '党员', '志愿者', '社区党组织', '核销员 · 爱心超市取货核销', '以新用户身份登录'])
  expect(within(groupOf('核销员 · 爱心超市取货核销')).getByText('黄淑珍')).toBeTruthy()
  expect(within(groupOf('党员')).getByText('李建国')).toBeTruthy()
  expect(within(groupOf('社区党组织')).getByText('赵书记')).toBeTruthy()
  expect(screen.getAllByText('赵书记')).toHaveLength(1)
})

test('tapping one logs in: /dev/login, token kept, member.login with it, then 首页', async () => {
  const net = gateway()
  renderApp(<Login />)
  fireEvent.click(await screen.findByText('李建国'))

  await waitFor(() => expect(taroStub.recorded.switchTab).toEqual(['/pages/index/index']))
  expect(net.requests.find((r) => r.url === '/dev/login')?.body).toEqual({ openid: 'o-mem-1' })
  expect(taroStub.storage.get('lianxin.token')).toBe('t-o-mem-1')
  const login = net.requests.find((r) => r.url === '/api/member')!
  expect(login.body).toEqual({ action: 'login', payload: {} })
  expect(login.headers.authorization).toBe('Bearer t-o-mem-1')
})

test('a new openid is checked before it is sent', async () => {
  const net = gateway()
  const { container } = renderApp(<Login />)
  await screen.findByText('王桂兰')

  fireEvent.click(within(groupOf('以新用户身份登录')).getByText('登录'))
  expect(await screen.findByText('请输入 openid')).toBeTruthy()

  await typeInto(container, '#login-openid', 'new user!')
  fireEvent.click(within(groupOf('以新用户身份登录')).getByText('登录'))
  expect(await screen.findByText('只能包含字母、数字、下划线和短横线，最多64位')).toBeTruthy()
  expect(net.requests.filter((r) => r.url === '/dev/login')).toHaveLength(0)

  await typeInto(container, '#login-openid', 'o-new-7')
  fireEvent.click(within(groupOf('以新用户身份登录')).getByText('登录'))
  await waitFor(() => expect(taroStub.recorded.switchTab).toEqual(['/pages/index/index']))
  expect(net.requests.find((r) => r.url === '/dev/login')?.body).toEqual({ openid: 'o-new-7' })
})

test('when the demo list cannot load, the page says so and still lets you type an openid', async () => {
  gateway({ usersDown: true })
  renderApp(<Login />)

  expect(await screen.findByText('服务繁忙，请稍后再试')).toBeTruthy()
  expect(screen.getByText('以新用户身份登录')).toBeTruthy()
})
