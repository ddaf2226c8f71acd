import { fireEvent, screen, waitFor } from '@testing-library/react'
import NewOrder from '../../miniprogram/src/pages/order/new'
import { aProfile, fail, installFetch, memberBackend, ok, type SentRequest } from './fake-network'
import { DEFAULT_CATEGORIES } from '../../shared/contracts/order'
import { aCard, aView } from './order-fixtures'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

const resident = () =>
  aProfile({
    nickname: '王秀兰',
    complete: true,
    communityId: 'c1',
    communityName: '东山社区',
    gridId: 'g1',
    buildingId: 'b2',
    buildingName: '2号楼',
    room: '1单元302',
  })

type OrderHandler = (action: string, payload: Record<string, unknown>) => ReturnType<typeof ok> | undefined

function backend(order: OrderHandler) {
  const member = memberBackend(resident())
  return installFetch((req: SentRequest) => {
    if (req.url === '/api/order') {
      const { action, payload } = req.body as { action: string; payload: Record<string, unknown> }
      if (action === 'categories') return order(action, payload) ?? ok([...DEFAULT_CATEGORIES])
      return order(action, payload) ?? fail('UNKNOWN_ACTION')
    }
    return member.handle(req)!
  })
}

// The calls the form makes on its way to an order; loading the category list is not one of them.
const orderCalls = (requests: SentRequest[]) =>
  requests
    .filter((r) => r.url === '/api/order')
    .map((r) => r.body as { action: string; payload: Record<string, unknown> })
    .filter((b) => b.action !== 'categories')

async function typeText(container: HTMLElement, value: string) {
  const box = await waitFor(() => {
    const el = container.querySelector('#field-text textarea') as HTMLTextAreaElement | null
    if (!el) throw new Error('textarea not drawn yet')
    return el
  })
  box.value = value
  fireEvent(box, new Event('input', { bubbles: true }))
}

function fieldError(container: HTMLElement, id: string): string | null {
  return container.querySelector(`#${id}`)?.closest('.lx-field')?.querySelector('.lx-field__error')?.textContent ?? null
}

async function fillForm(container: HTMLElement) {
  await screen.findByText('需要什么服务')
  fireEvent.click(screen.getByText('维修'))
  await typeText(container, '厨房水龙头一直滴水，关不紧。')
  fireEvent.click(screen.getByText('较急'))
}

test('the building and room start from the profile; the contract check stops an empty form before anything is sent', async () => {
  const net = backend(() => undefined)
  const { container } = renderApp(<NewOrder />)
  await screen.findByText('需要什么服务')
  expect(container.querySelector('#field-buildingId')?.textContent).toBe('2号楼（第一网格）')

  fireEvent.click(screen.getByText('提交'))

  expect(fieldError(container, 'field-category')).toBe('请选择服务类别')
  expect(fieldError(container, 'field-text')).toBe('请填写需求描述')
  expect(fieldError(container, 'field-room')).toBeNull()
  expect(taroStub.recorded.toasts).toContainEqual({ title: '请检查填写的内容', icon: 'none' })
  expect(orderCalls(net.requests)).toEqual([])
})

test('similar open orders nearby are offered before a duplicate is made, and 我也遇到 joins one', async () => {
  const nearby = aCard({ id: 'o-near', text: '3号楼水管漏水，楼下都淹了。', alsoAffected: 1, statusLabel: '已受理', status: 'accepted' })
  const net = backend((action, payload) => {
    if (action === 'similar') return ok([nearby])
    if (action === 'join') return ok(aView({ id: payload.orderId as string, alsoAffected: 2 }))
    return undefined
  })
  const { container } = renderApp(<NewOrder />)
  await fillForm(container)

  fireEvent.click(screen.getByText('提交'))

  await screen.findByText('附近已有类似需求')
  expect(screen.getByText('3号楼水管漏水，楼下都淹了。')).toBeTruthy()
  expect(screen.getByText(/已有2人反映/)).toBeTruthy()
  expect(orderCalls(net.requests)).toEqual([{ action: 'similar', payload: { category: '维修' } }])
  // The offer replaces the submit button: a duplicate is a deliberate second choice.
  expect(screen.queryByText('提交')).toBeNull()

  fireEvent.click(screen.getByText('我也遇到'))

  await waitFor(() => expect(taroStub.recorded.toasts).toContainEqual({ title: '已反映，社区会优先处理', icon: 'none' }))
  expect(orderCalls(net.requests).map((c) => c.action)).toEqual(['similar', 'join'])
  expect(orderCalls(net.requests)[1].payload).toEqual({ orderId: 'o-near' })
  expect(screen.getByText('已反映')).toBeTruthy()
  expect(screen.queryByText('不是同一件事，继续提交')).toBeNull()
  // Then the neighbour follows the order they joined.
  await waitFor(() => expect(taroStub.recorded.redirectTo).toEqual(['/pages/order/detail/index?id=o-near']), { timeout: 2000 })
  expect(orderCalls(net.requests).map((c) => c.action)).toEqual(['similar', 'join'])
})

test('不是同一件事 submits the order as filled in and opens it', async () => {
  const net = backend((action) => {
    if (action === 'similar') return ok([aCard({ id: 'o-near' })])
    if (action === 'submit') return ok(aView({ id: 'o-new' }))
    return undefined
  })
  const { container } = renderApp(<NewOrder />)
  await fillForm(container)
  fireEvent.click(screen.getByText('提交'))
  await screen.findByText('附近已有类似需求')

  fireEvent.click(screen.getByText('不是同一件事，继续提交'))

  await waitFor(() => expect(taroStub.recorded.redirectTo).toEqual(['/pages/order/detail/index?id=o-new']), { timeout: 2000 })
  const submit = orderCalls(net.requests).find((c) => c.action === 'submit')!
  expect(submit.payload).toEqual({
    category: '维修',
    text: '厨房水龙头一直滴水，关不紧。',
    photos: [],
    place: { kind: 'room', buildingId: 'b2', room: '1单元302' },
    urgency: 'yellow',
    // One key per form, so a retry of this submission finds the first order.
    requestKey: expect.stringMatching(/^[a-z0-9]+-[a-z0-9]+$/),
  })
  expect(taroStub.recorded.toasts).toContainEqual({ title: '提交成功', icon: 'success' })
})

test('with nothing similar the order goes straight in; the server’s field errors land under their fields', async () => {
  const net = backend((action) => {
    if (action === 'similar') return ok([])
    if (action === 'submit') return fail('BUILDING_NOT_IN_GRID', { 'place.buildingId': '请选择本社区的楼栋' })
    return undefined
  })
  const { container } = renderApp(<NewOrder />)
  await fillForm(container)

  fireEvent.click(screen.getByText('提交'))

  await waitFor(() => expect(fieldError(container, 'field-buildingId')).toBe('请选择本社区的楼栋'))
  expect(orderCalls(net.requests).map((c) => c.action)).toEqual(['similar', 'submit'])
  expect(taroStub.recorded.toasts).toContainEqual({ title: '所选楼栋不属于该网格', icon: 'none' })
  expect(screen.queryByText('附近已有类似需求')).toBeNull()

  // Asked once per category: a second try does not ask again.
  fireEvent.click(screen.getByText('提交'))
  await waitFor(() => expect(orderCalls(net.requests).map((c) => c.action)).toEqual(['similar', 'submit', 'submit']))
})

test('a grid worker orders for a resident: name (and phone) required, no 我也遇到 in their own name', async () => {
  taroStub.routerParams = { behalf: '1' }
  const worker = memberBackend(
    aProfile({ nickname: '刘网格', complete: true, communityId: 'c1', gridId: 'g1', roles: ['resident', 'gridWorker'], grants: [{ role: 'gridWorker', communityId: 'c1', gridId: 'g2' }] }),
  )
  const net = installFetch((req) => {
    if (req.url === '/api/order') return (req.body as { action: string }).action === 'categories' ? ok([...DEFAULT_CATEGORIES]) : ok(aView({ id: 'o-behalf' }))
    return worker.handle(req)!
  })
  const { container } = renderApp(<NewOrder />)
  await screen.findByText('居民信息')
  expect(taroStub.recorded.titles).toContain('代居民点单')
  // Only the buildings of the grid they serve, and nothing prefilled from their own home.
  expect(container.querySelector('#field-buildingId')?.textContent).toBe('请选择楼栋')

  await fillForm(container)
  fireEvent.click(screen.getByText('提交'))
  expect(fieldError(container, 'field-name')).toBe('请填写姓名')
  expect(fieldError(container, 'field-buildingId')).toBe('请选择楼栋')
  expect(orderCalls(net.requests)).toEqual([])
})

test('a preferred day and part of the day become a time window the contract accepts', async () => {
  const { emptyForm, toInput, validateForm } = await import('../../miniprogram/src/pages/order/new/form')
  const form = { ...emptyForm(resident(), false), category: '助老', text: '想请人陪老人去医院复查。', day: '2025-11-25', period: 'am' as const }
  const input = toInput(form, false)
  expect(validateForm(form, false)).toEqual({})
  const { from, to } = input.preferredTime!
  expect([new Date(from).getHours(), new Date(to).getHours()]).toEqual([8, 12])
  expect(new Date(from).getDate()).toBe(25)
  // No day chosen: no window at all (不限).
  expect(toInput({ ...form, day: '' }, false).preferredTime).toBeUndefined()
})

test('offers the categories the community set, not the defaults', async () => {
  backend((action) => (action === 'categories' ? ok(['理发', '修脚']) : undefined))
  renderApp(<NewOrder />)
  expect(await screen.findByText('理发')).toBeTruthy()
  expect(screen.getByText('修脚')).toBeTruthy()
  expect(screen.queryByText('维修')).toBeNull()
})
