// Clock texts for orders: the acceptance countdown an admin sees in the inbox ("受理剩余1小时20分",
// "已超时2小时") and the time left on a task ("还剩5小时"). `now` is injectable so tests need no clock.
import type { OrderState } from '@shared/lifecycles/order'
import { slaRemaining } from '@shared/rules/sla'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** 2天3小时, 1小时20分, 45分钟, 不到1分钟: the two largest units, the smaller left out when zero. */
export function durationText(ms: number): string {
  const abs = Math.abs(ms)
  if (abs < MINUTE) return '不到1分钟'
  const days = Math.floor(abs / DAY)
  const hours = Math.floor((abs % DAY) / HOUR)
  const minutes = Math.floor((abs % HOUR) / MINUTE)
  if (days > 0) return hours ? `${days}天${hours}小时` : `${days}天`
  if (hours > 0) return minutes ? `${hours}小时${minutes}分` : `${hours}小时`
  return `${minutes}分钟`
}

/** States in which the community still owes the order an answer, so the acceptance clock runs. */
export const ACCEPT_CLOCK_STATES: readonly OrderState[] = ['submitted', 'escalated', 'reopened']
/** States in which someone is working to a completion deadline. */
export const WORK_CLOCK_STATES: readonly OrderState[] = ['accepted', 'dispatched', 'published', 'in_progress']

export interface Clock {
  /** The acceptance countdown, or a 完成期限. */
  kind: 'accept' | 'work'
  text: string
  overdue: boolean
  /** Less than an hour left: shown in red before it is late. */
  soon: boolean
}

/** The acceptance countdown of the inbox: 受理剩余1小时20分, or 已超时2小时 once past. */
export function acceptClock(acceptDeadline: string | Date, now: Date = new Date()): Clock {
  const left = slaRemaining(acceptDeadline, now)
  if (left < 0) return { kind: 'accept', text: `已超时${durationText(left)}`, overdue: true, soon: false }
  return { kind: 'accept', text: `受理剩余${durationText(left)}`, overdue: false, soon: left < HOUR }
}

/** The time left on a task: 还剩5小时 (whole hours, as a person would say it), 还剩2天, 已过期. */
export function deadlineClock(deadline: string | Date, now: Date = new Date()): Clock {
  const left = slaRemaining(deadline, now)
  if (left < 0) return { kind: 'work', text: '已过期', overdue: true, soon: false }
  if (left < HOUR) return { kind: 'work', text: `还剩${Math.max(1, Math.floor(left / MINUTE))}分钟`, overdue: false, soon: true }
  if (left < 2 * DAY) return { kind: 'work', text: `还剩${Math.floor(left / HOUR)}小时`, overdue: false, soon: false }
  return { kind: 'work', text: `还剩${Math.floor(left / DAY)}天`, overdue: false, soon: false }
}

type Clocked = { status: OrderState; acceptDeadline: string; deadline?: string; escalationDeadline?: string }

/** The 完成期限 someone works to: an escalation's (吹哨) while it stands, else the one given at acceptance. */
export function workDeadline(o: Pick<Clocked, 'deadline' | 'escalationDeadline'>): string | undefined {
  return o.escalationDeadline ?? o.deadline
}

/**
 * Which clock a card shows for an order in this state, if any. An escalated order shows the 完成期限 it
 * was called up with; one waiting to be accepted shows the acceptance clock, which escalating and
 * returning never restart (an order handed back after its deadline reads 已超时).
 */
export function orderClock(o: Clocked, now: Date = new Date()): Clock | undefined {
  const due = workDeadline(o)
  if (o.status === 'escalated' && o.escalationDeadline) return deadlineClock(o.escalationDeadline, now)
  if (ACCEPT_CLOCK_STATES.includes(o.status)) return acceptClock(o.acceptDeadline, now)
  if (due && WORK_CLOCK_STATES.includes(o.status)) return deadlineClock(due, now)
  return undefined
}
