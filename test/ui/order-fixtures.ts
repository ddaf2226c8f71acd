// Order answers as the order function would give them, for screens rendered in jsdom.
import type { OrderCard, OrderView } from '@shared/contracts/order'
import { ORDER_STATE_LABELS } from '@shared/lifecycles/order'

export function aCard(over: Partial<OrderCard> = {}): OrderCard {
  const status = over.status ?? 'submitted'
  return {
    id: 'o1',
    no: '25112300001',
    status,
    statusLabel: ORDER_STATE_LABELS[status],
    category: '维修',
    text: '楼道声控灯坏了好几天，晚上看不清。',
    colour: 'yellow',
    orderer: { name: '王*' },
    communityName: '东山社区',
    gridName: '第一网格',
    buildingName: '1号楼',
    points: 0,
    hours: 0,
    slots: 0,
    taken: 0,
    membersOnly: false,
    skills: [],
    acceptDeadline: '2025-11-24T08:00:00.000Z',
    alsoAffected: 0,
    held: false,
    createdAt: '2025-11-23T08:00:00.000Z',
    updatedAt: '2025-11-23T08:00:00.000Z',
    ...over,
  }
}

export function aView(over: Partial<OrderView> = {}): OrderView {
  const card = aCard(over)
  return {
    ...card,
    urgencySuggested: card.colour,
    onBehalf: false,
    communityId: 'c1',
    photos: [],
    claimers: [],
    timeline: [{ at: card.createdAt, action: 'submit', label: '提交需求', byRole: '居民', internal: false }],
    allowed: [],
    entitled: true,
    ...over,
  }
}
