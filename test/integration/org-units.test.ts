// 双报到 of a work unit through the real calls: a unit admin registers the unit with a community, the
// community returns it with a reason, the unit fixes and resends, the community approves; the unit
// edits its resources, sees its members' work (orders confirmed, hours); and the races: two admins
// approving at once make one approval.
import { uploadPath } from '../../cloudfunctions/common/files'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { acceptInput, must, orderInput } from '../support/orders'
import { openWish } from '../support/wishes'

jest.setTimeout(60_000)

let env: TestCloud
let unitAdmin: TestUser
let admin: TestUser
let admin2: TestUser
let otherAdmin: TestUser
let street: TestUser
let resident: TestUser
beforeAll(async () => {
  env = await startTestCloud()
  unitAdmin = await env.user({ street: 's1', roles: ['unitAdmin'], unit: 'u1', name: '何文静' })
  admin = await env.user({ community: 'c1', roles: ['communityAdmin'], name: '陈红梅' })
  admin2 = await env.user({ community: 'c1', roles: ['communityAdmin'], name: '张书记' })
  otherAdmin = await env.user({ community: 'c2', roles: ['communityAdmin'], name: '杨书记' })
  street = await env.user({ street: 's1', roles: ['streetAdmin'], name: '郭街道' })
  resident = await env.user({ community: 'c1', name: '王秀兰' })
})
afterAll(() => env.close())

const report = (over: Record<string, unknown> = {}) => ({
  communityId: 'c1',
  contactName: '何文静',
  contactPhone: '13900001111',
  intro: '区税务局机关党支部，党员32名',
  resources: [
    { title: '税务政策讲座', kind: '人员', detail: '每季度一次进社区' },
    { title: '会议室', kind: '场地' },
  ],
  ...over,
})

function world() {
  return ['unit_registrations', 'audit', 'notifications', 'needs', 'projects', 'users'].map((k) => env.findAll(k).sort((a, b) => (a._id < b._id ? -1 : 1)))
}
async function unchangedBy<T>(run: () => Promise<T>): Promise<T> {
  const before = world()
  const out = await run()
  expect(world()).toEqual(before)
  return out
}

describe('a unit registers, is returned, resends and is approved', () => {
  let regId: string
  it('registers: pending, the community admins are told', async () => {
    const r = await must(unitAdmin.call('org', 'unitReport', report()))
    regId = r.id
    expect(r).toMatchObject({ status: 'pending', unitName: '区税务局机关党支部', communityName: '和平社区', actions: ['withdraw', 'edit'] })
    expect(r.resources.map((x: { id: string }) => x.id)).toEqual(['r1', 'r2'])
    expect(env.findAll('notifications', { openid: admin.openid })).toEqual([expect.objectContaining({ title: '新的共建单位报到' })])
    expect(env.findAll('notifications', { openid: otherAdmin.openid })).toEqual([])
    // A retry of the same report answers with it; nothing new is written.
    await unchangedBy(async () => expect(await must(unitAdmin.call('org', 'unitReport', report()))).toMatchObject({ id: regId, status: 'pending' }))
  })

  it('the community sees it in its queue; another community and the unit see nothing of the queue', async () => {
    const page = await must(admin.call('org', 'units', { communityId: 'c1', status: 'pending' }))
    expect(page.items.map((x: { id: string }) => x.id)).toEqual([regId])
    expect(page.items[0].actions).toEqual(['approve', 'return'])
    expect(await otherAdmin.call('org', 'units', { communityId: 'c1' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'OUT_OF_SCOPE' } })
    expect(await unitAdmin.call('org', 'units', { communityId: 'c1' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'ROLE_REQUIRED' } })
    expect(await must(street.call('org', 'units', { communityId: 'c1' }))).toMatchObject({ items: [expect.objectContaining({ id: regId })] })
  })

  it('a return needs a reason; returned with one, the unit reads it and resends', async () => {
    await unchangedBy(async () => expect(await admin.call('org', 'reviewUnit', { registrationId: regId, decision: 'return' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { reason: '请填写原因' } } }))
    const r = await must(admin.call('org', 'reviewUnit', { registrationId: regId, decision: 'return', reason: '请写明讲座的具体时间' }))
    expect(r).toMatchObject({ status: 'returned', returnReason: '请写明讲座的具体时间' })
    expect(env.findAll('audit', { targetId: regId })).toEqual([expect.objectContaining({ by: admin.openid, action: 'unit.return', note: '请写明讲座的具体时间' })])
    expect(env.findAll('notifications', { openid: unitAdmin.openid })).toEqual([expect.objectContaining({ title: '共建单位报到被退回' })])
    const mine = await must(unitAdmin.call('org', 'myUnit', {}))
    expect(mine.registrations[0]).toMatchObject({ id: regId, status: 'returned', returnReason: '请写明讲座的具体时间', actions: ['resend'] })
    const again = await must(unitAdmin.call('org', 'unitReport', report({ resources: [{ id: 'r1', title: '税务政策讲座', kind: '人员', detail: '每季度第一个周五下午' }] })))
    expect(again).toMatchObject({ id: regId, status: 'pending' })
    expect(again.returnReason).toBeUndefined()
    expect(again.resources).toEqual([
      { id: 'r1', title: '税务政策讲座', kind: '人员', detail: '每季度第一个周五下午' },
      { id: 'r2', title: '会议室', kind: '场地', retired: true },
    ])
  })

  it('two admins approve at once: one approval, one audit entry, the other is told it was done', async () => {
    const [a, b] = await Promise.all([admin.call('org', 'reviewUnit', { registrationId: regId, decision: 'approve' }), admin2.call('org', 'reviewUnit', { registrationId: regId, decision: 'approve' })])
    const oks = [a, b].filter((r) => r.ok)
    expect(oks).toHaveLength(1)
    expect([a, b].find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'UNIT_REGISTRATION_TRANSITION_NOT_ALLOWED' } })
    const stored = env.find('unit_registrations', regId)
    expect(stored.status).toBe('approved')
    expect(stored.timeline.filter((t: { action: string }) => t.action === 'approve')).toHaveLength(1)
    expect(env.findAll('audit', { targetId: regId, action: 'unit.approve' })).toHaveLength(1)
    expect(stored.outbox).toEqual([])
    // The one who approved, asking again, is answered ok.
    const winner = a.ok ? admin : admin2
    await unchangedBy(async () => expect(await must(winner.call('org', 'reviewUnit', { registrationId: regId, decision: 'approve' }))).toMatchObject({ status: 'approved' }))
  })

  it('approved: the resources are on the community list; the unit edits them', async () => {
    const res = await must(admin.call('org', 'resources', { communityId: 'c1' }))
    expect(res.items).toEqual([expect.objectContaining({ id: 'r1', title: '税务政策讲座', unitName: '区税务局机关党支部', registrationId: regId })])
    const edited = await must(unitAdmin.call('org', 'updateResources', { registrationId: regId, resources: [{ id: 'r1', title: '税务政策讲座', kind: '人员' }, { title: '志愿者20人', kind: '人员' }] }))
    expect(edited.resources.map((r: { id: string; retired?: boolean }) => [r.id, !!r.retired])).toEqual([
      ['r1', false],
      ['r3', false],
      ['r2', true],
    ])
    expect((await must(admin.call('org', 'resources', { communityId: 'c1' }))).items.map((r: { title: string }) => r.title)).toEqual(['税务政策讲座', '志愿者20人'])
    // Someone else's registration cannot be edited; bad input writes nothing.
    await unchangedBy(async () => {
      expect(await admin.call('org', 'updateResources', { registrationId: regId, resources: [{ title: 'x', kind: '人员' }] })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
      expect(await unitAdmin.call('org', 'updateResources', { registrationId: regId, resources: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { resources: '请至少填写一项资源' } } })
      expect(await unitAdmin.call('org', 'updateResources', { registrationId: regId, resources: [{ id: 'r99', title: '场地', kind: '场地' }] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { 'resources.0.id': '找不到该资源' } } })
      expect(await unitAdmin.call('org', 'unitReport', report({ resources: [{ title: '会议室', kind: '飞机' }] }))).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
      // Already a partner: a second report is refused with what to do instead.
      expect(await unitAdmin.call('org', 'unitReport', report())).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: expect.stringContaining('我们的资源') } })
    })
  })

  it('a unit registers only inside its own street; unknown communities are not found', async () => {
    await unchangedBy(async () => {
      expect(await unitAdmin.call('org', 'unitReport', report({ communityId: 'c3' }))).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
      expect(await unitAdmin.call('org', 'unitReport', report({ communityId: 'nowhere' }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
      expect(await unitAdmin.call('org', 'unitReport', report({ unitId: 'u2' }))).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
      expect(await resident.call('org', 'unitReport', report())).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    })
  })
})

describe("the unit's 报到 ledger: its members, where they reported and what they did", () => {
  let m1: TestUser
  let m2: TestUser
  beforeAll(async () => {
    m1 = await env.user({ community: 'c1', roles: ['member'], unit: 'u1', name: '李党员' })
    m2 = await env.user({ community: 'c2', roles: ['member'], unit: 'u1', name: '赵党员' })
    await env.user({ community: 'c1', roles: ['member'], name: '别的单位的党员' })
    // m1 does an order the resident confirms: one order done, its hours and points in the ledger.
    const o = await must(resident.call('order', 'submit', orderInput()))
    await must(admin.call('order', 'accept', acceptInput(env, o.id, { hours: 2, points: 20 })))
    await must(admin.call('order', 'publish', { orderId: o.id }))
    await must(m1.call('order', 'claim', { orderId: o.id }))
    await must(m1.call('order', 'start', { orderId: o.id }))
    await must(m1.call('order', 'complete', { orderId: o.id, note: '已修好', photos: [] }))
    await must(resident.call('order', 'confirm', { orderId: o.id }))
  })

  it('lists the members of the unit only, with their community and work, paged', async () => {
    const first = await must(unitAdmin.call('org', 'unitMembers', { size: 1 }))
    const second = await must(unitAdmin.call('org', 'unitMembers', { size: 1, cursor: first.nextCursor }))
    const all = [...first.items, ...second.items]
    expect(second.nextCursor).toBeUndefined()
    expect(all).toHaveLength(2)
    expect(all.find((x) => x.id === m1.openid)).toMatchObject({ name: '李党员', communityName: '和平社区', ordersDone: 1, hours: 2, points: 20 })
    expect(all.find((x) => x.id === m2.openid)).toMatchObject({ name: '赵党员', communityName: '幸福社区', ordersDone: 0, hours: 0, points: 0 })
  })

  it("one member's work, newest first; not for members of other units or other people", async () => {
    const work = await must(unitAdmin.call('org', 'memberWork', { memberId: m1.openid }))
    expect(work.items).toEqual([expect.objectContaining({ sourceType: 'order', sourceLabel: '服务单', hours: 2, points: 20 })])
    const stranger = await env.user({ community: 'c1', roles: ['member'], name: '外人' })
    expect(await unitAdmin.call('org', 'memberWork', { memberId: stranger.openid })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await admin.call('org', 'memberWork', { memberId: m1.openid })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await admin.call('org', 'unitMembers', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await unitAdmin.call('org', 'memberWork', { memberId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('微心愿 in the 台账: a member’s own, and the unit’s claimed as a unit', () => {
  let m3: TestUser
  let member: TestUser
  const wishes: Record<string, string> = {}
  const photo = (u: TestUser, name: string) => env.cloud.emulator.storage.put(uploadPath(u.openid, new Date(env.clock.now()), name), Buffer.from('jpeg'), 'image/jpeg')
  const deliver = async (u: TestUser, id: string, claim: Record<string, unknown> = {}) => {
    await must(u.call('wish', 'claim', { wishId: id, ...claim }))
    await must(u.call('wish', 'fulfil', { wishId: id, note: '已送到', photos: [photo(u, `${id}.jpg`)] }))
  }
  beforeAll(async () => {
    m3 = await env.user({ community: 'c1', roles: ['member'], unit: 'u1', name: '钱党员' })
    member = await env.user({ community: 'c1', roles: ['member'], name: '别的党员' })
    // m3 delivers a wish in their own name; the wisher confirms.
    wishes.own = await openWish(env, resident, admin, { title: '想要一个书包' })
    await deliver(m3, wishes.own)
    await must(resident.call('wish', 'confirm', { wishId: wishes.own }))
    // The unit (an approved partner of c1 since the first describe) delivers one, confirmed with thanks…
    wishes.unitDone = await openWish(env, resident, admin, { title: '想要一台台灯' })
    await deliver(unitAdmin, wishes.unitDone, { unitId: 'u1' })
    await must(resident.call('wish', 'confirm', { wishId: wishes.unitDone, thanks: '谢谢税务局的叔叔阿姨' }))
    // …lets one go, which someone else then delivers (in nobody's record but theirs)…
    wishes.letGo = await openWish(env, resident, admin, { title: '想要一副羽毛球拍' })
    await must(unitAdmin.call('wish', 'claim', { wishId: wishes.letGo, unitId: 'u1' }))
    await must(unitAdmin.call('wish', 'cancelClaim', { wishId: wishes.letGo, reason: '单位临时有任务' }))
    await deliver(member, wishes.letGo)
    await must(resident.call('wish', 'confirm', { wishId: wishes.letGo }))
    // …and delivers one more, not confirmed yet.
    env.clock.advance(60_000)
    wishes.unitWaiting = await openWish(env, resident, admin, { title: '想要一个暖水袋' })
    await deliver(unitAdmin, wishes.unitWaiting, { unitId: 'u1' })
  })

  it("the member's row counts the wishes they fulfilled; their work names each line 心愿 or 服务单", async () => {
    const all = (await must(unitAdmin.call('org', 'unitMembers', { size: 50 }))).items as Array<{ id: string; wishesDone: number }>
    expect(all.find((x) => x.id === m3.openid)).toMatchObject({ ordersDone: 0, wishesDone: 1, hours: 1, points: 10 })
    expect(all.filter((x) => x.id !== m3.openid).map((x) => x.wishesDone)).toEqual([0, 0])
    const work = await must(unitAdmin.call('org', 'memberWork', { memberId: m3.openid }))
    expect(work.items).toEqual([expect.objectContaining({ sourceType: 'wish', sourceLabel: '心愿', hours: 1, points: 10, note: '微心愿：想要一个书包' })])
  })

  it("the unit's own wishes: delivered as a unit, newest first, paged on the credit index, never one it let go", async () => {
    const before = env.cloud.emulator.stats()
    const first = await must(unitAdmin.call('org', 'unitWishes', { size: 1 }))
    const second = await must(unitAdmin.call('org', 'unitWishes', { size: 1, cursor: first.nextCursor }))
    const after = env.cloud.emulator.stats()
    expect((after.indexUsed['wishes.credit'] ?? 0) - (before.indexUsed['wishes.credit'] ?? 0)).toBe(2)
    expect(after.collectionScans).toBe(before.collectionScans)
    expect(second.nextCursor).toBeUndefined()
    expect(first.done).toBe(1)
    expect([...first.items, ...second.items]).toEqual([
      expect.objectContaining({ id: wishes.unitWaiting, kind: 'wish', kindLabel: '心愿', title: '想要一个暖水袋', communityName: '和平社区', status: 'fulfilled', statusLabel: '待确认' }),
      expect.objectContaining({ id: wishes.unitDone, kindLabel: '心愿', status: 'confirmed', statusLabel: '已实现', thanks: '谢谢税务局的叔叔阿姨', confirmedAt: expect.any(String) }),
    ])
    // No person in it: not the wisher, not their address or phone.
    expect(JSON.stringify([first, second])).not.toMatch(/王秀兰|1单元|13812345678/)
  })

  it('only for the admins of the unit', async () => {
    const other = await env.user({ street: 's1', roles: ['unitAdmin'], unit: 'u2', name: '别的单位' })
    expect(await admin.call('org', 'unitWishes', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await other.call('org', 'unitWishes', { unitId: 'u1' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect((await must(other.call('org', 'unitWishes', {}))).items).toEqual([])
    expect(await m3.call('org', 'unitWishes', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
  })
})

describe('withdraw and revoke', () => {
  it('the unit withdraws a pending registration; the street ends an approved one; both can be sent again', async () => {
    const r = await must(unitAdmin.call('org', 'unitReport', report({ communityId: 'c2' })))
    const w = await must(unitAdmin.call('org', 'withdrawUnit', { registrationId: r.id, reason: '填错社区' }))
    expect(w).toMatchObject({ status: 'withdrawn', actions: ['resend'] })
    await unchangedBy(async () => expect(await must(unitAdmin.call('org', 'withdrawUnit', { registrationId: r.id }))).toMatchObject({ status: 'withdrawn' }))
    // The community admin of c2 cannot approve a withdrawn one.
    expect(await otherAdmin.call('org', 'reviewUnit', { registrationId: r.id, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } })
    await must(unitAdmin.call('org', 'unitReport', report({ communityId: 'c2' })))
    await must(otherAdmin.call('org', 'reviewUnit', { registrationId: r.id, decision: 'approve' }))
    // The street may end it (not approve it); a community admin of another community may do nothing.
    expect(await admin.call('org', 'reviewUnit', { registrationId: r.id, decision: 'revoke', reason: '不是本社区' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    const v = await must(street.call('org', 'reviewUnit', { registrationId: r.id, decision: 'revoke', reason: '单位调整' }))
    expect(v).toMatchObject({ status: 'revoked' })
    expect(env.findAll('audit', { targetId: r.id, action: 'unit.revoke' })).toEqual([expect.objectContaining({ by: street.openid, role: 'streetAdmin', note: '单位调整' })])
  })
})
