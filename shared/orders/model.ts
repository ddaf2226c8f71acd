// The stored service order, as every part of the product sees it. Claims live inside the order, so a
// claim, its place and the order's counters are one write; the fields at the end are derived from the
// rest on every write (./derive.ts) so that each list and timer has an index that serves it.
import type { ClaimState } from '../lifecycles/claim'
import type { OrderAction, OrderActor, OrderState } from '../lifecycles/order'
import type { Role } from '../roles'
import type { Colour } from '../rules/sla'
import type { Effect } from '../core/effects'
import type { ClosureCode } from '../contracts/order'


export type TimelineAction = OrderAction | 'submit' | 'join' | 'note' | 'remind'

export interface TimelineEntry {
  at: Date
  by: string
  role: OrderActor | Role
  action: TimelineAction
  from?: OrderState
  to?: OrderState
  /** Shown to those entitled to the order's details (and, for internal entries, only to its workers). */
  note?: string
  /** What everyone else who may see the order reads instead of the note (e.g. the stars without the comment). */
  publicNote?: string
  /** The content check asked for a person's look: the note is shown only to the order's workers and its author. */
  held?: boolean
  internal: boolean
}

export interface Assignee {
  type: 'member' | 'unit' | 'department'
  id: string
  name: string
}

export interface Report {
  note: string
  photos: string[]
  at: Date
  /** Held by the content check for an admin's look. */
  held: boolean
}

export interface Claim {
  openid: string
  /** The claimer's name when they claimed (shown masked to those not entitled). */
  name: string
  phone?: string
  /** 党员 or 志愿者: who they claimed as (亮身份). */
  as: 'member' | 'volunteer'
  status: ClaimState
  claimedAt: Date
  deadline?: Date
  startedAt?: Date
  submittedAt?: Date
  remindedAt?: Date
  endedAt?: Date
  reason?: string
  report?: Report
  /** Dispatched (派单) to this member rather than claimed from the hall: reminded, never released by the timer. */
  viaDispatch?: boolean
  /** The unit (双报到) the claimer reported through when they took the work (null: none), for the unit ranking. */
  unitId?: string | null
}

export interface OrderDoc {
  _id: string
  no: string
  /** The client's request key of the submission (idempotent create). */
  requestKey?: string
  streetId: string
  communityId: string
  gridId: string
  buildingId?: string
  room?: string
  point?: { lat: number; lng: number; label: string }
  ordererId: string
  ordererName: string
  ordererPhone?: string
  onBehalf?: { by: string; byName: string }
  category: string
  text: string
  photos: string[]
  preferredTime?: { from: string; to: string }
  urgencySuggested: Colour
  colour: Colour
  held: boolean
  status: OrderState
  version: number
  points: number
  hours: number
  slots: number
  slotsFree: number
  taken: number
  membersOnly: boolean
  skills: string[]
  deadline?: Date
  acceptDeadline: Date
  acceptedAt?: Date
  publishedAt?: Date
  doneAt?: Date
  confirmedAt?: Date
  ratedAt?: Date
  closedAt?: Date
  reopenedAt?: Date
  /** The last time the resident said 没解决 (at 待确认, or reopening a closed order): the work came back. */
  unsolvedAt?: Date
  assignee?: Assignee
  /**
   * 吹哨: to whom, why, and the 完成期限 it was given (chosen, or the colour's default); the sweep tells
   * whoever has it and the community once that passes (remindedAt). Cleared when it is handed back.
   */
  escalation?: { to: 'street' | 'department'; departmentId?: string; colour: Colour; reason: string; auto: boolean; at: Date; deadline?: Date; remindedAt?: Date }
  /** Every claim ever made on the order, live or not. */
  claims: Claim[]
  /** The people holding a live claim (the claim race's guard: one place per person). */
  claimerIds: string[]
  alsoAffected: string[]
  priority: number
  /** The latest report of work done (处置反馈). */
  completion?: { by: string; note: string; photos: string[]; at: Date; held: boolean }
  /** A comment the content check held is shown only to the admins and the orderer until cleared. */
  rating?: { stars: number; comment?: string; held?: boolean; at: Date }
  closure?: { code: ClosureCode; note: string; transferTo?: string; reviewDate?: string; by: string; at: Date }
  timeline: TimelineEntry[]
  /** Effects of moves not yet delivered (notices, audit, ledger): written with the move, drained after. */
  outbox: Effect[]
  createdAt: Date
  updatedAt: Date

  // ---- derived on every write (./derive.ts), for the indexes in cloudfunctions/collections.json
  /** The orderer and the neighbours who joined (我的服务单). */
  people: string[]
  /** Everyone who works on it: `p:<openid>` of claimers and dispatched members, `unit:`, `department:`, `street:` (我的任务, inboxes). */
  parties: string[]
  open: boolean
  stage: 'todo' | 'doing' | 'done'
  /** Present only while the order waits for someone in an inbox's 待处理: colour, people affected, age. */
  todoRank?: string
  /** Present only while the order is in the task hall: newest published first. */
  hallRank?: string
  /** When the timer calls the order up (submitted or reopened orders not yet called up on this clock; shared/rules/sla.ts acceptTimerDue). */
  acceptDue?: Date
  /** The earliest claim timer (reminder or release), the hall's deadline or an escalation's 完成期限, if any. */
  nextDue?: Date
  /** While open: its 完成期限 (an escalation's, else its own deadline), the nearest first in a queue. */
  workDue?: Date
  /** When an unconfirmed `done` order is confirmed by the timer. */
  confirmDue?: Date
  /** When a rated order is archived. */
  archiveDue?: Date
}
