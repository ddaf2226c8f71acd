// 单位党员报到台账 (packages/org/ledger): the unit's own 微心愿 above its members, every line telling a 心愿
// from a 服务单, the members' 实现心愿 count, and the wishes' own error state.
import { fireEvent, screen, within } from '@testing-library/react'
import type { UnitMemberView, UnitWishView, WorkEntryView } from '@shared/contracts/org'
import { REASON_MESSAGES } from '@shared/messages'
import Ledger from '../../miniprogram/src/packages/org/ledger'
import { aProfile, fail, installFetch, memberBackend, ok, type Reply, type SentRequest } from './fake-network'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

const unitAdmin = aProfile({ nickname: '何文静', roles: ['unitAdmin'], grants: [{ role: 'unitAdmin', unitId: 'u1', streetId: 's1' }] })

const member: UnitMemberView = { id: 'm1', name: '李党员', communityId: 'c1', communityName: '和平社区', ordersDone: 1, wishesDone: 2, hours: 4, points: 40 }
const wish = (over: Partial<UnitWishView> = {}): UnitWishView => ({
  id: 'w1',
  kind: 'wish',
  kindLabel: '心愿',
  title: '想要一台台灯',
  category: '生活物资',
  communityId: 'c1',
  communityName: '和平社区',
  status: 'confirmed',
  statusLabel: '已实现',
  fulfilledAt: '2026-11-20T02:00:00.000Z',
  confirmedAt: '2026-11-21T02:00:00.000Z',
  thanks: '谢谢叔叔阿姨',
  ...over,
})
const work: WorkEntryView[] = [
  { id: 'l1', at: '2026-11-22T02:00:00.000Z', sourceType: 'wish', sourceLabel: '心愿', points: 10, hours: 1, note: '微心愿：想要一个书包' },
  { id: 'l2', at: '2026-11-21T02:00:00.000Z', sourceType: 'order', sourceLabel: '服务单', points: 20, hours: 2, note: '' },
]

function backend(wishes: (p: Record<string, unknown>) => Reply) {
  const m = memberBackend(unitAdmin)
  return installFetch((req: SentRequest) => {
    const { action, payload } = req.body as { action: string; payload: Record<string, unknown> }
    if (req.url === '/api/org' && action === 'unitMembers') return ok({ items: [member] })
    if (req.url === '/api/org' && action === 'unitWishes') return wishes(payload)
    if (req.url === '/api/org' && action === 'memberWork') return ok({ items: work })
    if (req.url !== '/api/member') return fail('UNKNOWN_ACTION')
    return m.handle(req)!
  })
}

test("the unit's wishes tagged 心愿, the members' 实现心愿, and each work line tagged 心愿 or 服务单", async () => {
  backend((p) => (p.cursor ? ok({ items: [wish({ id: 'w3', title: '想要一个暖水袋' })], done: 2 }) : ok({ items: [wish(), wish({ id: 'w2', title: '想要一副拐杖', status: 'fulfilled', statusLabel: '待确认', confirmedAt: undefined, thanks: undefined })], nextCursor: 'c', done: 2 })))
  renderApp(<Ledger />)

  const card = await screen.findByText('单位认领的心愿')
  const wishes = within(card.closest('#unit-wishes') as HTMLElement)
  await wishes.findByText('想要一台台灯', { exact: false })
  expect(wishes.getByText('已实现 2 个')).toBeTruthy()
  expect(wishes.getAllByText('心愿')).toHaveLength(2)
  expect(wishes.getByText('待确认')).toBeTruthy()
  expect(wishes.getByText('和平社区 · 2026-11-21 · “谢谢叔叔阿姨”', { exact: false })).toBeTruthy()

  const row = (await screen.findByText('李党员')).closest('.ledger-item') as HTMLElement
  expect(Array.from(row.querySelectorAll('.org-stat__num')).map((n) => n.textContent)).toEqual(['1', '2', '4', '40'])
  expect(within(row).getByText('实现心愿')).toBeTruthy()

  // 明细: every wish of the unit, page by page.
  fireEvent.click(wishes.getByText('明细'))
  const all = within((await screen.findByText('单位认领的心愿', { selector: '#sheet-unit-wishes *' })).closest('#sheet-unit-wishes') as HTMLElement)
  await all.findByText('想要一副拐杖', { exact: false })
  fireEvent.click(all.getByText('加载更多'))
  await all.findByText('想要一个暖水袋', { exact: false })
  expect(all.getAllByText('心愿')).toHaveLength(3)

  fireEvent.click(screen.getByText('李党员'))
  const sheet = within((await screen.findByText('李党员的服务记录')).closest('#sheet-work') as HTMLElement)
  await sheet.findByText('服务单')
  expect(sheet.getByText('心愿')).toBeTruthy()
})

test("the unit's wishes failing to load say so, and the members still show", async () => {
  backend(() => fail('INTERNAL_ERROR'))
  renderApp(<Ledger />)
  await screen.findByText('李党员')
  const card = (await screen.findByText('单位认领的心愿')).closest('#unit-wishes') as HTMLElement
  await within(card).findByText(REASON_MESSAGES.INTERNAL_ERROR)
})
