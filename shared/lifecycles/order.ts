// The service order (三单制 / 四单办结法) as one transition table (domain.md "Lifecycles").
// Each action names the states it may start from, the state it leads to, and who may take it. Who is a
// relation of the caller to this order (orderer, claimer, assignee...), derived on the server from the
// stored order and the caller's grants, never from the request.

export const ORDER_STATES = [
  'submitted',
  'accepted',
  'rejected',
  'withdrawn',
  'escalated',
  'dispatched',
  'published',
  'claimed',
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
  'streetAdmin', // admin of the order's street (receives 吹哨)
  'assignee', // the member, unit admin or department the order was dispatched to
  'claimer', // a person with a live claim on the order
  'candidate', // a member or volunteer of the community who may claim it
  'system', // timers (SLA)
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
  'rate',
  'close',
  'reopen',
] as const
export type OrderAction = (typeof ORDER_ACTIONS)[number]

interface Transition {
  /** The next state; 'derived' when it depends on the order (see the use case). */
  to: OrderState | 'derived'
  /** For each kind of actor, the states from which it may take the action. */
  by: Partial<Record<OrderActor, readonly OrderState[]>>
}

/** The whole lifecycle. A (state, action, actor) that is not here is refused. */
export const ORDER_TRANSITIONS: Record<OrderAction, Transition> = {
  withdraw: { to: 'withdrawn', by: { orderer: ['submitted'] } },
  accept: { to: 'accepted', by: { communityAdmin: ['submitted'] } },
  reject: { to: 'rejected', by: { communityAdmin: ['submitted'] } },
  // 吹哨: the community calls up to the street or a department; the SLA timer does it for overdue orders.
  escalate: { to: 'escalated', by: { communityAdmin: ['submitted', 'accepted', 'reopened'], system: ['submitted'] } },
  dispatch: { to: 'dispatched', by: { communityAdmin: ['accepted', 'reopened'], streetAdmin: ['escalated'] } },
  publish: { to: 'published', by: { communityAdmin: ['accepted', 'reopened'] } },
  claim: { to: 'claimed', by: { candidate: ['published', 'claimed'] } },
  // Back to published when the last claimer lets go, else unchanged. Claimers may let go before they
  // start; the SLA timer releases claims not done by their deadline.
  release: { to: 'derived', by: { claimer: ['claimed'], system: ['claimed', 'in_progress'] } },
  start: { to: 'in_progress', by: { claimer: ['claimed'], assignee: ['dispatched', 'escalated'] } },
  complete: { to: 'done', by: { claimer: ['in_progress'], assignee: ['in_progress'] } },
  // Handed back to the community: to accepted if it was accepted before, else to submitted.
  return: { to: 'derived', by: { assignee: ['dispatched', 'escalated'], streetAdmin: ['escalated'] } },
  confirm: { to: 'confirmed', by: { orderer: ['done'], gridWorker: ['done'] } },
  rate: { to: 'rated', by: { orderer: ['confirmed'] } },
  // Honest closure with a closure code: also what a community will not or cannot do.
  close: {
    to: 'closed',
    by: {
      communityAdmin: ['accepted', 'dispatched', 'published', 'done', 'confirmed', 'rated', 'reopened'],
      streetAdmin: ['escalated'],
      assignee: ['escalated', 'dispatched', 'in_progress'],
    },
  },
  reopen: { to: 'reopened', by: { orderer: ['closed'] } },
}

export type TransitionCheck = { ok: true; to: OrderState | 'derived'; as: OrderActor } | { ok: false; why: 'state' | 'actor' }

/**
 * Whether any of the caller's relations to the order allows the action from the order's state.
 * 'actor' means no relation of the caller may ever take this action here; 'state' means one may, but not now.
 */
export function checkTransition(state: OrderState, action: OrderAction, actors: readonly OrderActor[]): TransitionCheck {
  const t = ORDER_TRANSITIONS[action]
  let related = false
  for (const actor of actors) {
    const from = t.by[actor]
    if (!from) continue
    related = true
    if (from.includes(state)) return { ok: true, to: t.to, as: actor }
  }
  return { ok: false, why: related ? 'state' : 'actor' }
}

/** What the caller may do next, for the screen's buttons. */
export function allowedActions(state: OrderState, actors: readonly OrderActor[]): OrderAction[] {
  return ORDER_ACTIONS.filter((a) => checkTransition(state, a, actors).ok)
}

/** States in which the order is still someone's work (for 办结率 and the inbox). */
export const OPEN_STATES: readonly OrderState[] = ['submitted', 'accepted', 'escalated', 'dispatched', 'published', 'claimed', 'in_progress', 'done', 'reopened']

export const ORDER_STATE_LABELS: Record<OrderState, string> = {
  submitted: '待受理',
  accepted: '已受理',
  rejected: '未受理',
  withdrawn: '已撤回',
  escalated: '已吹哨',
  dispatched: '已派单',
  published: '待领单',
  claimed: '已领单',
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
  rate: '评价',
  close: '办结归档',
  reopen: '没解决，重新办理',
}
