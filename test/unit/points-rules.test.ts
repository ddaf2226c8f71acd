// The earning rules, star levels and the redemption lifecycle: pure, over their whole tables.
import { cells } from '../../shared/core/flow'
import { decideRedemption, REDEMPTION_ACTIONS, REDEMPTION_RELATIONS, REDEMPTION_STATES, REDEMPTION_TRANSITIONS } from '../../shared/lifecycles/redemption'
import { orderApi } from '../../shared/contracts/order'
import { adjustmentProblem, award, dayOf, EARNING, orderCounterpart, orderPoints, orderPointsCap, wishCounterpart } from '../../shared/points/rules'
import { starLevel } from '../../shared/points/stars'

const T = Date.parse('2026-11-23T09:00:00+08:00')

describe('orderPoints', () => {
  it('pays the admin’s points, capped by colour and hours, never below zero', () => {
    expect(orderPoints({ colour: 'yellow', hours: 2, points: 20 })).toBe(20)
    expect(orderPoints({ colour: 'green', hours: 1, points: 50 })).toBe(10)
    expect(orderPoints({ colour: 'red', hours: 0.5, points: 50 })).toBe(10)
    expect(orderPoints({ colour: 'green', hours: 0, points: 50 })).toBe(EARNING.orderFloor)
    expect(orderPoints({ colour: 'red', hours: 2, points: -3 })).toBe(0)
  })
})

describe('orderPointsCap', () => {
  it('is the points per hour of the colour, never below the floor; the accept contract refuses above it, naming it', () => {
    expect([orderPointsCap({ colour: 'red', hours: 2 }), orderPointsCap({ colour: 'yellow', hours: 1.5 }), orderPointsCap({ colour: 'green', hours: 0.5 })]).toEqual([40, 23, EARNING.orderFloor])
    const input = (points: number) => ({ orderId: 'o1', colour: 'yellow', points, hours: 1.5, deadline: '2026-11-24T09:00:00+08:00' })
    expect(orderApi.accept.input.safeParse(input(23)).success).toBe(true)
    const refused = orderApi.accept.input.safeParse(input(24))
    expect(refused.success ? [] : refused.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['points', '积分最多23分（黄色·较急，1.5小时）']])
  })
})

describe('wishCounterpart', () => {
  it('is the wisher, or for a wish posted for someone that person (by phone, else name)', () => {
    const b = { name: '李奶奶', phone: '13900001111' }
    expect(wishCounterpart({ ownerId: 'r1', beneficiary: b })).toBe('r1')
    const li = wishCounterpart({ ownerId: 'g1', onBehalf: { role: 'gridWorker' }, beneficiary: b })
    const zhang = wishCounterpart({ ownerId: 'g1', onBehalf: { role: 'gridWorker' }, beneficiary: { name: '张爷爷' } })
    expect(new Set([li, zhang, 'g1']).size).toBe(3)
  })
})

describe('orderCounterpart', () => {
  it('is the orderer, or for 代点单 the person ordered for (each neighbour a pair of their own)', () => {
    expect(orderCounterpart({ ordererId: 'r1', ordererName: '王秀兰' })).toBe('r1')
    const li = orderCounterpart({ ordererId: 'g1', ordererName: '李奶奶', ordererPhone: '13900001111', onBehalf: { by: 'g1' } })
    const wang = orderCounterpart({ ordererId: 'g1', ordererName: '王爷爷', ordererPhone: '13900002222', onBehalf: { by: 'g1' } })
    expect(li).not.toBe(wang)
    expect(li).not.toBe('g1')
    expect(orderCounterpart({ ordererId: 'g1', ordererName: '李奶奶', ordererPhone: '13900001111', onBehalf: { by: 'g1' } })).toBe(li)
    // Without a phone, the name tells them apart.
    expect(orderCounterpart({ ordererId: 'g1', ordererName: '李奶奶', onBehalf: { by: 'g1' } })).not.toBe(orderCounterpart({ ordererId: 'g1', ordererName: '王爷爷', onBehalf: { by: 'g1' } }))
  })
})

describe('award', () => {
  const g = (over: object = {}) => ({ sourceType: 'order' as const, limited: true, points: 20, hours: 2, counterpart: 'p1', at: T, ...over })
  it('pays in full the first time, and remembers the day and the pair', () => {
    const a = award(g(), {})
    expect(a).toEqual({ points: 20, hours: 2, state: { day: '2026-11-23', today: { order: 20 }, pairs: [{ id: 'p1', at: T }] } })
  })
  it('the same pair within the cool-down: hours, no points; after it: points again', () => {
    const s = award(g(), {}).state
    expect(award(g({ at: T + 3600_000 }), s)).toMatchObject({ points: 0, hours: 2, capped: 'cooldown' })
    expect(award(g({ at: T + EARNING.pairCooldownMs }), s)).toMatchObject({ points: 20 })
    expect(award(g({ counterpart: 'p2' }), s)).toMatchObject({ points: 20 })
  })
  it('the daily cap per source: pays up to it, then nothing; a new Beijing day starts again', () => {
    let s = {}
    const paid: number[] = []
    for (let i = 0; i < 7; i++) {
      const a = award(g({ counterpart: `p${i}`, points: 30 }), s)
      paid.push(a.points)
      s = a.state
    }
    expect(paid).toEqual([30, 30, 30, 10, 0, 0, 0])
    expect(award(g({ sourceType: 'wish', points: 10, counterpart: undefined }), s)).toMatchObject({ points: 10 })
    const tomorrow = Date.parse('2026-11-24T00:00:01+08:00')
    expect(award(g({ counterpart: 'q', points: 30, at: tomorrow }), s)).toMatchObject({ points: 30 })
    expect(dayOf(Date.parse('2026-11-23T23:59:59+08:00'))).toBe('2026-11-23')
  })
  it('spending, refunds, admin entries and sources that did not ask for the limits pass as they are', () => {
    const full = { day: dayOf(T), today: { order: 500 }, pairs: [{ id: 'p1', at: T }] }
    expect(award(g({ sourceType: 'store', points: -50 }), full)).toMatchObject({ points: -50 })
    expect(award(g({ sourceType: 'adjust', points: 300 }), full)).toMatchObject({ points: 300 })
    expect(award(g({ limited: false }), full)).toMatchObject({ points: 20 })
    expect(award(g({ limited: false }), full).capped).toBeUndefined()
  })
})

describe('adjustmentProblem', () => {
  it.each([
    [{ points: 0, hours: 0, evidence: [] }, 'empty'],
    [{ points: 0, hours: 9, evidence: ['x'] }, 'hoursCap'],
    [{ points: 501, hours: 0, evidence: [] }, 'pointsCap'],
    [{ points: 0, hours: 2, evidence: [] }, 'evidence'],
    [{ points: -20, hours: 0, evidence: [] }, null],
    [{ points: 0, hours: 8, evidence: ['x'] }, null],
  ])('%j → %s', (a, want) => expect(adjustmentProblem(a)).toBe(want))
})

describe('starLevel', () => {
  it.each([
    [0, 0, '未评星', 100, 0],
    [99.5, 0, '未评星', 100, 0.995],
    [100, 1, '一星', 300, 0],
    [450, 2, '二星', 600, 0.5],
    [1499, 4, '四星', 1500, 499 / 500],
  ])('%s h → level %s %s, next at %s, progress %s', (h, level, label, nextAt, progress) => {
    const s = starLevel(h)
    expect(s).toMatchObject({ level, label, nextAt })
    expect(s.progress).toBeCloseTo(progress)
  })
  it('five stars at 1500 h has no next level', () => expect(starLevel(2000)).toEqual({ level: 5, label: '五星', progress: 1 }))
})

describe('the redemption lifecycle', () => {
  const allowed = new Set(cells(REDEMPTION_TRANSITIONS).map((c) => `${c.action}|${c.relation}|${c.from}`))
  it('allows exactly its table', () => {
    for (const state of REDEMPTION_STATES)
      for (const action of REDEMPTION_ACTIONS)
        for (const rel of REDEMPTION_RELATIONS) expect([state, action, rel, decideRedemption(state, action, [rel]).ok]).toEqual([state, action, rel, allowed.has(`${action}|${rel}|${state}`)])
  })
  it('a person cannot check off their own pickup; nobody moves a finished one', () => {
    expect(decideRedemption('ready', 'collect', ['owner'])).toEqual({ ok: false, why: 'actor' })
    for (const s of ['collected', 'cancelled', 'rejected'] as const) for (const a of REDEMPTION_ACTIONS) expect(decideRedemption(s, a, [...REDEMPTION_RELATIONS]).ok).toBe(false)
  })
})
