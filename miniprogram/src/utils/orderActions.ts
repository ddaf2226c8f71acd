// The buttons of an order, built from OrderView.allowed (what the server says this caller may do now):
// their labels, their order, which one leads, and which ask first.
import { ORDER_ACTION_LABELS, type OrderAction } from '@shared/lifecycles/order'

/** Moves only the community (or street) makes; their forms live in the admin subpackage. */
export const ADMIN_ACTIONS: readonly OrderAction[] = ['accept', 'reject', 'escalate', 'dispatch', 'publish']

export type BarAction = OrderAction | 'manage' | 'note'

export interface ActionButton {
  action: BarAction
  label: string
  type: 'primary' | 'default' | 'danger'
}

/** Forward moves first, then the rest, destructive ones last. */
const ORDER: readonly BarAction[] = [
  'claim',
  'start',
  'complete',
  'confirm',
  'dispute',
  'rate',
  'accept',
  'publish',
  'dispatch',
  'manage',
  'reopen',
  'escalate',
  'return',
  'close',
  'note',
  'reject',
  'release',
  'withdraw',
]
const LEADS: ReadonlySet<BarAction> = new Set(['claim', 'start', 'complete', 'confirm', 'rate', 'accept', 'publish', 'manage', 'reopen'])
const DANGER: ReadonlySet<BarAction> = new Set(['withdraw', 'release', 'reject'])

/** Destructive moves ask before they are made (Taro.showModal). */
export const CONFIRMS: Partial<Record<OrderAction, { title: string; content: string; confirmText: string }>> = {
  withdraw: { title: '撤回服务单', content: '撤回后社区将不再处理这个需求，确定撤回吗？', confirmText: '撤回' },
  release: { title: '放弃领单', content: '放弃后名额会让给其他人，确定放弃这张单吗？', confirmText: '放弃' },
  reject: { title: '不予受理', content: '居民会收到不予受理的通知和原因，确定不予受理吗？', confirmText: '不予受理' },
  close: { title: '办结归档', content: '归档后服务单即办结，居民会收到通知，确定办结吗？', confirmText: '办结' },
}

/** 代确认办结 (a grid worker for a resident who has no phone of her own): what it does, asked before. */
export const CONFIRM_FOR_RESIDENT = {
  title: '代居民确认办结',
  content: '请先上门或电话向居民核实事情已办好。确认后服务单办结，办理人获得积分和时长，不能撤回。',
  confirmText: '代确认',
}

export interface ButtonContext {
  /** On the admin page, where the community's own moves have their forms. */
  inAdmin: boolean
  /** The caller is the orderer (else a 确认办结 is a grid worker's co-sign). */
  isOrderer: boolean
  /** The admin page offers 备注 to the workers of the order. */
  canNote?: boolean
}

export function actionLabel(a: BarAction, ctx: Pick<ButtonContext, 'isOrderer'>): string {
  if (a === 'manage') return '去管理后台处理'
  if (a === 'note') return '备注'
  if (a === 'confirm' && !ctx.isOrderer) return '代确认办结'
  return ORDER_ACTION_LABELS[a]
}

export function actionButtons(allowed: readonly OrderAction[], ctx: ButtonContext): ActionButton[] {
  const set = new Set<BarAction>(allowed)
  if (!ctx.inAdmin && ADMIN_ACTIONS.some((a) => set.has(a))) {
    // On the resident/member page the community's moves are one way into the admin page.
    for (const a of ADMIN_ACTIONS) set.delete(a)
    set.add('manage')
  }
  if (ctx.inAdmin && ctx.canNote) set.add('note')
  const list = ORDER.filter((a) => set.has(a))
  let led = false
  return list.map((action) => {
    let type: ActionButton['type'] = 'default'
    if (DANGER.has(action)) type = 'danger'
    else if (!led && LEADS.has(action)) {
      type = 'primary'
      led = true
    }
    return { action, label: actionLabel(action, ctx), type }
  })
}

/**
 * What fits in the bar; the rest go under 更多. 备注 gives its place to the moves of the order first; when
 * the moves alone overflow, 更多 takes one place (its labels can be seven characters long).
 */
export function splitBar(buttons: ActionButton[], room = 3): { shown: ActionButton[]; more: ActionButton[] } {
  if (buttons.length <= room) return { shown: buttons, more: [] }
  const moves = buttons.filter((b) => b.action !== 'note')
  const notes = buttons.filter((b) => b.action === 'note')
  if (moves.length <= room) return { shown: moves, more: notes }
  return { shown: moves.slice(0, room - 1), more: [...moves.slice(room - 1), ...notes] }
}
