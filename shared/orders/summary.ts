// The home page's summaries (issue 12): the figures each role sees first, and the pure rules that turn
// them into words — a rate as a percentage (0/0 is "—"), the nearest deadline as a countdown, the month
// the figures count (China time, like the wishes' 本月圆梦).
import type { OrderCard } from '../contracts/order'

const HOUR = 3600_000
const MIN = 60_000
const CHINA = 8 * HOUR

/** The start of the calendar month (China time) that `now` falls in. */
export function monthStart(now: Date): Date {
  const local = new Date(now.getTime() + CHINA)
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - CHINA)
}

/** One rule for every rate: a whole percentage, "—" when nothing was counted (0/0). */
export function rateText(part: number, whole: number): string {
  if (!whole) return '—'
  return `${Math.round((Math.min(part, whole) / whole) * 100)}%`
}

/** A rating the product treats as satisfied: 4 or 5 stars (满意, 非常满意). */
export const SATISFIED_STARS = 4
export const isSatisfied = (stars: number) => stars >= SATISFIED_STARS

/** Time left before a deadline, in words: 2天3小时 / 1小时12分 / 8分; 已超时 once it has passed. */
export function countdownText(deadline: Date | string, now: Date): string {
  const left = new Date(deadline).getTime() - now.getTime()
  if (left < 0) return '已超时'
  const days = Math.floor(left / (24 * HOUR))
  const hours = Math.floor((left % (24 * HOUR)) / HOUR)
  const mins = Math.floor((left % HOUR) / MIN)
  if (days > 0) return `${days}天${hours}小时`
  if (hours > 0) return `${hours}小时${mins}分`
  return `${mins}分`
}

export interface MonthFigures {
  received: number
  accepted: number
  closed: number
  rated: number
  satisfied: number
}

export interface CommunitySummary {
  communityId: string
  communityName: string
  /** The inbox's 待处理, in all and by colour. */
  todo: number
  red: number
  yellow: number
  green: number
  /** The nearest acceptance deadline among orders waiting to be accepted, if any wait. */
  nearestDue?: string
  /** 超时: waiting to be accepted past the acceptance deadline, or called up (吹哨) and past its 完成期限. */
  overdue: number
  month: MonthFigures
}

export interface StreetRow {
  communityId: string
  communityName: string
  /** Called up (吹哨) to the street and still open. */
  escalated: number
  /** 超时, as the community's own figure counts it. */
  overdue: number
}

export interface QueueSummary {
  kind: 'department' | 'unit'
  id: string
  /** Open work sent to the department or unit. */
  open: number
  /** Of it, work that came back: the resident said 没解决 (at 待确认, or after it was closed and sent again). */
  cameBack: number
  /** The nearest 完成期限 (the escalation's, else the order's deadline) among it. */
  nearestDue?: string
}

export interface ResidentSummary {
  /** Work reported done, waiting for her confirmation. */
  toConfirm: number
  /** Confirmed, not yet rated. */
  toRate: number
  open: number
  /** Her newest open orders (at most 3). */
  recent: OrderCard[]
}

export interface HelperSummary {
  /** Hall work the caller may take now. */
  hall: number
  openTasks: number
  /** Open tasks, most recently moved first (at most 3), with their deadlines. */
  tasks: OrderCard[]
}

export interface OrderSummary {
  /** When the figures were counted (the countdowns are from here). */
  at: string
  community?: CommunitySummary
  street?: { streetId: string; rows: StreetRow[] }
  queues: QueueSummary[]
  resident?: ResidentSummary
  helper?: HelperSummary
}

/** The secretary's one line: 待处理 4 · 红色 1 · 最近 1小时12分. */
export function todoLine(c: Pick<CommunitySummary, 'todo' | 'red' | 'nearestDue'>, now: Date): string {
  const parts = [`待处理 ${c.todo}`, `红色 ${c.red}`]
  if (c.nearestDue) parts.push(`最近 ${countdownText(c.nearestDue, now)}`)
  return parts.join(' · ')
}
