// Builders for service orders: a valid payload, and an order driven to a given point of its life
// through the real calls.
import type { TestCloud, TestUser } from './localCloud'

let keys = 0
/** A fresh request key per submission, as the client makes one per form submission. */
export const requestKey = () => `test-${process.pid}-${Date.now().toString(36)}-${++keys}`

export function orderInput(over: Record<string, unknown> = {}) {
  return {
    requestKey: requestKey(),
    category: '维修',
    text: '楼道灯坏了，晚上看不见路',
    place: { kind: 'room', buildingId: 'c1-g1-b1', room: '1单元302' },
    urgency: 'yellow',
    ...over,
  }
}

export function acceptInput(env: TestCloud, orderId: string, over: Record<string, unknown> = {}) {
  return { orderId, colour: 'yellow', points: 10, hours: 1.5, slots: 1, deadline: new Date(env.clock.now() + 48 * 3600_000).toISOString(), ...over }
}

export interface Cast {
  resident: TestUser
  admin: TestUser
  member: TestUser
  member2: TestUser
  volunteer: TestUser
  grid: TestUser
  street: TestUser
  dept: TestUser
  otherAdmin: TestUser
  outsider: TestUser
}

export async function cast(env: TestCloud): Promise<Cast> {
  return {
    resident: await env.user({ community: 'c1', grid: 'c1-g1', name: '王秀兰', phone: '13811112222', room: '1单元302' }),
    admin: await env.user({ community: 'c1', roles: ['communityAdmin'], name: '陈红梅' }),
    member: await env.user({ community: 'c1', roles: ['member'], name: '李党员' }),
    member2: await env.user({ community: 'c1', roles: ['member'], name: '赵党员' }),
    volunteer: await env.user({ community: 'c1', roles: ['volunteer'], name: '周志愿' }),
    grid: await env.user({ community: 'c1', grid: 'c1-g1', roles: ['gridWorker'], name: '刘网格' }),
    street: await env.user({ street: 's1', roles: ['streetAdmin'], name: '郭街道' }),
    dept: await env.user({ street: 's1', roles: ['department'], department: 'd1', name: '林部门' }),
    otherAdmin: await env.user({ community: 'c2', roles: ['communityAdmin'], name: '杨书记' }),
    outsider: await env.user({ community: 'c2', name: '孙丽' }),
  }
}

export async function must<T = any>(p: Promise<{ ok: true; data: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`)
  return r.data
}

/** A published order with `slots` places. */
export async function publishedOrder(env: TestCloud, c: Cast, over: Record<string, unknown> = {}) {
  const o = await must(c.resident.call('order', 'submit', orderInput()))
  await must(c.admin.call('order', 'accept', acceptInput(env, o.id, over)))
  await must(c.admin.call('order', 'publish', { orderId: o.id }))
  return o.id as string
}
