// The 点单 form's values and how they become an order.submit input. Kept apart from the page so the
// rules can be read (and tested) without rendering.
import Taro from '@tarojs/taro'
import type { InputOf } from '@shared/contract'
import { orderApi } from '@shared/contracts/order'
import type { OrgTree, ProfileView } from '@shared/contracts/member'
import type { Colour } from '@shared/rules/sla'
import type { Photo } from '../../../components'
import { dayjs } from '../../../utils/time'
import { validate, type FieldErrors } from '../../../utils/forms'
import { newRequestKey } from '../../../api'

export type Period = 'all' | 'am' | 'pm' | 'eve'
export const PERIODS: { value: Period; label: string; from: string; to: string }[] = [
  { value: 'all', label: '全天', from: '08:00', to: '21:00' },
  { value: 'am', label: '上午', from: '08:00', to: '12:00' },
  { value: 'pm', label: '下午', from: '14:00', to: '18:00' },
  { value: 'eve', label: '晚上', from: '18:00', to: '21:00' },
]

export interface OrderForm {
  category: string
  text: string
  photos: Photo[]
  buildingId: string
  room: string
  /** YYYY-MM-DD, or '' for 不限. */
  day: string
  period: Period
  urgency: Colour
  /** 代点单: the resident's name and phone. */
  name: string
  phone: string
  /** One per form: sent with every try of this submission, so a retry after a lost reply finds the first order. */
  requestKey: string
}

export type SubmitInput = InputOf<typeof orderApi.submit>

/** A resident's own order starts at their home; a grid worker's for someone else starts blank. */
export function emptyForm(p: ProfileView | undefined, behalf: boolean): OrderForm {
  return {
    category: '',
    text: '',
    photos: [],
    buildingId: behalf ? '' : (p?.buildingId ?? ''),
    room: behalf ? '' : (p?.room ?? ''),
    day: '',
    period: 'all',
    urgency: 'green',
    name: '',
    phone: '',
    requestKey: newRequestKey(),
  }
}

/** The grid a grid worker orders for (the first grid they serve). */
export function servedGrid(p: ProfileView | undefined): { communityId: string; gridId: string } | undefined {
  const g = p?.grants.find((x) => x.role === 'gridWorker' && x.communityId && x.gridId)
  return g ? { communityId: g.communityId!, gridId: g.gridId! } : undefined
}

/** Buildings one may order for: the person's community, or the grid worker's grid. */
export function buildingOptions(tree: OrgTree | undefined, p: ProfileView | undefined, behalf: boolean): { id: string; name: string }[] {
  if (!tree || !p) return []
  const grid = behalf ? servedGrid(p) : undefined
  const gridName = (id: string) => tree.grids.find((g) => g.id === id)?.name
  return tree.buildings
    .filter((b) => (behalf ? b.gridId === grid?.gridId : b.communityId === p.communityId))
    .map((b) => ({ id: b.id, name: behalf || !gridName(b.gridId) ? b.name : `${b.name}（${gridName(b.gridId)}）` }))
}

export function toInput(f: OrderForm, behalf: boolean): SubmitInput {
  const period = PERIODS.find((x) => x.value === f.period) ?? PERIODS[0]
  return {
    category: f.category,
    text: f.text,
    photos: f.photos.map((p) => p.fileID),
    place: { kind: 'room', buildingId: f.buildingId, room: f.room },
    ...(f.day ? { preferredTime: { from: dayjs(`${f.day}T${period.from}:00`).format(), to: dayjs(`${f.day}T${period.to}:00`).format() } } : {}),
    urgency: f.urgency,
    requestKey: f.requestKey,
    ...(behalf ? { onBehalfOf: { name: f.name, ...(f.phone.trim() ? { phone: f.phone.trim() } : {}) } } : {}),
  }
}

/** The contract's own check, with plain words where a union of place kinds would only say 有误. */
export function validateForm(f: OrderForm, behalf: boolean): FieldErrors {
  const errors = validate(orderApi.submit, toInput(f, behalf))
  delete errors.place
  if (!f.buildingId) errors['place.buildingId'] = '请选择楼栋'
  if (!f.room.trim()) errors['place.room'] = '请填写门牌号'
  if (!f.category) errors.category = '请选择服务类别'
  return errors
}

/** Whether the person typed or chose anything that leaving would lose (what the form started with is not). */
export function isDirty(f: OrderForm, start: OrderForm): boolean {
  return !!(
    f.category ||
    f.text.trim() ||
    f.photos.length ||
    f.day ||
    f.name.trim() ||
    f.phone.trim() ||
    f.urgency !== start.urgency ||
    f.buildingId !== start.buildingId ||
    f.room !== start.room
  )
}

/** What is asked before the page is left with something typed. */
export const LEAVE_MESSAGE = '需求还没有提交。已填写的内容会保存为草稿，下次打开时自动恢复。确定离开吗？'

/** A person's unsent order (their own, or the one a grid worker is making for someone), on this device. */
export const draftKey = (openid: string, behalf: boolean) => `lianxin.orderDraft.${openid}${behalf ? '.behalf' : ''}`

export function loadDraft(key: string): OrderForm | undefined {
  try {
    const d = Taro.getStorageSync(key) as Partial<OrderForm> | ''
    if (!d || typeof d !== 'object' || typeof d.text !== 'string' || typeof d.requestKey !== 'string') return undefined
    return d as OrderForm
  } catch {
    return undefined
  }
}

export function saveDraft(key: string, f: OrderForm): void {
  try {
    Taro.setStorageSync(key, f)
  } catch {
    // Storage full or unavailable: the question before leaving still protects what was typed.
  }
}

export function clearDraft(key: string): void {
  try {
    Taro.removeStorageSync(key)
  } catch {
    // as above
  }
}
