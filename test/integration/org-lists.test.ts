// 三张清单 through the real calls: the community gathers needs (also from a resident's order), the
// partner units' resources come from their registrations, and a project links a need, a resource and
// the unit responsible, 认领 → 实施 → 完成; residents see a public board with no person in it.
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { must, orderInput, requestKey } from '../support/orders'

jest.setTimeout(60_000)

let env: TestCloud
let unitAdmin: TestUser
let unit2Admin: TestUser
let admin: TestUser
let otherAdmin: TestUser
let street: TestUser
let resident: TestUser
let outsider: TestUser
let regId: string
let reg2Id: string
beforeAll(async () => {
  env = await startTestCloud()
  env.cloud.emulator.db.insert('units', [{ _id: 'u2', name: '区图书馆党支部', streetId: 's1', createdAt: new Date(env.clock.now()) }])
  unitAdmin = await env.user({ street: 's1', roles: ['unitAdmin'], unit: 'u1', name: '何文静' })
  unit2Admin = await env.user({ street: 's1', roles: ['unitAdmin'], unit: 'u2', name: '图书馆' })
  admin = await env.user({ community: 'c1', roles: ['communityAdmin'], name: '陈红梅' })
  otherAdmin = await env.user({ community: 'c2', roles: ['communityAdmin'], name: '杨书记' })
  street = await env.user({ street: 's1', roles: ['streetAdmin'], name: '郭街道' })
  resident = await env.user({ community: 'c1', name: '王秀兰', phone: '13811112222' })
  outsider = await env.user({ community: 'c2', name: '孙丽' })
  const base = { contactName: '何文静', contactPhone: '13900001111', resources: [{ title: '法律咨询', kind: '人员' }, { title: '活动室', kind: '场地' }] }
  regId = (await must(unitAdmin.call('org', 'unitReport', { ...base, communityId: 'c1' }))).id
  await must(admin.call('org', 'reviewUnit', { registrationId: regId, decision: 'approve' }))
  // u2 only applied: not a partner yet.
  reg2Id = (await must(unit2Admin.call('org', 'unitReport', { ...base, communityId: 'c1' }))).id
})
afterAll(() => env.close())

const world = () => ['needs', 'projects', 'audit', 'notifications', 'unit_registrations'].map((k) => env.findAll(k).sort((a, b) => (a._id < b._id ? -1 : 1)))
async function unchangedBy<T>(run: () => Promise<T>): Promise<T> {
  const before = world()
  const out = await run()
  expect(world()).toEqual(before)
  return out
}

let needId: string
let projectId: string

it('需求清单: an admin adds a need and turns an order into one (one need per order, whoever does it)', async () => {
  const k = requestKey()
  const n = await must(admin.call('org', 'createNeed', { requestKey: k, communityId: 'c1', title: '老年人法律援助', detail: '独居老人遗嘱、赡养纠纷咨询', category: '法律咨询' }))
  needId = n.id
  expect(n).toMatchObject({ status: 'open', statusLabel: '待对接', source: 'admin', title: '老年人法律援助' })
  await unchangedBy(async () => expect(await must(admin.call('org', 'createNeed', { requestKey: k, communityId: 'c1', title: '老年人法律援助' }))).toMatchObject({ id: needId }))

  const o = await must(resident.call('order', 'submit', orderInput({ category: '维修', text: '小区健身器材生锈松动，老人锻炼不安全' })))
  const fromOrder = await must(admin.call('org', 'createNeed', { requestKey: requestKey(), fromOrderId: o.id }))
  expect(fromOrder).toMatchObject({ source: 'order', orderId: o.id, category: '维修', title: '维修：小区健身器材生锈松动，老人锻炼不安全', detail: '小区健身器材生锈松动，老人锻炼不安全' })
  const admin2 = await env.user({ community: 'c1', roles: ['communityAdmin'] })
  expect(await must(admin2.call('org', 'createNeed', { requestKey: requestKey(), fromOrderId: o.id }))).toMatchObject({ id: fromOrder.id })

  const page = await must(admin.call('org', 'needs', { communityId: 'c1', size: 1 }))
  const rest = await must(admin.call('org', 'needs', { communityId: 'c1', size: 5, cursor: page.nextCursor }))
  expect([...page.items, ...rest.items].map((x) => x.id).sort()).toEqual([needId, fromOrder.id].sort())
  // The partner unit reads the needs (to claim one); a unit that is not a partner, another community, a resident do not.
  expect((await must(unitAdmin.call('org', 'needs', { communityId: 'c1' }))).items).toHaveLength(2)
  for (const [who, communityId] of [[unit2Admin, 'c1'], [otherAdmin, 'c1'], [resident, 'c1'], [street, 'c3']] as const) {
    expect(await who.call('org', 'needs', { communityId })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
  }
})

it('needs are edited and closed by their community only; bad input writes nothing', async () => {
  const n = await must(admin.call('org', 'createNeed', { requestKey: requestKey(), communityId: 'c1', title: '楼道堆物清理' }))
  expect(await must(admin.call('org', 'updateNeed', { needId: n.id, detail: '三号楼楼道', status: 'closed' }))).toMatchObject({ detail: '三号楼楼道', status: 'closed', statusLabel: '已关闭' })
  await unchangedBy(async () => {
    expect(await otherAdmin.call('org', 'updateNeed', { needId: n.id, status: 'open' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await unitAdmin.call('org', 'updateNeed', { needId: n.id, status: 'open' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await admin.call('org', 'updateNeed', { needId: n.id, status: 'done' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await admin.call('org', 'createNeed', { requestKey: requestKey(), communityId: 'c1' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { title: '请填写需求名称' } } })
    expect(await otherAdmin.call('org', 'createNeed', { requestKey: requestKey(), communityId: 'c1', title: '别人的需求' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await admin.call('org', 'createNeed', { requestKey: requestKey(), fromOrderId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    // A closed need cannot be claimed.
    expect(await unitAdmin.call('org', 'createProject', { requestKey: requestKey(), needId: n.id, registrationId: regId, resourceId: 'r1' })).toMatchObject({ ok: false, error: { reason: 'NEED_CLOSED' } })
  })
})

it('项目清单: a partner unit claims a need with its resource; 认领 → 实施 → 完成; repeats answer ok', async () => {
  await unchangedBy(async () => {
    expect(await unit2Admin.call('org', 'createProject', { requestKey: requestKey(), needId, registrationId: reg2Id, resourceId: 'r1' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    // A unit claims with its own resources only.
    expect(await unitAdmin.call('org', 'createProject', { requestKey: requestKey(), needId, registrationId: reg2Id, resourceId: 'r1' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await admin.call('org', 'createProject', { requestKey: requestKey(), needId, registrationId: reg2Id, resourceId: 'r1' })).toMatchObject({ ok: false, error: { reason: 'UNIT_NOT_PARTNER' } })
    expect(await unitAdmin.call('org', 'createProject', { requestKey: requestKey(), needId, registrationId: regId, resourceId: 'r9' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', fields: { resourceId: '找不到该资源' } } })
  })
  const k = requestKey()
  const p = await must(unitAdmin.call('org', 'createProject', { requestKey: k, needId, registrationId: regId, resourceId: 'r1', plan: '每月第一个周六上午，联系人何文静 13900001111' }))
  projectId = p.id
  expect(p).toMatchObject({ status: 'claimed', statusLabel: '已认领', title: '老年人法律援助', resourceTitle: '法律咨询', unitName: '区税务局机关党支部', actions: ['start', 'cancel'] })
  expect(await must(unitAdmin.call('org', 'createProject', { requestKey: k, needId, registrationId: regId, resourceId: 'r1' }))).toMatchObject({ id: projectId })
  expect(env.findAll('notifications', { openid: admin.openid }).map((n) => n.title)).toContain('共建单位认领了需求')

  const started = await must(unitAdmin.call('org', 'moveProject', { projectId, action: 'start' }))
  expect(started).toMatchObject({ status: 'implementing', actions: ['finish'] })
  await unchangedBy(async () => expect(await must(unitAdmin.call('org', 'moveProject', { projectId, action: 'start' }))).toMatchObject({ status: 'implementing' }))
  await unchangedBy(async () => {
    expect(await admin.call('org', 'moveProject', { projectId, action: 'start' })).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '该项目当前“实施中”，不能开始实施' } })
    expect(await unitAdmin.call('org', 'moveProject', { projectId, action: 'cancel' })).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } })
    expect(await unit2Admin.call('org', 'moveProject', { projectId, action: 'finish' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await otherAdmin.call('org', 'moveProject', { projectId, action: 'finish' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await resident.call('org', 'moveProject', { projectId, action: 'finish' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await admin.call('org', 'moveProject', { projectId, action: 'archive' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })
  const done = await must(admin.call('org', 'moveProject', { projectId, action: 'finish', note: '已开展3次' }))
  expect(done).toMatchObject({ status: 'done', statusLabel: '已完成', doneAt: expect.any(String), actions: [] })
  expect(env.findAll('audit', { targetId: projectId }).map((a) => a.action).sort()).toEqual(['project.create', 'project.finish', 'project.start'])
})

it('the community admin assigns a project to a partner unit; it can cancel it; a cancelled one leaves the public board', async () => {
  const n = await must(admin.call('org', 'createNeed', { requestKey: requestKey(), communityId: 'c1', title: '暑期少儿阅读' }))
  const p = await must(admin.call('org', 'createProject', { requestKey: requestKey(), needId: n.id, registrationId: regId, resourceId: 'r2', title: '暑期阅读角' }))
  expect(env.findAll('notifications', { openid: unitAdmin.openid }).map((x) => x.title)).toContain('新的共建项目')
  await must(admin.call('org', 'moveProject', { projectId: p.id, action: 'cancel', note: '场地冲突' }))
  const board = await must(resident.call('org', 'projects', {}))
  expect(board.items.map((x: { id: string }) => x.id)).toEqual([projectId])
})

it('the public board: residents of the community see what, who and how far — no person, no plan', async () => {
  const board = await must(resident.call('org', 'projects', {}))
  expect(board.items).toHaveLength(1)
  const item = board.items[0]
  expect(Object.keys(item).sort()).toEqual(['communityId', 'communityName', 'createdAt', 'doneAt', 'id', 'needTitle', 'resourceTitle', 'status', 'statusLabel', 'title', 'unitName', 'updatedAt'])
  expect(JSON.stringify(board)).not.toMatch(/13900001111|何文静|13811112222/)
  expect(JSON.stringify(board)).not.toContain(unitAdmin.openid)
  // Admins see the whole list, cancelled included, with the plan and the history.
  const full = await must(admin.call('org', 'projects', { communityId: 'c1' }))
  expect(full.items).toHaveLength(2)
  expect(full.items.find((x: { id: string }) => x.id === projectId)).toMatchObject({ plan: expect.stringContaining('每月'), timeline: expect.any(Array) })
  expect((await must(admin.call('org', 'projects', { communityId: 'c1', status: 'cancelled' }))).items).toHaveLength(1)
  // Another community's board is not theirs; the outsider's own board is empty.
  expect(await resident.call('org', 'projects', { communityId: 'c2' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
  expect(await must(outsider.call('org', 'projects', {}))).toEqual({ items: [] })
  expect(await street.call('org', 'projects', { communityId: 'c3' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
})
