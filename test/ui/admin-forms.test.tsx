// The community's forms on an order: a message goes when its field is corrected, and says what is wrong.
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { PickerField } from '../../miniprogram/src/components'
import { AcceptSheet, DispatchSheet } from '../../miniprogram/src/packages/admin/order/forms'
import { aProfile, fail, installFetch, memberBackend, ok, type SentRequest } from './fake-network'
import { aView } from './order-fixtures'
import { renderApp, typeInto } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
  const m = memberBackend(aProfile({ roles: ['communityAdmin'], grants: [{ role: 'communityAdmin', communityId: 'c1' }], complete: true, communityId: 'c1' }))
  installFetch((req: SentRequest) => {
    const own = m.handle(req)
    if (own) return own
    const { action } = req.body as { action: string }
    if (action === 'assignees') return ok({ members: [{ id: 'm1', name: '李敏', gridName: '第一网格', skills: ['维修'], match: 1 }], units: [{ id: 'u1', name: '区税务局机关党支部' }], departments: [] })
    return fail('ROLE_REQUIRED')
  })
})

const errorOf = (container: HTMLElement, name: string) => container.querySelector(`#field-${name}`)?.closest('.lx-field')?.querySelector('.lx-field__error')?.textContent ?? null

test('受理: 500 积分 says 不能大于100, and the message goes once it reads 20; an empty number asks for a number', async () => {
  const view = aView({ id: 'o1' })
  const { container } = renderApp(<AcceptSheet view={view} open onClose={() => {}} onDone={() => {}} />)
  await typeInto(container, '#field-points', '500')
  fireEvent.click(screen.getByText('确定受理'))
  await waitFor(() => expect(errorOf(container, 'points')).toBe('不能大于100'))
  await typeInto(container, '#field-points', '20')
  await waitFor(() => expect(errorOf(container, 'points')).toBeNull())

  await typeInto(container, '#field-slots', '')
  fireEvent.click(screen.getByText('确定受理'))
  await waitFor(() => expect(errorOf(container, 'slots')).toBe('请填写数字'))
})

test('受理: points above the earning rules for the colour and hours are refused in the form, naming the most; nothing is sent', async () => {
  const m = memberBackend(aProfile({ roles: ['communityAdmin'], grants: [{ role: 'communityAdmin', communityId: 'c1' }], complete: true, communityId: 'c1' }))
  const net = installFetch((req: SentRequest) => m.handle(req) ?? fail('ROLE_REQUIRED'))
  const view = aView({ id: 'o1', colour: 'green' })
  const { container } = renderApp(<AcceptSheet view={view} open onClose={() => {}} onDone={() => {}} />)
  // Green, one hour: at most 10, shown beside the field before anything is sent.
  await waitFor(() => expect(container.querySelector('#field-points')?.closest('.lx-field')?.querySelector('.lx-field__hint')?.textContent).toBe('按紧急程度和时长，最多10分'))
  await typeInto(container, '#field-points', '30')
  fireEvent.click(screen.getByText('确定受理'))
  await waitFor(() => expect(errorOf(container, 'points')).toBe('积分最多10分（绿色·一般，1小时）'))
  expect(net.calls().filter((r) => (r.body as { action?: string } | undefined)?.action === 'accept')).toEqual([])
  // Two hours of red work allow 40: the hint follows the colour and the hours (once the points are corrected).
  fireEvent.click(screen.getByText('紧急'))
  await typeInto(container, '#field-hours', '2')
  await typeInto(container, '#field-points', '40')
  await waitFor(() => expect(container.querySelector('#field-points')?.closest('.lx-field')?.querySelector('.lx-field__hint')?.textContent).toBe('按紧急程度和时长，最多40分'))
})

test('派单: 请选择一位党员 goes when the kind changes to 单位 (and a unit is asked for only on the next try)', async () => {
  const view = aView({ id: 'o1', status: 'accepted' })
  const { container } = renderApp(<DispatchSheet view={view} open onClose={() => {}} onDone={() => {}} />)
  await screen.findByText('李敏')
  fireEvent.click(screen.getByText('派单', { selector: '.lx-sheet__foot *' }))
  await screen.findByText('请选择一位党员')
  fireEvent.click(screen.getByText('单位'))
  await screen.findByText('区税务局机关党支部')
  expect(screen.queryByText('请选择一位党员')).toBeNull()
  expect(container.querySelector('.lx-field__error')).toBeNull()
})

test('a picker whose error says what its placeholder says shows the sentence once (请选择楼栋)', () => {
  render(<PickerField name='buildingId' label='楼栋' required options={[{ id: 'b1', name: '1号楼' }]} value='' placeholder='请选择楼栋' error='请选择楼栋' onChange={() => {}} />)
  expect(screen.getAllByText('请选择楼栋')).toHaveLength(1)
})
