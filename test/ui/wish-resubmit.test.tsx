// 修改心愿 (packages/wish/post?id=): a returned wish opens with its photo; sent again untouched, the photo
// is kept (the form sends none, the server keeps its own); removed, the form asks the server to drop it.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import type { WishView } from '@shared/contracts/wish'
import PostWish from '../../miniprogram/src/packages/wish/post'
import { aProfile, fail, installFetch, memberBackend, ok, type SentRequest } from './fake-network'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
  taroStub.routerParams = { id: 'w1' }
})

const resident = aProfile({ nickname: '王秀兰', complete: true, communityId: 'c1', gridId: 'g1', buildingId: 'b1', room: '1单元302' })

const returned: WishView = {
  id: 'w1',
  title: '想要一个新书包',
  story: '孩子上三年级，书包背带断了。',
  category: '学习用品',
  beneficiaryType: '儿童',
  ageBand: '6-12岁',
  name: '王秀兰',
  communityName: '东山社区',
  gridName: '第一网格',
  value: 80,
  wishedBy: '2099-12-31',
  status: 'returned',
  statusLabel: '已退回',
  photo: 'http://gateway.test/temp/bag.jpg',
  photoConsent: true,
  photoHidden: false,
  delivery: 'direct',
  createdAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-11-20T02:00:00.000Z',
  communityId: 'c1',
  onBehalf: false,
  entitled: true,
  returnReason: '请写清楚年级',
  points: 10,
  hours: 1,
  timeline: [],
  allowed: ['resubmit', 'withdraw'],
}

function backend() {
  const member = memberBackend(resident)
  return installFetch((req: SentRequest) => {
    if (req.url === '/api/wish') {
      const { action } = req.body as { action: string }
      if (action === 'get') return ok(returned)
      if (action === 'resubmit') return ok({ ...returned, status: 'pending_review' })
      return fail('UNKNOWN_ACTION')
    }
    return member.handle(req)!
  })
}
const resubmits = (requests: SentRequest[]) => requests.filter((r) => r.url === '/api/wish' && (r.body as { action: string }).action === 'resubmit').map((r) => (r.body as { payload: Record<string, unknown> }).payload)

test('sent again untouched: no photo named, the consent as it was — the server keeps the photo', async () => {
  const net = backend()
  renderApp(<PostWish />)
  await screen.findByText('社区退回的原因：请写清楚年级')
  // The stored photo is in the picker, drawn from its link.
  const img = document.querySelectorAll<HTMLElement & { src?: string }>('#field-photo .lx-photos__img')
  expect(img).toHaveLength(1)
  expect(img[0].src ?? img[0].getAttribute('src')).toBe(returned.photo)
  fireEvent.click(screen.getByText('提交审核'))
  await waitFor(() => expect(resubmits(net.requests)).toHaveLength(1))
  const sent = resubmits(net.requests)[0]
  expect(sent).toMatchObject({ wishId: 'w1', title: '想要一个新书包', photoConsent: true })
  expect(sent).not.toHaveProperty('photo')
  expect(sent).not.toHaveProperty('removePhoto')
})

test('the photo removed: the form asks the server to drop it', async () => {
  const net = backend()
  renderApp(<PostWish />)
  await screen.findByText('社区退回的原因：请写清楚年级')
  fireEvent.click(await screen.findByLabelText('删除第1张图片'))
  fireEvent.click(screen.getByText('提交审核'))
  await waitFor(() => expect(resubmits(net.requests)).toHaveLength(1))
  const sent = resubmits(net.requests)[0]
  expect(sent).toMatchObject({ wishId: 'w1', removePhoto: true })
  expect(sent).not.toHaveProperty('photo')
})
