// The service order's whole (state × action × actor) matrix through the real calls. For every state of
// the table an order is driven there with the real calls (several times where the people related to it
// or its claims differ); then every action is tried by every kind of caller with a valid payload.
//
// What the order's table (shared/lifecycles/order.ts, via checkTransition), the caller's own claim
// (shared/lifecycles/claim.ts, via decideClaim) and the call's contract allow must succeed and land in
// the next state the domain names. A repeat of the move that left the order where it is, by the same
// person (a retry after a lost reply, a double tap), answers ok and writes nothing. Everything else is
// refused with a code of the closed set and a Chinese message, leaving the order (its claims inside),
// ledger, audit and notifications exactly as they were. The timer's moves ('system') are in order-sla.
import type { ClaimState } from '../../shared/lifecycles/claim'
import { decideClaim } from '../../shared/lifecycles/claim'
import { ERROR_CODES, REASONS } from '../../shared/errors'
import { checkTransition, ORDER_ACTIONS, ORDER_STATE_LABELS, ORDER_STATES, type OrderAction, type OrderActor, type OrderState } from '../../shared/lifecycles/order'
import { startTestCloud, type TestCloud } from '../support/localCloud'
import {
  contractAdmits,
  drive,
  entitledBy,
  freePlaces,
  inBatches,
  liveClaimOf,
  liveClaims,
  mayView,
  PEOPLE,
  playerOf,
  relationsOf,
  SCENARIOS,
  snapshot,
  validPayload,
  type History,
  type Person,
  type Scenario,
  type StoredOrder,
} from '../support/orderStates'
import { cast, type Cast } from '../support/orders'

jest.setTimeout(180_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

const CHINESE = /[\u4e00-\u9fff]/
const LIVE: readonly ClaimState[] = ['claimed', 'started', 'submitted']

type Outcome =
  /** The move happens: the order lands in `to`, the caller's own claim (if the move is on it) in `claim`. */
  | { kind: 'move'; to: OrderState; claim?: ClaimState }
  /** This caller's same move already happened: ok, the current view, nothing written. */
  | { kind: 'repeat' }
  | { kind: 'refuse' }

interface Case {
  action: OrderAction
  person: Person
  relations: OrderActor[]
  visible: boolean
  outcome: Outcome
}

const move = (to: OrderState, claim?: ClaimState): Outcome => ({ kind: 'move', to, ...(claim ? { claim } : {}) })
const REPEAT: Outcome = { kind: 'repeat' }
const REFUSE: Outcome = { kind: 'refuse' }

/**
 * What the domain says happens when this person tries this action on this order: the order's table for
 * their relations, narrowed by their own claim for the claimer's moves; the next state where the table
 * says 'derived' by the rules its comments give.
 */
function outcomeOf(o: StoredOrder, h: History, person: Person, action: OrderAction): Case {
  const f = playerOf(c, o, person)
  const relations = relationsOf(o, f, h)
  const visible = mayView(o, f, relations)
  const base = { action, person, relations, visible }
  if (!contractAdmits(action, f)) return { ...base, outcome: REFUSE }
  const me = f.user.openid
  const mine = liveClaimOf(o, me)
  const t = checkTransition(o.status, action, relations)
  const repeat = visible && h.lastMove?.action === action && h.lastMove.openid === me ? REPEAT : REFUSE
  const others = liveClaims(o).filter((x) => x.openid !== me)
  const outcome = ((): Outcome => {
    switch (action) {
      case 'claim':
        // A second claim by someone who holds one is the same claim (a double tap).
        if (mine) return REPEAT
        return t.ok && freePlaces(o) > 0 && !o.held ? move('published', 'claimed') : REFUSE
      case 'release':
        // Only a claim from the hall, only before starting; a dispatched member hands the work back instead.
        if (!mine) return t.ok ? REFUSE : repeat
        return !mine.viaDispatch && decideClaim(mine.status, 'release', 'claimer').ok && t.ok ? move('published', 'released') : REFUSE
      case 'start':
        if (mine) {
          if (!decideClaim(mine.status, 'start', 'claimer').ok) return REPEAT // started (or reported) already
          if (!t.ok) return repeat
          return move(o.status === 'published' ? 'published' : 'in_progress', 'started')
        }
        return t.ok ? move('in_progress') : repeat
      case 'complete': {
        if (!t.ok) return repeat
        if (!mine) return relations.includes('assignee') ? move('done') : REFUSE
        if (mine.status === 'submitted') return REPEAT
        if (!decideClaim(mine.status, 'submit', 'claimer').ok) return REFUSE
        // Done when nobody else is still on it (places nobody took are withdrawn).
        const stillWorking = others.some((x) => x.status !== 'submitted')
        return move(o.status === 'published' && stillWorking ? 'published' : 'done', 'submitted')
      }
      case 'return':
        return t.ok ? move(o.acceptedAt ? 'accepted' : 'submitted') : repeat
      case 'confirm':
        if (!t.ok) return repeat
        // 代确认: a grid worker confirms for the resident only on an order placed for her (代点单).
        return relations.includes('orderer') || o.onBehalf ? move('confirmed') : REFUSE
      case 'dispute':
        // The work goes back: hall work to the hall, dispatched work to whoever it was sent to.
        return t.ok ? move(o.assignee ? 'in_progress' : 'published') : repeat
      default:
        if (!t.ok) return repeat
        if (t.to === 'derived') throw new Error(`no rule for derived ${action}`)
        return move(t.to)
    }
  })()
  return { ...base, outcome }
}

/** The other claims after a move, as the domain says each move leaves them. */
function claimsAfter(action: OrderAction, o: StoredOrder, me: string, mineTo?: ClaimState): Array<[string, ClaimState]> {
  return o.claims.map((x): [string, ClaimState] => {
    if (x.openid === me && LIVE.includes(x.status) && mineTo) return [x.openid, mineTo]
    if (action === 'confirm' && x.status === 'submitted') return [x.openid, 'paid']
    if (action === 'dispute' && x.status === 'submitted') return [x.openid, 'started']
    if (action === 'close' && LIVE.includes(x.status)) return [x.openid, 'ended']
    if (action === 'return' && LIVE.includes(x.status)) return [x.openid, 'released']
    return [x.openid, x.status]
  })
}

/** Every kind of answer the matrix judged, per action (checked at the end). */
const seen = new Set<string>()

const claimStates = (o: StoredOrder) => o.claims.map((x): [string, ClaimState] => [x.openid, x.status])

it('every state of the table has a scenario', () => {
  expect(new Set(Object.values(SCENARIOS).map((s) => s.state))).toEqual(new Set(ORDER_STATES))
})

describe.each(Object.keys(SCENARIOS) as Scenario[])('an order %s', (scenario) => {
  const { state } = SCENARIOS[scenario]

  it('allows exactly the moves of the tables, answers a repeat ok, refuses the rest and leaves the refused order untouched', async () => {
    const { id, history } = await drive(env, c, scenario)
    const stored = env.find<StoredOrder>('orders', id)!
    expect(stored.status).toBe(state)
    // The claim race's guard and the counters agree with the claims.
    expect([...stored.claimerIds].sort()).toEqual(liveClaims(stored).map((x) => x.openid).sort())
    expect(env.find('orders', id)).toMatchObject({ taken: liveClaims(stored).length, outbox: [] })
    const cases = ORDER_ACTIONS.flatMap((action) => PEOPLE.map((person) => outcomeOf(stored, history, person, action)))
    for (const x of cases) seen.add(`${x.outcome.kind}:${x.action}`)
    const problems: string[] = []
    const label = (x: Case) => `${scenario}: ${x.action} by ${x.person} [${x.relations.join(',') || '-'}]`

    // Refused moves and repeats, tried on one order ten at a time; nothing stored about it may change.
    const still = cases.filter((x) => x.outcome.kind !== 'move')
    for (let i = 0; i < still.length; i += 10) {
      const batch = still.slice(i, i + 10)
      const before = snapshot(env, id)
      const answers = await Promise.all(batch.map((x) => playerOf(c, stored, x.person).user.call('order', x.action, validPayload(env, x.action, id))))
      const after = snapshot(env, id)
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        problems.push(`a refused or repeated move wrote something, one of: ${batch.map(label).join(' | ')}`)
        expect(after).toEqual(before)
      }
      batch.forEach((x, k) => {
        const r = answers[k]
        if (x.outcome.kind === 'repeat') {
          if (!r.ok) return problems.push(`${label(x)}: a repeat should answer ok, refused ${r.error.reason} ${r.error.message}`)
          if (r.data.status !== state || r.data.id !== id) problems.push(`${label(x)}: a repeat answered ${r.data.id} ${r.data.status}`)
          return
        }
        if (r.ok) return problems.push(`${label(x)}: expected refusal, got ${r.data?.status}`)
        const e = r.error
        if (!ERROR_CODES.includes(e.code as never)) problems.push(`${label(x)}: code ${e.code} not in the closed set`)
        if ((REASONS as Record<string, string>)[e.reason] !== e.code) problems.push(`${label(x)}: reason ${e.reason} does not belong to ${e.code}`)
        if (!CHINESE.test(e.message)) problems.push(`${label(x)}: message not Chinese: ${e.message}`)
        const f = playerOf(c, stored, x.person)
        if (!contractAdmits(x.action, f)) {
          if (e.reason !== 'ROLE_REQUIRED') problems.push(`${label(x)}: the contract refuses it, answered ${e.reason}`)
          return
        }
        if (!x.visible) {
          // Someone with no business here learns nothing of the order (a member trying to claim work that
          // left the hall is told that it did).
          const claiming = x.action === 'claim' && (x.relations.includes('candidate') || f.roles.includes('volunteer'))
          const admin = f.roles.includes('communityAdmin') || f.roles.includes('streetAdmin')
          const expected = admin ? ['OUT_OF_SCOPE'] : claiming ? ['ORDER_FULL', 'ORDER_TRANSITION_NOT_ALLOWED', 'ORDER_MEMBERS_ONLY'] : ['ORDER_NOT_FOUND']
          if (!expected.includes(e.reason)) problems.push(`${label(x)}: may not see the order, answered ${e.reason} (expected ${expected})`)
          if (!claiming && Object.values(ORDER_STATE_LABELS).some((l) => e.message.includes(l))) problems.push(`${label(x)}: an outsider was told the state: ${e.message}`)
        }
      })
    }

    // Allowed moves, each on a fresh order in the same state, ten at a time.
    const moves = cases.filter((x) => x.outcome.kind === 'move')
    await inBatches(moves, 10, async (x) => {
      const fresh = await drive(env, c, scenario)
      const before = env.find<StoredOrder & { version: number }>('orders', fresh.id)!
      // The fresh order is the same as the one the case was judged on.
      const again = outcomeOf(before, fresh.history, x.person, x.action)
      if (JSON.stringify(again) !== JSON.stringify(x)) return problems.push(`${label(x)}: the fresh order differs from the first`)
      const out = x.outcome as Extract<Outcome, { kind: 'move' }>
      const who = playerOf(c, before, x.person).user
      const paidBefore = env.findAll('ledger', { sourceId: fresh.id }).map((e) => e._id)
      const r = await who.call('order', x.action, validPayload(env, x.action, fresh.id))
      if (!r.ok) return problems.push(`${label(x)}: expected to reach ${out.to}, refused ${r.error.reason} ${r.error.message}`)
      const after = env.find('orders', fresh.id)
      if (r.data.status !== out.to) problems.push(`${label(x)}: answered ${r.data.status}, expected ${out.to}`)
      if (after.status !== out.to) problems.push(`${label(x)}: stored ${after.status}, expected ${out.to}`)
      if (after.version <= before.version) problems.push(`${label(x)}: version did not move`)
      if (after.outbox.length) problems.push(`${label(x)}: effects left undelivered: ${after.outbox.map((e: { id: string }) => e.id)}`)
      const last = after.timeline[after.timeline.length - 1]
      if (last.action !== x.action || last.by !== who.openid) problems.push(`${label(x)}: last timeline entry is ${last.action} by ${last.by}`)
      const claims = JSON.stringify(claimStates(after))
      const want = JSON.stringify(x.action === 'claim' ? [...claimStates(before), [who.openid, 'claimed']] : claimsAfter(x.action, before, who.openid, out.claim))
      if (claims !== want) problems.push(`${label(x)}: claims ${claims}, expected ${want}`)
      if ([...after.claimerIds].sort().join() !== liveClaims(after).map((y) => y.openid).sort().join()) problems.push(`${label(x)}: claimerIds ${after.claimerIds} disagree with the claims`)
      // Confirming pays each reported claim once; nothing else pays.
      const paid = env.findAll('ledger', { sourceId: fresh.id }).map((e) => e._id).filter((k) => !paidBefore.includes(k)).sort()
      const shouldPay = x.action === 'confirm' ? before.claims.filter((y) => y.status === 'submitted').map((y) => `order:${fresh.id}:${y.openid}`).sort() : []
      if (JSON.stringify(paid) !== JSON.stringify(shouldPay)) problems.push(`${label(x)}: ledger ${paid}, expected ${shouldPay}`)
    })

    // What each caller is offered on the screen is what they may do: the tables, their claim and the contract.
    const views = await Promise.all(PEOPLE.map((p) => playerOf(c, stored, p).user.call('order', 'get', { orderId: id })))
    PEOPLE.forEach((p, k) => {
      const mine = cases.filter((x) => x.person === p)
      const expected = mine.filter((x) => x.outcome.kind === 'move').map((x) => x.action)
      const r = views[k]
      if (r.ok !== mine[0].visible) problems.push(`${scenario}: ${p} ${mine[0].visible ? 'may' : 'may not'} see the order, get answered ${r.ok ? 'ok' : r.error.reason}`)
      if (r.ok && JSON.stringify(r.data.allowed) !== JSON.stringify(expected)) problems.push(`${scenario}: ${p} is offered [${r.data.allowed}], may do [${expected}]`)
      if (r.ok && r.data.entitled !== entitledBy(mine[0].relations)) problems.push(`${scenario}: ${p} entitled ${r.data.entitled}, relations [${mine[0].relations}]`)
    })

    expect(problems).toEqual([])
    expect(still.length + moves.length).toBe(ORDER_ACTIONS.length * PEOPLE.length)
  })
})

it('the matrix met every move of a person, and a repeat of each', () => {
  // A guard on the model above: were it to judge everything refused, the matrix would prove little.
  const moved = ORDER_ACTIONS.filter((a) => seen.has(`move:${a}`))
  expect(moved).toEqual([...ORDER_ACTIONS])
  const repeated = ORDER_ACTIONS.filter((a) => seen.has(`repeat:${a}`))
  expect(repeated).toEqual(ORDER_ACTIONS.filter((a) => a !== 'release' && a !== 'return'))
})
