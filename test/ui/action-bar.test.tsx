import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { OrderView } from '@shared/contracts/order'
import { ActionBar } from '../../miniprogram/src/components/order/ActionBar'
import { CompleteSheet } from '../../miniprogram/src/components/order/forms'
import { SessionProvider } from '../../miniprogram/src/hooks/session'
import { actionButtons } from '../../miniprogram/src/utils/orderActions'
import { aProfile, fail, installFetch, ok, type SentRequest } from './fake-network'
import { aView } from './order-fixtures'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

const orderCalls = (requests: SentRequest[]) => requests.filter((r) => r.url === '/api/order').map((r) => r.body as { action: string; payload: Record<string, unknown> })

function bar(view: OrderView, props: Partial<Parameters<typeof ActionBar>[0]> = {}) {
  const changed: OrderView[] = []
  let stale = 0
  const utils = render(<ActionBar view={view} onChange={(v) => changed.push(v)} onStale={() => stale++} {...props} />)
  const buttons = () => Array.from(utils.container.querySelectorAll('#order-actions .lx-btn')).map((b) => b.textContent)
  return { ...utils, changed, stale: () => stale, buttons }
}

describe('buttons from allowed', () => {
  test('labels and order: forward moves lead, destructive ones last and in red', () => {
    expect(actionButtons(['release', 'start'], { inAdmin: false, isOrderer: false })).toEqual([
      { action: 'start', label: '开始办理', type: 'primary' },
      { action: 'release', label: '放弃领单', type: 'danger' },
    ])
    expect(actionButtons(['withdraw'], { inAdmin: false, isOrderer: true })).toEqual([{ action: 'withdraw', label: '撤回', type: 'danger' }])
    expect(actionButtons(['reopen'], { inAdmin: false, isOrderer: true })).toEqual([{ action: 'reopen', label: '没解决，重新办理', type: 'primary' }])
    expect(actionButtons(['start', 'complete', 'return', 'close'], { inAdmin: true, isOrderer: false }).map((b) => b.label)).toEqual(['开始办理', '提交办结', '退回社区', '办结归档'])
  })

  test('a grid worker’s 确认办结 is a co-sign', () => {
    expect(actionButtons(['confirm'], { inAdmin: false, isOrderer: false })[0].label).toBe('代确认办结')
    expect(actionButtons(['confirm'], { inAdmin: false, isOrderer: true })[0].label).toBe('确认办结')
  })

  test('the community’s moves are one way into the admin page outside it, and their own buttons inside it', () => {
    const allowed = ['accept', 'reject', 'escalate'] as const
    expect(actionButtons(allowed, { inAdmin: false, isOrderer: false })).toEqual([{ action: 'manage', label: '去管理后台处理', type: 'primary' }])
    expect(actionButtons(allowed, { inAdmin: true, isOrderer: false, canNote: true }).map((b) => b.label)).toEqual(['受理', '吹哨上报', '备注', '不予受理'])
  })

  test('nothing allowed, no bar', () => {
    const { container } = bar(aView({ allowed: [] }))
    expect(container.querySelector('#order-actions')).toBeNull()
  })
})

describe('the bar', () => {
  test('撤回 asks first; cancelling sends nothing, confirming withdraws and shows the new state', async () => {
    const net = installFetch(() => ok(aView({ status: 'withdrawn', statusLabel: '已撤回', allowed: [] })))
    const b = bar(aView({ allowed: ['withdraw'], orderer: { name: '王秀兰', me: true } }))
    expect(b.buttons()).toEqual(['撤回'])

    taroStub.modalConfirms = false
    fireEvent.click(screen.getByText('撤回'))
    await waitFor(() => expect(taroStub.recorded.modals).toHaveLength(1))
    expect(taroStub.recorded.modals[0].title).toBe('撤回服务单')
    expect(orderCalls(net.requests)).toEqual([])

    taroStub.modalConfirms = true
    fireEvent.click(screen.getByText('撤回'))
    await waitFor(() => expect(b.changed).toHaveLength(1))
    expect(orderCalls(net.requests)).toEqual([{ action: 'withdraw', payload: { orderId: 'o1' } }])
    expect(b.changed[0].status).toBe('withdrawn')
    expect(taroStub.recorded.toasts).toContainEqual({ title: '已撤回', icon: 'success' })
  })

  test('领单 refused as full: the server’s sentence, and the order is read again', async () => {
    installFetch(() => fail('ORDER_FULL'))
    const b = bar(aView({ status: 'published', allowed: ['claim'] }))

    fireEvent.click(screen.getByText('领单'))

    await waitFor(() => expect(taroStub.recorded.toasts).toContainEqual({ title: '名额已满，下次早点来', icon: 'none' }))
    expect(b.stale()).toBe(1)
    expect(b.changed).toEqual([])
  })

  test('评价 opens its form: stars are required (the contract’s message), then 5 stars and a comment are sent', async () => {
    const net = installFetch(() => ok(aView({ status: 'rated', allowed: [], rating: { stars: 5, comment: '很好' } })))
    const b = bar(aView({ status: 'confirmed', allowed: ['rate'], orderer: { name: '王秀兰', me: true } }))
    fireEvent.click(screen.getByText('评价'))
    const sheet = b.container.querySelector('#sheet-rate') as HTMLElement
    expect(sheet).not.toBeNull()

    fireEvent.click(within(sheet).getByText('提交评价'))
    expect(within(sheet).getByText('请打1到5星')).toBeTruthy()
    expect(orderCalls(net.requests)).toEqual([])

    fireEvent.click(within(sheet).getByLabelText('5星'))
    expect(within(sheet).getByText('非常满意')).toBeTruthy()
    const box = await waitFor(() => {
      const el = sheet.querySelector('#field-comment textarea') as HTMLTextAreaElement | null
      if (!el) throw new Error('textarea not drawn yet')
      return el
    })
    box.value = '很好'
    fireEvent(box, new Event('input', { bubbles: true }))
    fireEvent.click(within(sheet).getByText('提交评价'))

    await waitFor(() => expect(b.changed).toHaveLength(1))
    expect(orderCalls(net.requests)).toEqual([{ action: 'rate', payload: { orderId: 'o1', stars: 5, comment: '很好' } }])
    expect(b.container.querySelector('#sheet-rate')).toBeNull()
  })

  test('on the resident/member page an admin is sent to the admin page', () => {
    installFetch(() => ok(null))
    bar(aView({ allowed: ['accept', 'reject', 'escalate'] }))
    fireEvent.click(screen.getByText('去管理后台处理'))
    expect(taroStub.recorded.navigateTo).toEqual(['/packages/admin/order/index?id=o1'])
  })

  test('on the admin page the overflow goes under 更多, and each button calls the page’s form', async () => {
    installFetch(() => ok(null))
    const opened: string[] = []
    const admin = { accept: () => opened.push('accept'), reject: () => opened.push('reject'), escalate: () => opened.push('escalate'), note: () => opened.push('note') }
    const b = bar(aView({ allowed: ['accept', 'reject', 'escalate'] }), { inAdmin: true, admin })
    // 备注 gives its place to the order's own moves.
    expect(b.buttons()).toEqual(['受理', '吹哨上报', '不予受理'])

    fireEvent.click(screen.getByText('受理'))
    taroStub.actionSheetPick = 0
    fireEvent.click(screen.getByText('更多'))
    await waitFor(() => expect(opened).toEqual(['accept', 'note']))
    expect(taroStub.recorded.actionSheets).toEqual([['备注']])
    b.unmount()

    // More moves than places: two of them, and 更多 for the rest.
    const many = bar(aView({ status: 'accepted', allowed: ['escalate', 'dispatch', 'publish', 'close'] }), { inAdmin: true, admin })
    expect(many.buttons()).toEqual(['发布到任务大厅', '派单'])
    taroStub.actionSheetPick = null
    fireEvent.click(screen.getByText('更多'))
    await waitFor(() => expect(taroStub.recorded.actionSheets[1]).toEqual(['吹哨上报', '办结归档', '备注']))
  })
})

describe('代确认办结', () => {
  test('asks first and says what it does; a no sends nothing, a yes confirms', async () => {
    const net = installFetch(() => ok(aView({ status: 'confirmed', allowed: [] })))
    const view = aView({ status: 'done', allowed: ['confirm'], onBehalf: true, orderer: { name: '孙奶奶' } })
    const b = bar(view)
    taroStub.modalConfirms = false
    fireEvent.click(screen.getByText('代确认办结'))
    await waitFor(() => expect(taroStub.recorded.modals).toHaveLength(1))
    expect(taroStub.recorded.modals[0]).toMatchObject({ title: '代居民确认办结', content: expect.stringContaining('核实') })
    expect(orderCalls(net.requests)).toEqual([])

    taroStub.modalConfirms = true
    fireEvent.click(screen.getByText('代确认办结'))
    await waitFor(() => expect(orderCalls(net.requests)).toEqual([{ action: 'confirm', payload: { orderId: view.id } }]))
    await waitFor(() => expect(b.changed).toHaveLength(1))
  })

  test('the resident’s own 确认办结 is one tap', async () => {
    const net = installFetch(() => ok(aView({ status: 'confirmed', allowed: [] })))
    bar(aView({ status: 'done', allowed: ['confirm'], orderer: { name: '王秀兰', me: true } }))
    fireEvent.click(screen.getByText('确认办结'))
    await waitFor(() => expect(orderCalls(net.requests)).toHaveLength(1))
    expect(taroStub.recorded.modals).toEqual([])
  })
})

describe('提交办结 sheet', () => {
  test('closing it with a typed report asks first; 取消 keeps the text, 放弃 closes; an empty sheet just closes', async () => {
    let closed = 0
    const { container } = render(
      <SessionProvider initial={{ status: 'ready', profile: aProfile() }}>
        <CompleteSheet view={aView({ status: 'in_progress' })} open onClose={() => closed++} onDone={() => {}} />
      </SessionProvider>,
    )
    fireEvent.click(screen.getByText('取消'))
    await waitFor(() => expect(closed).toBe(1))
    expect(taroStub.recorded.modals).toEqual([])

    // waitFor retries only on a throw: a null (the sheet's field not drawn yet) must throw.
    const box = await waitFor(() => {
      const el = container.querySelector<HTMLTextAreaElement>('#field-note textarea')
      if (!el) throw new Error('the 办理情况 field is not drawn yet')
      return el
    })
    box.value = '已更换灯泡'
    fireEvent(box, new Event('input', { bubbles: true }))
    taroStub.modalConfirms = false
    fireEvent.click(screen.getByText('取消'))
    await waitFor(() => expect(taroStub.recorded.modals).toHaveLength(1))
    expect(taroStub.recorded.modals[0].title).toBe('放弃填写')
    expect(closed).toBe(1)

    taroStub.modalConfirms = true
    fireEvent.click(container.querySelector('.lx-sheet__mask')!)
    await waitFor(() => expect(closed).toBe(2))
  })
})
