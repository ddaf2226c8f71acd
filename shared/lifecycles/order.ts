// The service order (三单制 / 四单办结法) as one transition table (domain.md "Lifecycles"), on the
// lifecycle engine of shared/core/flow.ts. Who is a relation of the caller to this order (orderer,
// claimer, assignee...), derived on the server from the stored order and the caller's grants.
//
// Work from the task hall is held by claims, each with its own lifecycle (./claim.ts). While an order is
// in the hall it stays `published` (places free or not, work started or not); it becomes `done` when
// every live claim has reported its work. Dispatched work: `dispatched` → `in_progress` → `done`.
import { allowedIn, decide, type Decision, type Table } from '../core/flow'

export const ORDER_STATES = [
  'submitted',
  'accepted',
  'rejected',
  'withdrawn',
  'escalated',
  'dispatched',
  'published',
  'in_progress',
  'done',
  'confirmed',
  'rated',
  'closed',
  'reopened',
] as const
export type OrderState = (typeof ORDER_STATES)[number]

export const ORDER_ACTORS = [
  'orderer', // the resident the order is for
  'gridWorker', // grid worker of the order's grid (代点单, co-sign)
  'communityAdmin', // admin of the order's community
  'streetAdmin', // admin of the order's street, for orders called up (吹哨) to the street
  'assignee', // the member, unit admin or department the order was dispatched to
  'claimer', // a person with a live claim on the order
  'candidate', // a member or volunteer of the community who may claim it
  'system', // timers (SLA, auto-confirm, archive)
] as const
export type OrderActor = (typeof ORDER_ACTORS)[number]

export const ORDER_ACTIONS = [
  'withdraw',
  'accept',
  'reject',
  'escalate',
  'dispatch',
  'publish',
  'claim',
  'release',
  'start',
  'complete',
  'return',
  'confirm',
  'dispute',
  'rate',
  'close',
  'reopen',
] as const
export type OrderAction = (typeof ORDER_ACTIONS)[number]

/** The whole lifecycle. A (state, action, actor) that is not here is refused. */
export const ORDER_TRANSITIONS: Table<OrderState, OrderAction, OrderActor> = {
  withdraw: { to: 'withdrawn', by: { orderer: ['submitted'] } },
  accept: { to: 'accepted', by: { communityAdmin: ['submitted'] } },
  reject: { to: 'rejected', by: { communityAdmin: ['submitted'] } },
  // 吹哨: the community calls up to the street or a department; the SLA timer does it for orders not
  // accepted in time (reopened ones too: their acceptance clock runs again).
  escalate: { to: 'escalated', by: { communityAdmin: ['submitted', 'accepted', 'reopened'], system: ['submitted', 'reopened'] } },
  dispatch: { to: 'dispatched', by: { communityAdmin: ['accepted', 'reopened'], streetAdmin: ['escalated'] } },
  publish: { to: 'published', by: { communityAdmin: ['accepted', 'reopened'] } },
  // Claim moves change the claim (./claim.ts); the order's state follows from its claims.
  claim: { to: 'derived', by: { candidate: ['published'] } },
  release: { to: 'derived', by: { claimer: ['published'], system: ['published', 'dispatched', 'in_progress'] } },
  start: { to: 'derived', by: { claimer: ['published', 'dispatched', 'in_progress'], assignee: ['dispatched', 'escalated'] } },
  complete: { to: 'derived', by: { claimer: ['published', 'in_progress'], assignee: ['in_progress'] } },
  // Handed back to the community: to accepted if it was accepted before, else to submitted.
  return: { to: 'derived', by: { assignee: ['dispatched', 'escalated'], streetAdmin: ['escalated'] } },
  // The resident (or the grid worker, co-signing for an elder) confirms; unconfirmed for long, the timer does.
  confirm: { to: 'confirmed', by: { orderer: ['done'], gridWorker: ['done'], system: ['done'] } },
  // 没解决 before confirming: the work goes back to whoever did it.
  dispute: { to: 'derived', by: { orderer: ['done'], gridWorker: ['done'] } },
  rate: { to: 'rated', by: { orderer: ['confirmed'] } },
  // Honest closure with a closure code: also what a community will not or cannot do. The timer archives rated orders.
  close: {
    to: 'closed',
    by: {
      communityAdmin: ['accepted', 'dispatched', 'published', 'in_progress', 'done', 'confirmed', 'rated', 'reopened'],
      streetAdmin: ['escalated'],
      assignee: ['escalated', 'dispatched', 'in_progress'],
      system: ['rated'],
    },
  },
  reopen: { to: 'reopened', by: { orderer: ['closed'] } },
}

export type TransitionCheck = Decision<OrderState, OrderActor>

export function checkTransition(state: OrderState, action: OrderAction, actors: readonly OrderActor[]): TransitionCheck {
  return decide(ORDER_TRANSITIONS, state, action, actors)
}

/** What the caller may do next, for the screen's buttons. */
export function allowedActions(state: OrderState, actors: readonly OrderActor[]): OrderAction[] {
  return allowedIn(ORDER_TRANSITIONS, ORDER_ACTIONS, state, actors)
}

/** States in which the order is still someone's work (for 办结率 and the inbox). */
export const OPEN_STATES: readonly OrderState[] = ['submitted', 'accepted', 'escalated', 'dispatched', 'published', 'in_progress', 'done', 'reopened']
export const CLOSED_STATES: readonly OrderState[] = ['confirmed', 'rated', 'closed', 'rejected', 'withdrawn']

export const ORDER_STATE_LABELS: Record<OrderState, string> = {
  submitted: '待受理',
  accepted: '已受理',
  rejected: '未受理',
  withdrawn: '已撤回',
  escalated: '已吹哨',
  dispatched: '已派单',
  published: '待领单',
  in_progress: '办理中',
  done: '待确认',
  confirmed: '待评价',
  rated: '已评价',
  closed: '已办结',
  reopened: '重新办理',
}

export const ORDER_ACTION_LABELS: Record<OrderAction, string> = {
  withdraw: '撤回',
  accept: '受理',
  reject: '不予受理',
  escalate: '吹哨上报',
  dispatch: '派单',
  publish: '发布到任务大厅',
  claim: '领单',
  release: '放弃领单',
  start: '开始办理',
  complete: '提交办结',
  return: '退回社区',
  confirm: '确认办结',
  dispute: '没解决，退回重办',
  rate: '评价',
  close: '办结归档',
  reopen: '没解决，重新办理',
}
