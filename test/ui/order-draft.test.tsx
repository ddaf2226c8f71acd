// 我要点单 does not lose what was typed (issue 12, finding 10): once something is typed, leaving asks
// first (the mini-program's enableAlertBeforeUnload; the h5 build blocks its history, see the e2e test),
// and the form is kept as a draft on the device that the page takes up again; sending clears both.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import NewOrder from '../../miniprogram/src/pages/order/new'
import { draftKey, LEAVE_MESSAGE } from '../../miniprogram/src/pages/order/new/form'
import { DEFAULT_CATEGORIES } from '../../shared/contracts/order'
import { aProfile, fail, installFetch, memberBackend, ok, type SentRequest } from './fake-network'
import { aView } from './order-fixtures'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

const resident = aProfile({ nickname: '王秀兰', complete: true, communityId: 'c1', gridId: 'g1', buildingId: 'b2', buildingName: '2号楼', room: '1单元302' })
const KEY = draftKey(resident.openid, false)
const TEXT = '楼道灯坏了，晚上看不见路。'

function backend() {
  const member = memberBackend(resident)
  return installFetch((req: SentRequest) => {
    if (req.url !== '/api/order') return member.handle(req)!
    const { action } = req.body as { action: string }
    if (action === 'categories') return ok([...DEFAULT_CATEGORIES])
    if (action === 'similar') return ok([])
    if (action === 'submit') return ok(aView({ id: 'o-new' }))
    return fail('UNKNOWN_ACTION')
  })
}

async function typeText(container: HTMLElement, value: string) {
  const box = await waitFor(() => {
    const el = container.querySelector('#field-text textarea') as HTMLTextAreaElement | null
    if (!el) throw new Error('textarea not drawn yet')
    return el
  })
  box.value = value
  fireEvent(box, new Event('input', { bubbles: true }))
}

test('nothing typed: leaving asks nothing and no draft is kept', async () => {
  backend()
  renderApp(<NewOrder />)
  await screen.findByText('需要什么服务')
  expect(taroStub.recorded.unloadAlerts).toEqual([])
  expect(taroStub.storage.has(KEY)).toBe(false)
})

test('typed text: leaving asks first, the draft comes back on the next visit, and sending clears both', async () => {
  backend()
  const first = renderApp(<NewOrder />)
  await screen.findByText('需要什么服务')
  fireEvent.click(screen.getByText('维修'))
  await typeText(first.container, TEXT)

  await waitFor(() => expect(taroStub.recorded.unloadAlerts.at(-1)).toBe(LEAVE_MESSAGE))
  expect(taroStub.storage.get(KEY)).toMatchObject({ category: '维修', text: TEXT, room: '1单元302' })

  // She leaves anyway (the page closes) and comes back later: what she typed is there.
  first.unmount()
  const again = renderApp(<NewOrder />)
  await screen.findByText('已恢复您上次没有提交的内容。')
  // The field's inner textarea is drawn by its web component a moment later.
  await waitFor(() => expect(again.container.querySelector<HTMLTextAreaElement>('#field-text textarea')?.value).toBe(TEXT))
  await waitFor(() => expect(taroStub.recorded.unloadAlerts.at(-1)).toBe(LEAVE_MESSAGE))

  fireEvent.click(screen.getByText('提交'))
  await waitFor(() => expect(taroStub.recorded.toasts).toContainEqual({ title: '提交成功', icon: 'success' }))
  await waitFor(() => expect(taroStub.recorded.unloadAlerts.at(-1)).toBeNull())
  expect(taroStub.storage.has(KEY)).toBe(false)
})

test('清空重填 starts over and forgets the draft', async () => {
  taroStub.storage.set(KEY, { category: '维修', text: TEXT, photos: [], buildingId: 'b2', room: '1单元302', day: '', period: 'all', urgency: 'green', name: '', phone: '', requestKey: 'draft-key-1' })
  backend()
  const { container } = renderApp(<NewOrder />)
  await screen.findByText('已恢复您上次没有提交的内容。')
  fireEvent.click(screen.getByText('清空重填'))
  await waitFor(() => expect((container.querySelector('#field-text textarea') as HTMLTextAreaElement).value).toBe(''))
  expect(screen.queryByText('已恢复您上次没有提交的内容。')).toBeNull()
  await waitFor(() => expect(taroStub.storage.has(KEY)).toBe(false))
})
