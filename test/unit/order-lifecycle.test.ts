import { CLAIM_ACTIONS, CLAIM_RELATIONS, CLAIM_STATES, CLAIM_TRANSITIONS, claimActions, decideClaim, LIVE_CLAIM_STATES, type ClaimState } from '../../shared/lifecycles/claim'
import { allowedActions, checkTransition, ORDER_ACTIONS, ORDER_ACTORS, ORDER_STATES, ORDER_TRANSITIONS, type OrderAction, type OrderState } from '../../shared/lifecycles/order'

// The lifecycle as a person reads it: for each state, who may do what. Written out by hand, so that a
// change to the table in shared/ has to be made twice, on purpose.
//
// Work from the task hall stays `published` while people claim, start and report it (each on their own
// claim); a member dispatched the work holds a claim too, so their start and report are claimer moves
// from `dispatched` and `in_progress`. The timer (system) releases overdue claims, escalates orders not
// accepted in time (again after a reopen), confirms `done` work nobody confirmed and archives rated ones.
const EXPECTED: Record<OrderState, string[]> = {
  submitted: ['withdraw:orderer', 'accept:communityAdmin', 'reject:communityAdmin', 'escalate:communityAdmin', 'escalate:system'],
  accepted: ['escalate:communityAdmin', 'dispatch:communityAdmin', 'publish:communityAdmin', 'close:communityAdmin'],
  rejected: [],
  withdrawn: [],
  escalated: ['dispatch:streetAdmin', 'start:assignee', 'return:assignee', 'return:streetAdmin', 'close:streetAdmin', 'close:assignee'],
  dispatched: ['release:system', 'start:claimer', 'start:assignee', 'return:assignee', 'close:communityAdmin', 'close:assignee'],
  published: ['claim:candidate', 'release:claimer', 'release:system', 'start:claimer', 'complete:claimer', 'close:communityAdmin'],
  in_progress: ['release:system', 'start:claimer', 'complete:claimer', 'complete:assignee', 'close:communityAdmin', 'close:assignee'],
  done: ['confirm:orderer', 'confirm:gridWorker', 'confirm:system', 'dispute:orderer', 'dispute:gridWorker', 'close:communityAdmin'],
  confirmed: ['rate:orderer', 'close:communityAdmin'],
  rated: ['close:communityAdmin', 'close:system'],
  closed: ['reopen:orderer'],
  reopened: ['escalate:communityAdmin', 'escalate:system', 'dispatch:communityAdmin', 'publish:communityAdmin', 'close:communityAdmin'],
}

/** Where each move whose next state follows from the order (its claims, its history) may lead. */
const DERIVED: Partial<Record<OrderAction, OrderState[]>> = {
  claim: ['published'], // places are taken; the work stays in the hall
  release: ['published', 'dispatched', 'in_progress'], // the place is free again; a dispatched claim's order stays where it is
  start: ['published', 'in_progress'], // hall work stays in the hall; dispatched work is under way
  complete: ['published', 'done'], // done once every live claim reported and no place is free
  return: ['accepted', 'submitted'], // back to the community, accepted if it was before
  dispute: ['published', 'in_progress'], // the work goes back to whoever did it
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
      } else {
        expect(res.as).toBe(actor)
        expect(res.to === 'derived').toBe(action in DERIVED)
      }
    },
  )

  it('names no state that does not exist, and no move twice', () => {
    for (const [action, t] of Object.entries(ORDER_TRANSITIONS)) {
      for (const from of Object.values(t.by)) {
        expect(from!.every((s) => (ORDER_STATES as readonly string[]).includes(s))).toBe(true)
        expect(new Set(from).size).toBe(from!.length)
      }
      if (t.to !== 'derived') expect(ORDER_STATES).toContain(t.to)
      expect(ORDER_ACTIONS).toContain(action)
    }
  })

  it('every state is reachable from submitted, and every state but the final ones leads somewhere', () => {
    const seen = new Set<string>(['submitted'])
    const queue: OrderState[] = ['submitted']
    while (queue.length) {
      const s = queue.shift()!
      for (const [action, t] of Object.entries(ORDER_TRANSITIONS) as Array<[OrderAction, (typeof ORDER_TRANSITIONS)[OrderAction]]>) {
        const from = Object.values(t.by).some((states) => states!.includes(s))
        const targets = t.to === 'derived' ? DERIVED[action]! : [t.to]
        for (const to of targets) if (from && !seen.has(to)) seen.add(to), queue.push(to)
      }
    }
    expect([...seen].sort()).toEqual([...ORDER_STATES].sort())
    const stuck = ORDER_STATES.filter((s) => allowedActions(s, [...ORDER_ACTORS]).length === 0)
    expect(stuck.sort()).toEqual(['rejected', 'withdrawn'])
  })

  it('a caller with several relations gets the union of their moves', () => {
    expect(allowedActions('done', ['orderer', 'communityAdmin'])).toEqual(['confirm', 'dispute', 'close'])
    expect(allowedActions('dispatched', ['assignee', 'claimer'])).toEqual(['start', 'return', 'close'])
    expect(allowedActions('rejected', [...ORDER_ACTORS])).toEqual([])
  })
})

// One person's claim on an order, written out by hand the same way.
const EXPECTED_CLAIM: Record<ClaimState, string[]> = {
  claimed: ['start:claimer', 'release:claimer', 'release:system', 'end:system'],
  started: ['release:system', 'submit:claimer', 'end:system'],
  submitted: ['redo:system', 'pay:system', 'end:system'],
  paid: [],
  released: [],
  ended: [],
}

describe('claim lifecycle table', () => {
  it.each(CLAIM_STATES.flatMap((s) => CLAIM_ACTIONS.flatMap((a) => CLAIM_RELATIONS.map((r) => [s, a, r] as const))))(
    'from %s, %s by %s',
    (state, action, as) => {
      const allowed = EXPECTED_CLAIM[state].includes(`${action}:${as}`)
      const res = decideClaim(state, action, as)
      expect(res.ok).toBe(allowed)
      if (!res.ok) {
        const somewhere = CLAIM_STATES.some((s) => EXPECTED_CLAIM[s].includes(`${action}:${as}`))
        expect(res.why).toBe(somewhere ? 'state' : 'actor')
      } else expect(res.to).toBe(CLAIM_TRANSITIONS[action].to)
    },
  )

  it('a claimer lets go only before starting, reports only after starting; a claim holds a place until it is paid, released or ended', () => {
    expect(claimActions('claimed', 'claimer')).toEqual(['start', 'release'])
    expect(claimActions('started', 'claimer')).toEqual(['submit'])
    expect(claimActions('submitted', 'claimer')).toEqual([])
    expect([...LIVE_CLAIM_STATES].sort()).toEqual(['claimed', 'started', 'submitted'])
    for (const end of ['paid', 'released', 'ended'] as const) expect(claimActions(end, 'system')).toEqual([])
  })
})
