// The 活动 tab and an activity's detail against a fake network: the list's states, filters and paging;
// sign-up (the birth year asked first for a bucket with a minimum age), the waiting list, 确认递补, 取消报名
// asked first and gone after the cut-off, the server's message on a refusal, and the organiser's tools.
// Times show in the device's zone (Beijing on the phones; the hour is not checked here).
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import Activities from '../../miniprogram/src/pages/activities'
import ActivityDetail from '../../miniprogram/src/packages/activity/detail'
import { aProfile, fail, installFetch, memberBackend, ok, type Reply, type SentRequest } from './fake-network'
import { aBucket, anActivity, aView } from './activity-fixtures'
import { renderApp, typeInto } from './render'
import { taroStub } from './taro-stub'

// A test waits for several answers in turn, each up to 5 s on a loaded machine (setup.ts).
jest.setTimeout(20_000)

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

const resident = aProfile({ nickname: '王阿姨', complete: true, communityId: 'c1', communityName: '东山社区' })

function backend(activity: (action: string, payload: Record<string, unknown>) => Reply, profile = resident) {
  const m = memberBackend(profile)
  return installFetch((req: SentRequest) => {
    if (req.url !== '/api/activity') return m.handle(req)!
    const { action, payload } = req.body as { action: string; payload: Record<string, unknown> }
    return activity(action, payload)
  })
}
const calls = (requests: SentRequest[]) => requests.filter((r) => r.url === '/api/activity').map((r) => r.body as { action: string; payload: Record<string, unknown> })

describe('活动 tab', () => {
  test('nothing yet: 暂无活动; a failed load says why and retries', async () => {
    let down = true
    backend(() => (down ? fail('SERVICE_BUSY') : ok({ items: [] })))
    renderApp(<Activities />)
    await screen.findByText('服务繁忙，请稍后再试')
    down = false
    fireEvent.click(screen.getByText('重新加载'))
    await screen.findByText('暂无活动')
  })

  test('cards say when, where, the phase, the count and my place; filters start over; 加载更多 pages', async () => {
    const first = anActivity({ id: 'a1', title: '社区环境清洁日', myPlace: 'registered', myPlaceLabel: '已报名' })
    const second = anActivity({ id: 'a2', title: '敬老院包饺子', category: '助老助残', phase: 'closed', phaseLabel: '报名截止', countText: '已报名 20/20', full: true })
    const net = backend((action, p) => {
      if (action !== 'list') return fail('UNKNOWN_ACTION')
      if (p.category === '助老助残' || p.canJoin) return ok({ items: [second] })
      return p.cursor ? ok({ items: [second] }) : ok({ items: [first], nextCursor: 'n1' })
    })
    renderApp(<Activities />)

    await screen.findByText('社区环境清洁日')
    expect(screen.getByText('报名中')).toBeTruthy()
    expect(screen.getByText('已报名 12/20')).toBeTruthy()
    expect(screen.getByText('已报名', { selector: '.lx-tag' })).toBeTruthy()
    expect(screen.getByText(/12月5日 \d\d:00–\d\d:00/)).toBeTruthy()
    fireEvent.click(screen.getByText('加载更多'))
    await screen.findByText('敬老院包饺子')
    expect(screen.getByText('已报名 20/20（已满）')).toBeTruthy()

    fireEvent.click(screen.getByText('助老助残', { selector: '.lx-chip' }))
    await waitFor(() => expect(screen.queryByText('社区环境清洁日')).toBeNull())
    fireEvent.click(screen.getByText('我能参加'))
    await waitFor(() => expect(calls(net.requests)).toHaveLength(4))
    expect(calls(net.requests).map((c) => c.payload)).toEqual([
      { when: 'upcoming', size: 10 },
      { when: 'upcoming', cursor: 'n1', size: 10 },
      { when: 'upcoming', size: 10, category: '助老助残' },
      { when: 'upcoming', size: 10, category: '助老助残', canJoin: true },
    ])

    fireEvent.click(await screen.findByText('敬老院包饺子'))
    expect(taroStub.recorded.navigateTo).toEqual(['/packages/activity/detail/index?id=a2'])
  })

  test('someone without a community is asked to choose one; nothing is asked of the activity function', async () => {
    const net = backend(() => fail('UNKNOWN_ACTION'), aProfile({ complete: false, grants: [{ role: 'resident' }] }))
    renderApp(<Activities />)
    await screen.findByText('请先选择所在社区')
    expect(calls(net.requests)).toHaveLength(0)
  })
})

describe('activity detail', () => {
  beforeEach(() => {
    taroStub.routerParams = { id: 'a1' }
  })

  test('a full bucket: 报名候补 puts me on the waiting list with my position', async () => {
    const full = aView({ countText: '已报名 20/20', full: true, buckets: [aBucket({ taken: 20, waiting: 1 })] })
    const net = backend((action) =>
      action === 'get' ? ok(full) : action === 'signup' ? ok({ ...full, allowed: ['withdraw', 'confirmPlace'], canWithdraw: true, my: { bucket: 'b1', bucketName: '参与者', place: 'waitlisted', placeLabel: '候补中', attendance: 'none', attendanceLabel: '未签到', position: 2 } }) : fail('UNKNOWN_ACTION'),
    )
    renderApp(<ActivityDetail />)
    fireEvent.click(await screen.findByText('报名候补'))
    await screen.findByText(/候补第2位/)
    expect(taroStub.recorded.toasts.map((t) => t.title)).toContain('已进入候补，第2位')
    expect(calls(net.requests).map((c) => c.action)).toEqual(['get', 'signup'])
    expect(screen.queryByText('报名候补')).toBeNull()
  })

  test('a bucket with a minimum age asks the birth year first, and a refusal shows the server’s words', async () => {
    const aged = aView({ buckets: [aBucket({ minAge: 18, name: '司机' }), aBucket({ key: 'b2', name: '帮手' })] })
    const net = backend((action, p) => (action === 'get' ? ok(aged) : action === 'signup' ? fail('ACTIVITY_INELIGIBLE', undefined, `这个岗位要求年满18周岁 (${p.birthYear})`) : fail('UNKNOWN_ACTION')))
    const { container } = renderApp(<ActivityDetail />)
    fireEvent.click(await screen.findByText('报名（司机）'))
    await screen.findByText('填写出生年份')
    fireEvent.click(screen.getByText('报名', { selector: '#sheet-signup .lx-btn__text' }))
    await screen.findByText('请填写4位出生年份，如1960')
    expect(calls(net.requests).map((c) => c.action)).toEqual(['get'])

    await typeInto(container, '#field-birthYear', '2012')
    fireEvent.click(screen.getByText('报名', { selector: '#sheet-signup .lx-btn__text' }))
    await waitFor(() => expect(taroStub.recorded.toasts.map((t) => t.title)).toContain('这个岗位要求年满18周岁 (2012)'))
    expect(calls(net.requests)[1]).toEqual({ action: 'signup', payload: { activityId: 'a1', bucket: 'b1', birthYear: 2012 } })
  })

  test('an offered place: 确认递补 before its deadline', async () => {
    const offered = aView({ allowed: ['withdraw', 'confirmPlace'], canWithdraw: true, my: { bucket: 'b1', bucketName: '参与者', place: 'offered', placeLabel: '候补递补待确认', attendance: 'none', attendanceLabel: '未签到', offerUntil: '2026-12-04T12:00:00.000Z' } })
    const net = backend((action) => (action === 'get' ? ok(offered) : action === 'confirmPlace' ? ok({ ...offered, allowed: ['withdraw'], my: { ...offered.my!, place: 'registered', placeLabel: '已报名', pass: 'K7M2QX' } }) : fail('UNKNOWN_ACTION')))
    renderApp(<ActivityDetail />)
    await screen.findByText(/12月4日 \d\d:00 前确认参加/)
    fireEvent.click(screen.getByText('确认递补'))
    await screen.findByText('K7M2QX')
    expect(calls(net.requests).map((c) => c.action)).toEqual(['get', 'confirmPlace'])
  })

  test('取消报名 asks first; after the cut-off the button is gone and the reason is said', async () => {
    const mine = { bucket: 'b1', bucketName: '参与者', place: 'registered' as const, placeLabel: '已报名', attendance: 'none' as const, attendanceLabel: '未签到', pass: 'K7M2QX' }
    const before = aView({ allowed: ['withdraw'], canWithdraw: true, my: mine })
    const net = backend((action) => (action === 'get' ? ok(before) : action === 'withdraw' ? ok({ ...before, canWithdraw: false, my: { ...mine, place: 'withdrawn', placeLabel: '已取消报名' } }) : fail('UNKNOWN_ACTION')))
    const first = renderApp(<ActivityDetail />)
    await screen.findByText('K7M2QX')
    taroStub.modalConfirms = false
    fireEvent.click(screen.getByText('取消报名', { selector: '.lx-btn__text' }))
    await waitFor(() => expect(taroStub.recorded.modals).toHaveLength(1))
    expect(calls(net.requests).map((c) => c.action)).toEqual(['get'])
    taroStub.modalConfirms = true
    fireEvent.click(screen.getByText('取消报名', { selector: '.lx-btn__text' }))
    await screen.findByText('已取消报名')
    expect(calls(net.requests).map((c) => c.action)).toEqual(['get', 'withdraw'])
    first.unmount()

    backend((action) => (action === 'get' ? ok(aView({ phase: 'closed', phaseLabel: '报名截止', allowed: [], canWithdraw: false, my: mine })) : fail('UNKNOWN_ACTION')))
    renderApp(<ActivityDetail />)
    await screen.findByText('活动开始前2小时内不能取消报名，如有变动请联系组织者。')
    expect(screen.queryByText('取消报名', { selector: '.lx-btn__text' })).toBeNull()
  })

  test('签到 by the typed code shows the result; confirmed hours show on my sign-up', async () => {
    const mine = { bucket: 'b1', bucketName: '参与者', place: 'registered' as const, placeLabel: '已报名', attendance: 'none' as const, attendanceLabel: '未签到', pass: 'K7M2QX' }
    let view = aView({ phase: 'ongoing', phaseLabel: '进行中', allowed: ['checkin', 'checkout'], my: mine })
    const net = backend((action) => {
      if (action === 'get') return ok(view)
      if (action === 'checkin') {
        view = { ...view, my: { ...mine, attendance: 'checked_in', attendanceLabel: '已签到', checkInAt: '2026-12-05T01:20:00.000Z' } }
        return ok({ name: '王阿姨', attendance: 'checked_in', attendanceLabel: '已签到', at: '2026-12-05T01:20:00.000Z', late: true })
      }
      return fail('UNKNOWN_ACTION')
    })
    const { container } = renderApp(<ActivityDetail />)
    await screen.findByText('输入组织者屏幕上的6位签到码')
    await typeInto(container, '#field-code', 'ab c123')
    fireEvent.click(screen.getByText('签到', { selector: '#activity-attend .lx-btn__text' }))
    await screen.findByText(/签到成功：12月5日 \d\d:20（迟到）/)
    expect(calls(net.requests)[1]).toEqual({ action: 'checkin', payload: { activityId: 'a1', code: 'ab c123' } })
    await screen.findByText('签退', { selector: '.lx-btn__text' })

    backend(() => ok(aView({ phase: 'finished', phaseLabel: '已结束', allowed: [], my: { ...mine, attendance: 'confirmed', attendanceLabel: '时长已确认', hours: 2.5, points: 25 } })))
    act(() => taroStub.pullDown())
    await screen.findByText('服务时长 2.5 小时 · 25 积分')
    expect(screen.queryByText('签退', { selector: '.lx-btn__text' })).toBeNull()
  })

  test('organisers get their tools and may sign a resident up (代居民报名)', async () => {
    const admin = aProfile({ complete: true, communityId: 'c1', roles: ['resident', 'communityAdmin'], grants: [{ role: 'communityAdmin', communityId: 'c1' }] })
    const net = backend((action) => (action === 'get' ? ok(aView({ organising: true, allowed: ['signup', 'update', 'cancel', 'notify'] })) : action === 'signup' ? ok(aView({ organising: true })) : fail('UNKNOWN_ACTION')), admin)
    const { container } = renderApp(<ActivityDetail />)
    await screen.findByText('组织者工具')
    for (const t of ['报名名单与时长', '编辑活动', '通知全部报名者', '导出名单', '取消活动']) expect(screen.getByText(t)).toBeTruthy()
    expect(screen.queryByText('签到码')).toBeNull()
    fireEvent.click(screen.getByText('编辑活动'))
    expect(taroStub.recorded.navigateTo).toEqual(['/packages/activity/edit/index?id=a1'])

    fireEvent.click(screen.getByText('代居民报名'))
    await typeInto(container, '#field-name', '赵大爷')
    fireEvent.click(screen.getByText('报名', { selector: '#sheet-proxy .lx-btn__text' }))
    await waitFor(() => expect(calls(net.requests)).toHaveLength(2))
    expect(calls(net.requests)[1]).toEqual({ action: 'signup', payload: { activityId: 'a1', bucket: 'b1', forPerson: { name: '赵大爷' } } })
  })
})
