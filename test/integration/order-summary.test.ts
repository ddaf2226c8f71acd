// order.summary (issue 12): each role's home figures, checked against orders made through the real calls
// on a fake clock — the secretary's 待处理 by colour, nearest acceptance deadline, overdue count and month
// rates; the street's table per community; a department's and a unit's queue; a resident's 待确认 / 待评价
// and open orders; a member's or volunteer's hall and tasks. Scope (another community's orders never
// count; a resident sees only hers), refusals, and every figure read on an index (no collection scan).
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { acceptInput, cast, must, orderInput, type Cast } from '../support/orders'
import type { OrderSummary } from '../../shared/orders/summary'

jest.setTimeout(120_000)

const MIN = 60_000
const HOUR = 60 * MIN

let env: TestCloud
let c: Cast
let volunteerAlso: TestUser
let unitAdmin: TestUser
let neighbour: TestUser
let nobody: TestUser
const ids: Record<string, string> = {}

async function submit(who: TestUser, urgency: string, over: Record<string, unknown> = {}) {
  env.clock.advance(MIN)
  return (await must(who.call('order', 'submit', orderInput({ urgency, ...over })))).id as string
}
async function publish(id: string) {
  await must(c.admin.call('order', 'accept', acceptInput(env, id)))
  await must(c.admin.call('order', 'publish', { orderId: id }))
}
async function doneBy(member: TestUser, id: string) {
  await publish(id)
  await must(member.call('order', 'claim', { orderId: id }))
  await must(member.call('order', 'start', { orderId: id }))
  await must(member.call('order', 'complete', { orderId: id, note: '已处理完毕', photos: [] }))
}

async function summary(who: TestUser): Promise<OrderSummary> {
  env.cloud.emulator.resetStats()
  const data = await must<OrderSummary>(who.call('order', 'summary', {}))
  expect(env.cloud.emulator.stats().collectionScans).toBe(0)
  return data
}

beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
  volunteerAlso = await env.user({ community: 'c1', roles: ['volunteer'], name: '钱志愿' })
  unitAdmin = await env.user({ street: 's1', roles: ['unitAdmin'], unit: 'u1', name: '吴单位' })
  neighbour = await env.user({ community: 'c1', grid: 'c1-g1', name: '何邻居' })
  nobody = await env.user({ name: '新用户' })

  // c1, all ordered by the resident:
  ids.A = await submit(c.resident, 'red') // waits to be accepted (red: 2 h)
  ids.B = await submit(c.resident, 'yellow')
  await publish(ids.B) // in the hall
  ids.C = await submit(c.resident, 'green')
  await doneBy(c.member, ids.C) // work done: waits for her confirmation
  ids.D = await submit(c.resident, 'yellow')
  await doneBy(c.member, ids.D)
  await must(c.resident.call('order', 'confirm', { orderId: ids.D })) // waits for her rating
  ids.E = await submit(c.resident, 'green')
  await doneBy(c.member, ids.E)
  await must(c.resident.call('order', 'confirm', { orderId: ids.E }))
  await must(c.resident.call('order', 'rate', { orderId: ids.E, stars: 5 }))
  await must(c.admin.call('order', 'close', { orderId: ids.E, code: 'solved', note: '已解决' }))
  ids.F = await submit(c.resident, 'green')
  await doneBy(c.member, ids.F)
  await must(c.resident.call('order', 'confirm', { orderId: ids.F }))
  await must(c.resident.call('order', 'rate', { orderId: ids.F, stars: 2 }))
  ids.G = await submit(c.resident, 'yellow')
  await must(c.admin.call('order', 'escalate', { orderId: ids.G, to: 'street', colour: 'yellow', reason: '需要街道协调' }))

  // c2: another community of the same street, none of it counted for c1.
  ids.H = await submit(c.outsider, 'red', { place: { kind: 'room', buildingId: 'c2-g1-b1', room: '2单元101' } })
  await must(c.otherAdmin.call('order', 'escalate', { orderId: ids.H, to: 'street', colour: 'red', reason: '需要街道协调' }))
  ids.I = await submit(c.outsider, 'green', { place: { kind: 'room', buildingId: 'c2-g1-b1', room: '2单元101' } })
  await must(c.otherAdmin.call('order', 'escalate', { orderId: ids.I, to: 'department', departmentId: 'd1', colour: 'red', reason: '需要城管处理' }))
  ids.J = await submit(c.outsider, 'yellow', { place: { kind: 'room', buildingId: 'c2-g1-b1', room: '2单元101' } })
  await must(c.otherAdmin.call('order', 'accept', acceptInput(env, ids.J)))
  await must(c.otherAdmin.call('order', 'dispatch', { orderId: ids.J, assignee: { type: 'unit', id: 'u1' } }))
  ids.K = await submit(c.outsider, 'red', { place: { kind: 'room', buildingId: 'c2-g1-b1', room: '2单元101' } }) // waits in c2
})
afterAll(() => env.close())

const doc = (id: string) => env.find('orders', id)

describe("the secretary's summary", () => {
  it('counts 待处理 by colour, the nearest acceptance deadline and this month’s rates, for her community only', async () => {
    const s = await summary(c.admin)
    // 待处理 is the inbox's: A (submitted, red), C (done; accepted as yellow), G (escalated, yellow).
    expect(s.community).toMatchObject({ communityId: 'c1', communityName: '和平社区', todo: 3, red: 1, yellow: 2, green: 0, overdue: 0 })
    expect(s.community!.nearestDue).toBe(new Date(doc(ids.A).acceptDeadline).toISOString())
    // received A–G; accepted B–F; closed E; rated E (5★) and F (2★), one satisfied.
    expect(s.community!.month).toEqual({ received: 7, accepted: 5, closed: 1, rated: 2, satisfied: 1 })
    expect(s.street).toBeUndefined()
    expect(s.queues).toEqual([])
  })

  it('counts an order waiting past its acceptance deadline as overdue', async () => {
    const back = env.clock.now()
    env.clock.advance(3 * HOUR)
    const s = await summary(c.admin)
    expect(s.community).toMatchObject({ overdue: 1, nearestDue: new Date(doc(ids.A).acceptDeadline).toISOString() })
    expect(new Date(s.community!.nearestDue!).getTime()).toBeLessThan(new Date(s.at).getTime())
    env.clock.set(back)
  })

  it('counts an escalation past its 完成期限 as overdue too', async () => {
    const back = env.clock.now()
    // G was called up as yellow (3 days); A has waited past its 2 h all along.
    env.clock.set(new Date(doc(ids.G).escalation.deadline).getTime() + MIN)
    expect((await summary(c.admin)).community!.overdue).toBe(2)
    expect((await summary(c.street)).street!.rows[0]).toEqual({ communityId: 'c1', communityName: '和平社区', escalated: 1, overdue: 2 })
    env.clock.set(back)
  })

  it('starts the month figures afresh in a new month', async () => {
    const back = env.clock.now()
    env.clock.set(Date.parse('2026-12-01T00:00:00+08:00'))
    const s = await summary(c.admin)
    expect(s.community!.month).toEqual({ received: 0, accepted: 0, closed: 0, rated: 0, satisfied: 0 })
    env.clock.set(back)
  })

  it("another community's secretary sees only hers", async () => {
    const s = await summary(c.otherAdmin)
    // c2: H and I escalated, K waiting (J dispatched is 办理中).
    expect(s.community).toMatchObject({ communityId: 'c2', todo: 3, red: 3, yellow: 0, green: 0 })
    expect(s.community!.nearestDue).toBe(new Date(doc(ids.K).acceptDeadline).toISOString())
    expect(s.community!.month).toEqual({ received: 4, accepted: 1, closed: 0, rated: 0, satisfied: 0 })
  })
})

describe("the street's summary", () => {
  it('lists each community of the street with what was called up to it and what is overdue', async () => {
    const back = env.clock.now()
    env.clock.advance(3 * HOUR) // A (c1) and K (c2) are past their red 2 h
    const s = await summary(c.street)
    expect(s.street).toEqual({
      streetId: 's1',
      rows: [
        { communityId: 'c1', communityName: '和平社区', escalated: 1, overdue: 1 },
        { communityId: 'c2', communityName: '幸福社区', escalated: 1, overdue: 1 },
      ],
    })
    // A street account is nobody's resident: no resident section, no community's figures.
    expect(s.resident).toBeUndefined()
    expect(s.community).toBeUndefined()
    env.clock.set(back)
  })
})

describe("a department's and a unit's queue", () => {
  it('counts the open work sent to them, with the nearest 完成期限', async () => {
    const d = await summary(c.dept)
    expect(d.queues).toEqual([{ kind: 'department', id: 'd1', open: 1, cameBack: 0, nearestDue: new Date(doc(ids.I).escalation.deadline).toISOString() }])
    const u = await summary(unitAdmin)
    expect(u.queues).toEqual([{ kind: 'unit', id: 'u1', open: 1, cameBack: 0, nearestDue: new Date(doc(ids.J).deadline).toISOString() }])
    expect(u.community).toBeUndefined()
  })

})

describe("the resident's summary", () => {
  it('says what needs her: 待确认, 待评价 and her open orders, newest first', async () => {
    const s = await summary(c.resident)
    expect(s.resident).toMatchObject({ toConfirm: 1, toRate: 1, open: 4 })
    expect(s.resident!.recent.map((o) => o.id)).toEqual([ids.G, ids.C, ids.B])
    expect(s.community).toBeUndefined()
    expect(s.helper).toBeUndefined()
  })

  it("a neighbour sees none of hers, and the other community's resident only her own", async () => {
    expect((await summary(neighbour)).resident).toEqual({ toConfirm: 0, toRate: 0, open: 0, recent: [] })
    const o = await summary(c.outsider)
    expect(o.resident!.open).toBe(4)
    expect(o.resident!.recent.map((x) => x.id)).toEqual([ids.K, ids.J, ids.I])
  })
})

describe("a member's and a volunteer's summary", () => {
  it('counts the hall work they may take and their open tasks', async () => {
    const m = await summary(c.member)
    // B is in the hall; C is done and waiting for confirmation (still open), D–F are finished.
    expect(m.helper).toMatchObject({ hall: 1, openTasks: 1 })
    expect(m.helper!.tasks.map((t) => t.id)).toEqual([ids.C])
    const v = await summary(volunteerAlso)
    expect(v.helper).toMatchObject({ hall: 1, openTasks: 0, tasks: [] })
  })
})

describe('refusals', () => {
  it('a person with no community and no role is asked to choose a community first', async () => {
    const r = await nobody.call('order', 'summary', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'PROFILE_INCOMPLETE', message: '请先在“我的”中完善所在社区信息' } })
  })
  it('refuses anything but an empty payload', async () => {
    const r = await c.resident.call('order', 'summary', { communityId: 'c2' })
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })
})

// Last: it adds an order of the other community's resident, which the counts above do not expect.
describe("a unit's queue, later", () => {
  it('says what came back: work the resident said was not solved, sent to them again', async () => {
    const id = await submit(c.outsider, 'green', { place: { kind: 'room', buildingId: 'c2-g1-b1', room: '2单元101' } })
    await must(c.otherAdmin.call('order', 'accept', acceptInput(env, id)))
    await must(c.otherAdmin.call('order', 'dispatch', { orderId: id, assignee: { type: 'unit', id: 'u1' } }))
    await must(unitAdmin.call('order', 'start', { orderId: id }))
    await must(unitAdmin.call('order', 'complete', { orderId: id, note: '已处理完毕', photos: [] }))
    expect((await summary(unitAdmin)).queues[0]).toMatchObject({ open: 2, cameBack: 0 })
    await must(c.outsider.call('order', 'dispute', { orderId: id, reason: '问题还在' }))
    const u = await summary(unitAdmin)
    expect(u.queues[0]).toMatchObject({ kind: 'unit', id: 'u1', open: 2, cameBack: 1 })
    expect(doc(id)).toMatchObject({ status: 'in_progress', assignee: { type: 'unit', id: 'u1' } })
  })
})
