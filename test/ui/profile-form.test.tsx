import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import Profile from '../../miniprogram/src/pages/profile'
import { aProfile, fail, installFetch, memberBackend, type SentRequest } from './fake-network'
import { pickIndex, renderApp, typeInto } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

const updates = (requests: SentRequest[]) =>
  requests.filter((r) => (r.body as { action?: string })?.action === 'updateProfile').map((r) => (r.body as { payload: unknown }).payload)

function fieldError(container: HTMLElement, name: string): string | null {
  const field = container.querySelector(`#field-${name}`)?.closest('.lx-field')
  return field?.querySelector('.lx-field__error')?.textContent ?? null
}

async function openForm() {
  const view = renderApp(<Profile />)
  await screen.findByText('请选择社区')
  return view
}

test('shows each field its own message from the contract schema and sends nothing', async () => {
  const backend = memberBackend(aProfile({ nickname: '王阿姨' }))
  const net = installFetch((req) => backend.handle(req)!)
  const { container } = await openForm()

  await typeInto(container, '#field-nickname', '   ')
  await typeInto(container, '#field-phone', '12345')
  fireEvent.click(screen.getByText('保存'))

  expect(fieldError(container, 'nickname')).toBe('请填写昵称')
  expect(fieldError(container, 'phone')).toBe('请输入11位手机号')
  expect(fieldError(container, 'communityId')).toBe('请选择所在社区')
  expect(fieldError(container, 'realName')).toBeNull()
  expect(updates(net.requests)).toEqual([])

  // Correcting a field clears its message.
  await typeInto(container, '#field-phone', '13812341234')
  await waitFor(() => expect(fieldError(container, 'phone')).toBeNull())
  expect(fieldError(container, 'nickname')).toBe('请填写昵称')
})

test('community → grid → building cascade, and a new community clears the levels under it', async () => {
  const backend = memberBackend(aProfile())
  const net = installFetch((req) => backend.handle(req)!)
  const { container } = await openForm()

  expect(screen.getByText('请先选择社区', { selector: '.lx-picker__text' })).toBeTruthy()
  pickIndex(container, '#field-communityId', 0) // 东山社区
  pickIndex(container, '#field-gridId', 1) // 第二网格
  pickIndex(container, '#field-buildingId', 0) // 5号楼 (the only one in 第二网格)
  expect(container.querySelector('#field-buildingId')?.textContent).toBe('5号楼')

  pickIndex(container, '#field-communityId', 1) // 西山社区
  expect(container.querySelector('#field-gridId')?.textContent).toBe('请选择网格')
  expect(container.querySelector('#field-buildingId')?.textContent).toBe('请先选择网格')

  pickIndex(container, '#field-gridId', 0) // 西山一网格, which has no buildings
  expect(container.querySelector('#field-buildingId')?.textContent).toBe('该网格暂无楼栋')

  await typeInto(container, '#field-realName', '王桂兰')
  await typeInto(container, '#field-phone', '13812341234')
  await typeInto(container, '#field-room', '3单元502')
  fireEvent.click(screen.getByText('保存'))

  await waitFor(() => expect(taroStub.recorded.toasts).toContainEqual({ title: '已保存', icon: 'success' }))
  expect(updates(net.requests)).toEqual([
    { nickname: '王阿姨', realName: '王桂兰', phone: '13812341234', communityId: 'c2', gridId: 'g3', room: '3单元502' },
  ])
  expect(backend.profile.complete).toBe(true)
})

test('field messages the backend sends (error.fields) land under their fields', async () => {
  const backend = memberBackend(aProfile({ communityId: 'c1', communityName: '东山社区', gridId: 'g1', buildingId: 'b1' }))
  installFetch((req) => {
    if ((req.body as { action?: string })?.action === 'updateProfile') return fail('BUILDING_NOT_IN_GRID', { buildingId: '所选楼栋不属于该网格' })
    return backend.handle(req)!
  })
  const { container } = renderApp(<Profile />)
  await screen.findByText('1号楼', { selector: '.lx-picker__text' })

  fireEvent.click(screen.getByText('保存'))

  await waitFor(() => expect(fieldError(container, 'buildingId')).toBe('所选楼栋不属于该网格'))
  expect(taroStub.recorded.toasts).toContainEqual({ title: '所选楼栋不属于该网格', icon: 'none' })
})

test('while saving the button says so and a second tap sends nothing more', async () => {
  const backend = memberBackend(aProfile({ communityId: 'c1' }))
  let release: () => void = () => undefined
  const net = installFetch(async (req) => {
    if ((req.body as { action?: string })?.action === 'updateProfile') await new Promise<void>((r) => (release = r))
    return backend.handle(req)!
  })
  renderApp(<Profile />)
  await screen.findByText('东山社区', { selector: '.lx-picker__text' })

  fireEvent.click(screen.getByText('保存'))
  const saving = await screen.findByText('正在保存')
  fireEvent.click(saving)
  expect(updates(net.requests)).toHaveLength(1)

  await act(async () => release())
  await screen.findByText('保存')
})

test('the org tree failing shows the error with a retry that loads it again', async () => {
  const backend = memberBackend(aProfile())
  let down = true
  installFetch((req) => ((req.body as { action?: string })?.action === 'orgTree' && down ? 'network-error' : backend.handle(req)!))
  renderApp(<Profile />)

  await screen.findByText('服务繁忙，请稍后再试')
  down = false
  fireEvent.click(screen.getByText('重新加载'))

  await screen.findByText('请选择社区')
})
