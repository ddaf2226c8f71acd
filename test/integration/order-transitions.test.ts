// The service order's whole (state × action × actor) matrix through the real calls. For every state of
// the table an order is driven there with the real calls; then every action is tried by every kind of
// caller with a valid payload. What the table (shared/lifecycles/order.ts, via checkTransition) and the
// call's contract allow must succeed and land in the table's next state; everything else is refused
// with a code of the closed set and a Chinese message, leaving the order, its claims, ledger, audit
// and notifications exactly as they were. The SLA timer's moves ('system') are in order-sla.test.ts.
import { ERROR_CODES, REASONS } from '../../shared/errors'
import { checkTransition, ORDER_ACTIONS, ORDER_STATE_LABELS, ORDER_STATES, type OrderAction, type OrderActor, type OrderState } from '../../shared/lifecycles/order'
import { startTestCloud, type TestCloud } from '../support/localCloud'
import {
  contractAdmits,
  inBatches,
  orderIn,
  PEOPLE,
  playerOf,
  relationsOf,
  SCENARIOS,
  snapshot,
  validPayload,
  type Person,
} from '../support/orderStates'
import { cast, type Cast } from '../support/orders'

jest.setTimeout(120_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

const OUTSIDERS: readonly Person[] = ['otherAdmin', 'otherResident']
const CHINESE = /[\u4e00-\u9fff]/

interface Case {
  action: OrderAction
  person: Person
  relations: OrderActor[]
  allowed: boolean
  to?: OrderState
}

/** The next state the table names; for its 'derived' moves, the rule the table's comments give. */
function nextState(action: OrderAction, to: OrderState | 'derived', o: { taken: number; acceptedAt?: unknown }): OrderState {
  if (to !== 'derived') return to
  if (action === 'release') return o.taken - 1 === 0 ? 'published' : 'claimed'
  if (action === 'return') return o.acceptedAt ? 'accepted' : 'submitted'
  throw new Error(`no rule for derived ${action}`)
}

function judge(o: any, state: OrderState): Case[] {
  return ORDER_ACTIONS.flatMap((action) =>
    PEOPLE.map((person) => {
      const f = playerOf(c, o, person)
      const relations = relationsOf(o, f)
      const t = checkTransition(state, action, relations)
      const allowed = t.ok && contractAdmits(action, f)
      return { action, person, relations, allowed, to: t.ok ? nextState(action, t.to, o) : undefined }
    }),
  )
}

it('every state of the table has a scenario', () => {
  expect(new Set(Object.values(SCENARIOS).map((s) => s.state))).toEqual(new Set(ORDER_STATES))
})

describe.each(Object.keys(SCENARIOS))('an order %s', (scenario) => {
  const { state } = SCENARIOS[scenario]

  it('allows exactly the table’s moves, refuses the rest and leaves the refused order untouched', async () => {
    const id = await orderIn(env, c, scenario)
    const stored = env.find('orders', id)
    expect(stored.status).toBe(state)
    const cases = judge(stored, state)
    const problems: string[] = []
    const label = (x: Case) => `${state}/${scenario}: ${x.action} by ${x.person} [${x.relations.join(',') || '-'}]`

    // Refused moves, tried on one order ten at a time; nothing stored about it may change.
    const refused = cases.filter((x) => !x.allowed)
    for (let i = 0; i < refused.length; i += 10) {
      const batch = refused.slice(i, i + 10)
      const before = snapshot(env, id)
      const answers = await Promise.all(batch.map((x) => playerOf(c, stored, x.person).user.call('order', x.action, validPayload(env, x.action, id))))
      const after = snapshot(env, id)
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        problems.push(`a refused move wrote something, one of: ${batch.map(label).join(' | ')}`)
        expect(after).toEqual(before)
      }
      batch.forEach((x, k) => {
        const r = answers[k]
        if (r.ok) return problems.push(`${label(x)}: expected refusal, got ${r.data?.status}`)
        const e = r.error
        if (!ERROR_CODES.includes(e.code as never)) problems.push(`${label(x)}: code ${e.code} not in the closed set`)
        if ((REASONS as Record<string, string>)[e.reason] !== e.code) problems.push(`${label(x)}: reason ${e.reason} does not belong to ${e.code}`)
        if (!CHINESE.test(e.message)) problems.push(`${label(x)}: message not Chinese: ${e.message}`)
        if (OUTSIDERS.includes(x.person) || (x.person === 'volunteer' && !x.relations.length)) {
          // Someone with no business here learns nothing of the order's state.
          if (e.reason === 'ORDER_TRANSITION_NOT_ALLOWED' || Object.values(ORDER_STATE_LABELS).some((l) => e.message.includes(l))) {
            problems.push(`${label(x)}: an outsider was told the state: ${e.message}`)
          }
        }
      })
    }

    // Allowed moves, each on a fresh order in the same state, ten at a time.
    const allowed = cases.filter((x) => x.allowed)
    await inBatches(allowed, 10, async (x) => {
      const fresh = await orderIn(env, c, scenario)
      const before = env.find('orders', fresh)
      const r = await playerOf(c, before, x.person).user.call('order', x.action, validPayload(env, x.action, fresh))
      const to = nextState(x.action, checkTransition(state, x.action, x.relations).ok ? (x.to as OrderState) : 'derived', before)
      if (!r.ok) return problems.push(`${label(x)}: expected to reach ${to}, refused ${r.error.reason} ${r.error.message}`)
      const after = env.find('orders', fresh)
      if (r.data.status !== to) problems.push(`${label(x)}: answered ${r.data.status}, expected ${to}`)
      if (after.status !== to) problems.push(`${label(x)}: stored ${after.status}, expected ${to}`)
      if (after.version <= before.version) problems.push(`${label(x)}: version did not move`)
      const last = after.timeline[after.timeline.length - 1]
      if (last.action !== x.action) problems.push(`${label(x)}: last timeline entry is ${last.action}`)
    })

    // What each caller is offered on the screen is what they may do: the table and the contract.
    const views = await Promise.all(PEOPLE.map((p) => playerOf(c, stored, p).user.call('order', 'get', { orderId: id })))
    PEOPLE.forEach((p, k) => {
      const expected = cases.filter((x) => x.person === p && x.allowed).map((x) => x.action)
      const r = views[k]
      if (r.ok && JSON.stringify(r.data.allowed) !== JSON.stringify(expected)) problems.push(`${state}/${scenario}: ${p} is offered [${r.data.allowed}], may do [${expected}]`)
      if (!r.ok && expected.length) problems.push(`${state}/${scenario}: ${p} may ${expected} but cannot see the order (${r.error.reason})`)
    })

    expect(problems).toEqual([])
    // Sanity: the matrix really tried both kinds of case where the table has any.
    expect(refused.length + allowed.length).toBe(ORDER_ACTIONS.length * PEOPLE.length)
  })
})
