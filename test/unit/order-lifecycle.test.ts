import { allowedActions, checkTransition, ORDER_ACTIONS, ORDER_ACTORS, ORDER_STATES, ORDER_TRANSITIONS, type OrderState } from '../../shared/lifecycles/order'

// The lifecycle as a person reads it: for each state, who may do what. Written out by hand, so that a
// change to the table in shared/ has to be made twice, on purpose.
const EXPECTED: Record<OrderState, string[]> = {
  submitted: ['withdraw:orderer', 'accept:communityAdmin', 'reject:communityAdmin', 'escalate:communityAdmin', 'escalate:system'],
  accepted: ['escalate:communityAdmin', 'dispatch:communityAdmin', 'publish:communityAdmin', 'close:communityAdmin'],
  rejected: [],
  withdrawn: [],
  escalated: ['dispatch:streetAdmin', 'start:assignee', 'return:assignee', 'return:streetAdmin', 'close:streetAdmin', 'close:assignee'],
  dispatched: ['start:assignee', 'return:assignee', 'close:communityAdmin', 'close:assignee'],
  published: ['claim:candidate', 'close:communityAdmin'],
  claimed: ['claim:candidate', 'release:claimer', 'release:system', 'start:claimer'],
  in_progress: ['release:system', 'complete:claimer', 'complete:assignee', 'close:assignee'],
  done: ['confirm:orderer', 'confirm:gridWorker', 'close:communityAdmin'],
  confirmed: ['rate:orderer', 'close:communityAdmin'],
  rated: ['close:communityAdmin'],
  closed: ['reopen:orderer'],
  reopened: ['escalate:communityAdmin', 'dispatch:communityAdmin', 'publish:communityAdmin', 'close:communityAdmin'],
}

describe('order lifecycle table', () => {
  it.each(ORDER_STATES.flatMap((s) => ORDER_ACTIONS.flatMap((a) => ORDER_ACTORS.map((r) => [s, a, r] as const))))(
    'from %s, %s by %s',
    (state, action, actor) => {
      const allowed = EXPECTED[state].includes(`${action}:${actor}`)
      const res = checkTransition(state, action, [actor])
      expect(res.ok).toBe(allowed)
      if (!res.ok) {
        // 'state' only when this actor may take the action from some other state.
        const somewhere = ORDER_STATES.some((s) => EXPECTED[s].includes(`${action}:${actor}`))
        expect(res.why).toBe(somewhere ? 'state' : 'actor')
      }
    },
  )

  it('every state is reachable from submitted', () => {
    const seen = new Set<string>(['submitted'])
    const queue: OrderState[] = ['submitted']
    while (queue.length) {
      const s = queue.shift()!
      for (const t of Object.values(ORDER_TRANSITIONS)) {
        const from = Object.values(t.by).some((states) => states!.includes(s))
        const targets = t.to === 'derived' ? (['published', 'claimed', 'accepted', 'submitted'] as OrderState[]) : [t.to]
        for (const to of targets) if (from && !seen.has(to)) seen.add(to), queue.push(to)
      }
    }
    expect([...seen].sort()).toEqual([...ORDER_STATES].sort())
  })

  it('a caller with several relations gets the union of their moves', () => {
    expect(allowedActions('done', ['orderer', 'communityAdmin'])).toEqual(['confirm', 'close'])
    expect(allowedActions('rejected', [...ORDER_ACTORS])).toEqual([])
  })
})
