// 志愿服务记录核验 is a public page: a visitor who never logged in (h5, no token) opens it, types a code and
// sees the record's check; nothing sends them to log in, and the call carries no identity. The other
// points pages still send a visitor without a login to the login page.
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { RecordCheckView } from '@shared/contracts/points'
import MyPoints from '../../miniprogram/src/packages/points/mine'
import VerifyRecord from '../../miniprogram/src/packages/points/verify'
import { SessionProvider } from '../../miniprogram/src/hooks/session'
import { aProfile, fail, installFetch, ok, type SentRequest } from './fake-network'
import { renderApp, typeInto } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => taroStub.reset())

const VALID: RecordCheckView = {
  valid: true,
  code: 'K3J9X2M1QA',
  name: '王*',
  communityName: '和平社区',
  confirmedHours: 12.5,
  starLabel: '未评星',
  count: 2,
  issuedAt: '2026-11-23T02:00:00.000Z',
  from: '2026-10-03',
  to: '2026-11-20',
  items: [
    { date: '2026-11-20', hours: 2.5, org: '和平社区' },
    { date: '2026-10-03', hours: 10, org: '和平社区', flagged: true },
  ],
}

/** The gateway as an anonymous visitor meets it: only points.verifyRecord answers, everything else is 401. */
function anonymousGateway() {
  return installFetch((req: SentRequest) => {
    const body = req.body as { action?: string; payload?: { code?: string } }
    if (req.url === '/api/points' && body.action === 'verifyRecord' && !req.headers.authorization) {
      return body.payload?.code === VALID.code ? ok(VALID) : ok({ valid: false, code: body.payload?.code })
    }
    return { status: 401, ...(fail('NOT_LOGGED_IN') as { json: unknown }) }
  })
}

test('a visitor without a login types a code and sees the check: masked name, organisation, hours, dates', async () => {
  const net = anonymousGateway()
  const { container } = renderApp(<VerifyRecord />)
  await typeInto(container, '#field-code', VALID.code)
  fireEvent.click(screen.getByText('查验'))
  await screen.findByText('记录真实有效')
  expect(screen.getByText('王*')).toBeTruthy()
  expect(screen.getAllByText('和平社区').length).toBeGreaterThan(0)
  expect(screen.getByText('12.5 小时 · 未评星')).toBeTruthy()
  expect(screen.getByText('2026-10-03 至 2026-11-20')).toBeTruthy()
  expect(container.querySelector('#record-verify-result')?.textContent).toContain('管理员补录')
  // One call, the public one, with no identity; nobody was sent to log in.
  expect(net.calls()).toEqual([expect.objectContaining({ url: '/api/points', body: { action: 'verifyRecord', payload: { code: VALID.code } } })])
  expect(net.calls()[0].headers.authorization).toBeUndefined()
  expect(taroStub.recorded.reLaunch).toEqual([])
})

test('a code in the link is checked at once; an unknown code says so', async () => {
  anonymousGateway()
  taroStub.routerParams = { code: 'ZZZZZZZZZZ' }
  renderApp(<VerifyRecord />)
  await screen.findByText('查无此记录')
  expect(taroStub.recorded.reLaunch).toEqual([])
})

test('a badly formed code gets the field’s message before anything is sent', async () => {
  const net = anonymousGateway()
  const { container } = renderApp(<VerifyRecord />)
  await typeInto(container, '#field-code', 'AB-CD-EF')
  fireEvent.click(screen.getByText('查验'))
  await screen.findByText('验证码格式不正确')
  expect(net.calls()).toEqual([])
})

test('the other points pages still need a login: 我的积分 sends the visitor to log in', async () => {
  anonymousGateway()
  renderApp(<MyPoints />)
  await waitFor(() => expect(taroStub.recorded.reLaunch).toEqual(['/pages/login/index']))
})

test('志愿服务记录 links to its check, with its code', async () => {
  installFetch((req: SentRequest) => {
    const action = (req.body as { action: string }).action
    if (action === 'balance') return ok({ points: 10, hours: 2, confirmedHours: 2, star: { level: 0, label: '未评星', progress: 0.02, nextAt: 100, nextLabel: '一星', toNext: 98 }, optOut: false })
    if (action === 'history') return ok({ items: [] })
    if (action === 'record') return ok({ code: VALID.code, name: '王秀兰', communityName: '和平社区', confirmedHours: 2, star: { level: 0, label: '未评星' }, issuedAt: VALID.issuedAt, items: [] })
    return fail('INTERNAL_ERROR')
  })
  render(
    <SessionProvider initial={{ status: 'ready', profile: aProfile() }}>
      <MyPoints />
    </SessionProvider>,
  )
  fireEvent.click(await screen.findByText('志愿服务记录'))
  fireEvent.click(await screen.findByText('记录核验'))
  expect(taroStub.recorded.navigateTo).toEqual([`/packages/points/verify/index?code=${VALID.code}`])
})
