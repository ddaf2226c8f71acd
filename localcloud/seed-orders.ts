// Demo service orders at different points of their life, made through the real calls so that they
// are exactly what the functions would have stored. On a flaky cloud (LOCALCLOUD_FAULTS) each call is
// retried until it lands: submits carry a fixed requestKey (a retry gets the first order, never a
// second), and a move refused as already made after an earlier attempt that may have applied counts
// as done.
import type { Runtime } from './runtime'
import { seedCaller, type SeedCallOptions } from './seed-call'

export type SeedOrdersOptions = Pick<SeedCallOptions, 'attempts' | 'resuming'>

export async function seedOrders(runtime: Runtime, now = Date.now(), opts: SeedOrdersOptions = {}): Promise<number> {
  const orderCall = seedCaller(runtime, { ...opts, acceptAlreadyMade: true })
  let keys = 0
  const call = (openid: string, action: string, payload: Record<string, unknown>) =>
    orderCall('order', openid, action, action === 'submit' ? { ...payload, requestKey: `demo-seed-order-${++keys}` } : payload)
  const deadline = (h: number) => new Date(now + h * 3600_000).toISOString()
  const room = (buildingId: string, r: string) => ({ kind: 'room', buildingId, room: r })

  // Waiting in the community's inbox.
  await call('demo-resident-2', 'submit', { category: '助老', text: '老伴住院了，家里老人需要有人帮忙买菜做饭，大概一周。', place: room('c1-g2-b4', '2单元101'), urgency: 'red' })
  await call('demo-resident-3', 'submit', { category: '邻里纠纷', text: '楼上装修噪音很大，晚上十点以后还在施工，希望社区协调。', place: room('c1-g3-b8', '3单元502'), urgency: 'yellow' })

  // In the task hall.
  const hall = await call('demo-resident-1', 'submit', { category: '维修', text: '楼道声控灯坏了好几天，晚上上下楼看不清，老人怕摔。', place: room('c1-g1-b1', '1单元302'), urgency: 'yellow' })
  await call('demo-admin-c1', 'accept', { orderId: hall.id, colour: 'yellow', points: 10, hours: 1, slots: 2, deadline: deadline(48), skills: ['维修'] })
  await call('demo-admin-c1', 'publish', { orderId: hall.id })
  await call('demo-member-01', 'claim', { orderId: hall.id })

  const green = await call('demo-resident-3', 'submit', { category: '环境卫生', text: '小区东门垃圾桶周围堆了不少杂物，希望组织清理一下。', place: room('c1-g3-b7', '1单元101'), urgency: 'green' })
  await call('demo-admin-c1', 'accept', { orderId: green.id, colour: 'green', points: 15, hours: 2, slots: 5, deadline: deadline(72), membersOnly: true })
  await call('demo-admin-c1', 'publish', { orderId: green.id, note: '党员先锋岗，周六上午集合' })

  // Done, waiting for the resident to confirm and rate.
  const done = await call('demo-resident-1', 'submit', { category: '家政', text: '家里水龙头一直滴水，想请人帮忙换个阀芯。', place: room('c1-g1-b1', '1单元302'), urgency: 'green' })
  await call('demo-admin-c1', 'accept', { orderId: done.id, colour: 'green', points: 10, hours: 1, slots: 1, deadline: deadline(24) })
  await call('demo-admin-c1', 'publish', { orderId: done.id })
  await call('demo-member-02', 'claim', { orderId: done.id })
  await call('demo-member-02', 'start', { orderId: done.id })
  await call('demo-member-02', 'complete', { orderId: done.id, note: '已更换阀芯，试用正常，不再滴水。', photos: [] })

  // Done by a party member of 区税务局机关党支部 (u1; demo-member-10 reported with the unit) and confirmed:
  // the unit's 党员报到台账 shows the work, the hours and the points.
  const unitWork = await call('demo-resident-2', 'submit', { category: '助老', text: '家里老人想学用智能手机挂号和视频通话，希望有人上门教一教。', place: room('c1-g2-b4', '2单元101'), urgency: 'green' })
  // Once confirmed, the claimer's moves are refused as not theirs any more: a resumed start stops here.
  if ((await call('demo-resident-2', 'get', { orderId: unitWork.id }))?.status !== 'confirmed') {
    await call('demo-admin-c1', 'accept', { orderId: unitWork.id, colour: 'green', points: 20, hours: 2, slots: 1, deadline: deadline(72) })
    await call('demo-admin-c1', 'publish', { orderId: unitWork.id })
    await call('demo-member-10', 'claim', { orderId: unitWork.id })
    await call('demo-member-10', 'start', { orderId: unitWork.id })
    await call('demo-member-10', 'complete', { orderId: unitWork.id, note: '上门教会了老人用手机预约挂号和视频通话，留了操作步骤图。', photos: [] })
    await call('demo-resident-2', 'confirm', { orderId: unitWork.id })
  }

  // The second community.
  await call('demo-resident-c2', 'submit', { category: '政策咨询', text: '想了解一下高龄津贴怎么申请，需要准备哪些材料。', place: room('c2-g1-b2', '1单元201'), urgency: 'green' })
  return 7
}
