// The order's rules beyond the transition table, through the real calls against the local cloud: bad
// input, scope and roles, 党员-only work, 代点单, 我也遇到, a submission retried with its request key, hall
// work following its claims (labels, places withdrawn, each claimer's own claim), 没解决 before confirming,
// withdraw/reopen windows, honest closure codes, 吹哨 to the street and departments, points granted once,
// the content check, paging and the inbox order. Claims live inside their order; a move's notices, audit
// and ledger entries are written with it (the order's outbox) and delivered with ids made from the move.
import { orderApi } from '../../shared/contracts/order'
import { REOPEN_WINDOW_MS } from '../../shared/rules/sla'
import { MSG_SEC_REVIEW_WORDS, MSG_SEC_RISKY_WORDS } from '../../localcloud/emulator/openapi'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { orderIn } from '../support/orderStates'
import { acceptInput, cast, must, orderInput, type Cast } from '../support/orders'

jest.setTimeout(60_000)

let env: TestCloud
let c: Cast
let neighbour: TestUser // lives in c1-g1, like the orderer
let farResident: TestUser // lives in c1-g2
let gridG2: TestUser // grid worker of c1-g2
let street2: TestUser // street admin of s2 (community c3)
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
  neighbour = await env.user({ community: 'c1', grid: 'c1-g1', name: '赵大妈', phone: '13833334444' })
  farResident = await env.user({ community: 'c1', grid: 'c1-g2', name: '钱大爷' })
  gridG2 = await env.user({ community: 'c1', grid: 'c1-g2', roles: ['gridWorker'], name: '吴网格' })
  street2 = await env.user({ street: 's2', roles: ['streetAdmin'], name: '冯街道' })
})
afterAll(() => env.close())

const RISKY = Object.keys(MSG_SEC_RISKY_WORDS)[0]
const REVIEW = Object.keys(MSG_SEC_REVIEW_WORDS)[0]
const CHINESE = /[\u4e00-\u9fff]/

/** Everything the order function writes (claims are inside the orders), to prove a refused call wrote nothing. */
function world() {
  return ['orders', 'ledger', 'audit', 'notifications'].map((k) => env.findAll(k).sort((a, b) => (a._id < b._id ? -1 : 1)))
}
async function unchangedBy<T>(run: () => Promise<T>): Promise<T> {
  const before = world()
  const out = await run()
  expect(world()).toEqual(before)
  return out
}
const ids = (page: { items: Array<{ id: string }> }) => page.items.map((x) => x.id)

describe('bad input: every call answers with Chinese field messages and writes nothing', () => {
  let id: string
  beforeAll(async () => {
    id = await orderIn(env, c, 'done')
  })
  const long = (n: number) => '字'.repeat(n)

  const cases: Array<[string, () => TestUser, () => Record<string, unknown>, Record<string, string>]> = [
    [
      'submit',
      () => c.resident,
      () => ({ category: '', text: '  ', place: { kind: 'room', buildingId: 'c1-g1-b1', room: '' }, urgency: 'purple', photos: ['http://example.com/x.jpg'] }),
      { category: '请填写服务类别', text: '请填写需求描述', 'place.room': '请填写门牌号', urgency: '请从给定的选项中选择', 'photos.0': '图片格式不正确' },
    ],
    ['submit', () => c.grid, () => orderInput({ onBehalfOf: { name: '李奶奶', phone: '123' } }), { 'onBehalfOf.phone': '请输入11位手机号' }],
    [
      'submit',
      () => c.resident,
      () => orderInput({ preferredTime: { from: '2026-11-24T10:00:00+08:00', to: '2026-11-24T09:00:00+08:00' } }),
      { preferredTime: '结束时间不能早于开始时间' },
    ],
    ['submit', () => c.resident, () => ({ ...orderInput(), openid: 'someone-else' }), { _: '不认识的字段：openid' }],
    ['submit', () => c.resident, () => ({ ...orderInput(), requestKey: undefined }), { requestKey: '此项必填' }],
    ['submit', () => c.resident, () => orderInput({ requestKey: 'x' }), { requestKey: '请求编号不正确' }],
    ['categories', () => c.resident, () => ({ communityId: 'c2' }), { _: '不认识的字段：communityId' }],
    ['similar', () => c.resident, () => ({ category: '' }), { category: '此项必填' }],
    ['join', () => neighbour, () => ({}), { orderId: '缺少编号' }],
    ['withdraw', () => c.resident, () => ({ orderId: id, reason: long(201) }), { reason: '说明最多200个字' }],
    ['get', () => c.resident, () => ({ orderId: '' }), { orderId: '缺少编号' }],
    ['listMine', () => c.resident, () => ({ status: 'pending' }), { status: '请从给定的选项中选择' }],
    ['inbox', () => c.admin, () => ({ tab: 'later', size: 0 }), { tab: '请从给定的选项中选择', size: '不能小于1' }],
    [
      'accept',
      () => c.admin,
      () => ({ orderId: id, colour: 'purple', slots: 0, hours: 0.3, points: 101, deadline: '明天' }),
      { colour: '请从给定的选项中选择', slots: '至少需要1人', hours: '时长以半小时为单位', points: '不能大于100', deadline: '时间格式不正确' },
    ],
    ['reject', () => c.admin, () => ({ orderId: id, reason: '' }), { reason: '请填写不予受理的原因' }],
    ['escalate', () => c.admin, () => ({ orderId: id, to: 'department', colour: 'red', reason: '需要部门处理' }), { departmentId: '请选择职能部门' }],
    ['dispatch', () => c.admin, () => ({ orderId: id, assignee: { type: 'person', id: 'x' } }), { 'assignee.type': '请从给定的选项中选择' }],
    ['assignees', () => c.admin, () => ({ orderId: '' }), { orderId: '缺少编号' }],
    ['publish', () => c.admin, () => ({ orderId: id, note: long(201) }), { note: '说明最多200个字' }],
    ['hall', () => c.member, () => ({ size: 51 }), { size: '不能大于50' }],
    ['summary', () => c.admin, () => ({ communityId: 'c1' }), { _: '不认识的字段：communityId' }],
    ['myTasks', () => c.member, () => ({ status: 'later' }), { status: '请从给定的选项中选择' }],
    ['claim', () => c.member2, () => ({ orderId: 'x'.repeat(65) }), { orderId: '编号过长' }],
    ['release', () => c.member, () => ({ orderId: id, by: c.member2.openid }), { _: `不认识的字段：by` }],
    ['start', () => c.member, () => ({}), { orderId: '缺少编号' }],
    ['complete', () => c.member, () => ({ orderId: id, note: '', photos: Array(7).fill('cloud://env/x.jpg') }), { note: '请填写办理情况', photos: '最多上传6张图片' }],
    ['return', () => c.dept, () => ({ orderId: id, reason: '' }), { reason: '请填写退回原因' }],
    ['confirm', () => c.resident, () => ({ orderId: id, note: long(201) }), { note: '说明最多200个字' }],
    ['dispute', () => c.resident, () => ({ orderId: id, reason: '' }), { reason: '请填写没解决的原因' }],
    ['rate', () => c.resident, () => ({ orderId: id, stars: 6, comment: long(201) }), { stars: '请打1到5星', comment: '评价最多200个字' }],
    ['close', () => c.admin, () => ({ orderId: id, code: 'not_ours', note: '属于物业' }), { transferTo: '请写明转给哪个单位' }],
    ['close', () => c.admin, () => ({ orderId: id, code: 'long_term', note: '纳入明年改造' }), { reviewDate: '请选择复查日期' }],
    ['close', () => c.admin, () => ({ orderId: id, code: 'done', note: '' }), { code: '请从给定的选项中选择', note: '请填写办结说明' }],
    ['reopen', () => c.resident, () => ({ orderId: id, reason: '' }), { reason: '请填写没解决的原因' }],
    ['note', () => c.admin, () => ({ orderId: id, text: '' }), { text: '请填写备注' }],
  ]

  it.each(cases)('%s', async (action, who, payload, fields) => {
    const r = await unchangedBy(() => who().call('order', action, payload()))
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', reason: 'BAD_INPUT', message: '填写的内容有误，请检查后再提交' } })
    if (r.ok) return
    expect(r.error.fields).toMatchObject(fields)
    for (const m of Object.values(r.error.fields ?? {})) expect(m).toMatch(CHINESE)
  })

  it('every call of the order function is covered above', () => {
    expect([...new Set(cases.map((x) => x[0]))].sort()).toEqual(Object.keys(orderApi).sort())
  })
})

describe('scope and roles of the admin calls', () => {
  let submitted: string
  let accepted: string
  let toStreet: string
  beforeAll(async () => {
    submitted = await orderIn(env, c, 'submitted')
    accepted = await orderIn(env, c, 'accepted')
    toStreet = await orderIn(env, c, 'escalated to the street before acceptance')
  })

  const OUT = { ok: false, error: { code: 'PERMISSION_DENIED', reason: 'OUT_OF_SCOPE', message: '只能处理本辖区的事项' } }
  const ROLE = { ok: false, error: { code: 'PERMISSION_DENIED', reason: 'ROLE_REQUIRED', message: '您没有进行此操作的权限' } }

  it('an admin of another community is out of scope for every admin call', async () => {
    const o = c.otherAdmin
    const calls: Array<[string, Record<string, unknown>]> = [
      ['accept', acceptInput(env, submitted)],
      ['reject', { orderId: submitted, reason: '不予受理' }],
      ['escalate', { orderId: submitted, to: 'street', colour: 'red', reason: '上报' }],
      ['dispatch', { orderId: accepted, assignee: { type: 'department', id: 'd1' } }],
      ['publish', { orderId: accepted }],
      ['close', { orderId: accepted, code: 'solved', note: '已解决' }],
      ['note', { orderId: accepted, text: '已电话联系', internal: true }],
      ['get', { orderId: accepted }],
      ['inbox', { tab: 'todo', communityId: 'c1' }],
    ]
    for (const [action, payload] of calls) expect([action, await unchangedBy(() => o.call('order', action, payload))]).toMatchObject([action, OUT])
  })

  it('a street admin of another street is out of scope for the street’s calls', async () => {
    const calls: Array<[string, Record<string, unknown>]> = [
      ['dispatch', { orderId: toStreet, assignee: { type: 'department', id: 'd1' } }],
      ['return', { orderId: toStreet, reason: '请社区先处理' }],
      ['close', { orderId: toStreet, code: 'unfounded', note: '经核实不属实' }],
      ['note', { orderId: toStreet, text: '已了解' }],
      ['inbox', { tab: 'todo', communityId: 'c1' }],
    ]
    for (const [action, payload] of calls) expect([action, await unchangedBy(() => street2.call('order', action, payload))]).toMatchObject([action, OUT])
    // …and their own inbox does not list it.
    expect(ids(await must(street2.call('order', 'inbox', { tab: 'all' })))).not.toContain(toStreet)
    expect(ids(await must(c.street.call('order', 'inbox', { tab: 'todo' })))).toContain(toStreet)
  })

  it('people without the role are refused before anything is read', async () => {
    const calls: Array<[TestUser, string, Record<string, unknown>]> = [
      [c.member, 'accept', acceptInput(env, submitted)],
      [c.grid, 'accept', acceptInput(env, submitted)],
      [c.street, 'accept', acceptInput(env, submitted)],
      [c.resident, 'reject', { orderId: submitted, reason: '不予受理' }],
      [c.volunteer, 'escalate', { orderId: submitted, to: 'street', colour: 'red', reason: '上报' }],
      [c.street, 'escalate', { orderId: submitted, to: 'street', colour: 'red', reason: '上报' }],
      [c.dept, 'dispatch', { orderId: accepted, assignee: { type: 'department', id: 'd1' } }],
      [c.member, 'publish', { orderId: accepted }],
      [c.resident, 'close', { orderId: accepted, code: 'solved', note: '已解决' }],
      [c.member, 'close', { orderId: accepted, code: 'solved', note: '已解决' }],
      [c.resident, 'note', { orderId: accepted, text: '我想补充' }],
      [c.resident, 'inbox', { tab: 'todo' }],
      [c.member, 'inbox', { tab: 'todo' }],
      [c.resident, 'hall', {}],
      [c.admin, 'claim', { orderId: accepted }],
      [c.resident, 'return', { orderId: toStreet, reason: '退回' }],
    ]
    for (const [who, action, payload] of calls) expect([action, await unchangedBy(() => who.call('order', action, payload))]).toMatchObject([action, ROLE])
  })

  it('a grid worker of another grid cannot note or co-sign', async () => {
    const done = await orderIn(env, c, 'done')
    expect(await unchangedBy(() => gridG2.call('order', 'note', { orderId: done, text: '路过看了一下' }))).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await unchangedBy(() => gridG2.call('order', 'confirm', { orderId: done }))).toMatchObject({ ok: false, error: { code: expect.stringMatching(/PERMISSION_DENIED|NOT_FOUND/) } })
  })
})

describe('党员-only work', () => {
  it('is hidden from volunteers in the hall and refused when they claim it; members see and claim it', async () => {
    const only = await orderIn(env, c, 'published') // the builders accept with membersOnly: true
    const open = await orderIn(env, c, 'accepted')
    await must(c.admin.call('order', 'close', { orderId: open, code: 'unfounded', note: '核实后不属实' }))
    const anyone = await must(c.resident.call('order', 'submit', orderInput({ text: '帮忙搬一下旧家具' })))
    await must(c.admin.call('order', 'accept', acceptInput(env, anyone.id, { membersOnly: false })))
    await must(c.admin.call('order', 'publish', { orderId: anyone.id }))

    const walk = async (u: TestUser) => {
      const out: string[] = []
      let cursor: string | undefined
      do {
        const p = await must(u.call('order', 'hall', { size: 50, ...(cursor ? { cursor } : {}) }))
        out.push(...ids(p))
        cursor = p.nextCursor
      } while (cursor)
      return out
    }
    const volunteerHall = await walk(c.volunteer)
    expect(volunteerHall).not.toContain(only)
    expect(volunteerHall).toContain(anyone.id)
    const memberHall = await walk(c.member2)
    expect(memberHall).toEqual(expect.arrayContaining([only, anyone.id]))

    const refused = await unchangedBy(() => c.volunteer.call('order', 'claim', { orderId: only }))
    expect(refused).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'ORDER_MEMBERS_ONLY', message: '该任务仅限党员领取' } })
    expect(await c.volunteer.call('order', 'get', { orderId: only })).toMatchObject({ ok: false, error: { reason: 'ORDER_NOT_FOUND' } })
    expect(await c.volunteer.call('order', 'claim', { orderId: anyone.id })).toMatchObject({ ok: true, data: { status: 'published', statusLabel: '已领单', myClaim: 'claimed' } })
    expect(env.find('orders', anyone.id).claims).toEqual([expect.objectContaining({ openid: c.volunteer.openid, as: 'volunteer', status: 'claimed' })])
    expect(await c.member2.call('order', 'claim', { orderId: only })).toMatchObject({ ok: true, data: { status: 'published', statusLabel: '还差1人', membersOnly: true } })
    expect(env.find('orders', only).claims).toEqual([expect.objectContaining({ openid: c.member2.openid, as: 'member', status: 'claimed' })])
  })
})

describe('网格员代点单', () => {
  it('orders for an elder in the worker’s own grid, is audited, and shows the elder as the orderer', async () => {
    const r = await must(c.grid.call('order', 'submit', orderInput({ place: { kind: 'room', buildingId: 'c1-g1-b2', room: '3单元101' }, onBehalfOf: { name: '李奶奶', phone: '13900001111' } })))
    expect(r).toMatchObject({ onBehalf: true, orderer: { name: '李奶奶', phone: '13900001111' }, gridName: '第1网格', room: '3单元101' })
    const stored = env.find('orders', r.id)
    expect(stored).toMatchObject({ ordererName: '李奶奶', ordererPhone: '13900001111', gridId: 'c1-g1', communityId: 'c1', onBehalf: { by: c.grid.openid, byName: '刘网格' } })
    expect(stored.timeline[0]).toMatchObject({ role: 'gridWorker', action: 'submit', by: c.grid.openid })
    // Acting for someone else is kept in the audit trail.
    expect(env.findAll('audit', { targetId: r.id })).toEqual([expect.objectContaining({ by: c.grid.openid, role: 'gridWorker', action: 'submit', targetType: 'order', communityId: 'c1' })])
    // The admin's inbox shows who it is for.
    const card = (await must(c.admin.call('order', 'inbox', { tab: 'todo', size: 50 }))).items.find((x: { id: string }) => x.id === r.id)
    expect(card.orderer).toMatchObject({ name: '李奶奶', phone: '13900001111' })
  })

  it('only inside the worker’s own grid, and only for grid workers', async () => {
    const other = await unchangedBy(() => c.grid.call('order', 'submit', orderInput({ place: { kind: 'room', buildingId: 'c1-g2-b1', room: '1单元101' }, onBehalfOf: { name: '李奶奶' } })))
    expect(other).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'OUT_OF_SCOPE' } })
    const plain = await unchangedBy(() => c.resident.call('order', 'submit', orderInput({ onBehalfOf: { name: '李奶奶' } })))
    expect(plain).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'ROLE_REQUIRED' } })
  })

  it('a grid worker who lives elsewhere still orders for the grid they serve', async () => {
    const id = 'gw-lives-elsewhere'
    const at = new Date(env.clock.now())
    env.cloud.emulator.db.insert('users', [
      {
        _id: id,
        nickname: '何网格',
        realName: '何网格',
        phone: '13700007777',
        communityId: 'c2',
        streetId: 's1',
        gridId: 'c2-g1',
        buildingId: 'c2-g1-b1',
        room: '2单元202',
        grants: [{ role: 'gridWorker', communityId: 'c1', gridId: 'c1-g2', streetId: 's1' }],
        skills: [],
        largeText: false,
        createdAt: at,
        updatedAt: at,
      },
    ])
    const r = await env.as(id).call('order', 'submit', orderInput({ place: { kind: 'room', buildingId: 'c1-g2-b2', room: '5单元501' }, onBehalfOf: { name: '孙爷爷' } }))
    expect(r).toMatchObject({ ok: true, data: { onBehalf: true, gridName: '第2网格', communityName: '和平社区' } })
    if (r.ok) expect(env.find('orders', r.data.id)).toMatchObject({ communityId: 'c1', streetId: 's1', gridId: 'c1-g2' })
  })

  it('the grid worker co-signs the confirmation for a resident who has no phone (代点单), and the points are granted', async () => {
    // Another grid worker of the grid placed the order for the elder: this one confirms for her.
    const placer = await env.user({ community: 'c1', grid: 'c1-g1', roles: ['gridWorker'], name: '吴楼栋长' })
    const o = await must(placer.call('order', 'submit', orderInput({ onBehalfOf: { name: '孙奶奶' } })))
    const id = o.id as string
    await must(c.admin.call('order', 'accept', acceptInput(env, id, { points: 20, hours: 2 })))
    await must(c.admin.call('order', 'publish', { orderId: id }))
    await must(c.member.call('order', 'claim', { orderId: id }))
    await must(c.member.call('order', 'start', { orderId: id }))
    await must(c.member.call('order', 'complete', { orderId: id, note: '已修好', photos: [] }))
    expect((await must(c.grid.call('order', 'get', { orderId: id }))).allowed).toContain('confirm')
    const r = await must(c.grid.call('order', 'confirm', { orderId: id, note: '已上门核实' }))
    expect(r.status).toBe('confirmed')
    const stored = env.find('orders', id)
    expect(stored.timeline[stored.timeline.length - 1]).toMatchObject({ action: 'confirm', role: 'gridWorker', by: c.grid.openid })
    expect(env.find('ledger', `order:${id}:${c.member.openid}`)).toMatchObject({ points: 20, hours: 2, official: true })
    expect(stored.claims.map((x: { status: string }) => x.status)).toEqual(['paid'])
    // The grid worker's retry is the same confirmation; the placer cannot confirm a second time behind them.
    expect(await unchangedBy(() => c.grid.call('order', 'confirm', { orderId: id, note: '已上门核实' }))).toMatchObject({ ok: true, data: { status: 'confirmed' } })
    expect(await unchangedBy(() => placer.call('order', 'confirm', { orderId: id }))).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } })
  })

  it('a resident who can confirm herself does: the grid worker is not offered 代确认, and the call writes nothing', async () => {
    const id = await orderIn(env, c, 'done')
    expect((await must(c.grid.call('order', 'get', { orderId: id }))).allowed).not.toContain('confirm')
    expect(await unchangedBy(() => c.grid.call('order', 'confirm', { orderId: id, note: '已上门核实' }))).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED', reason: 'ORDER_RESIDENT_CONFIRMS' },
    })
    expect((await must(c.resident.call('order', 'get', { orderId: id }))).allowed).toContain('confirm')
  })
})

describe('我也遇到: similar and join', () => {
  it('offers the open order of the same grid and category, and joining raises it instead of a duplicate', async () => {
    const o = await must(c.resident.call('order', 'submit', orderInput({ category: '环境卫生', text: '垃圾桶满了没人清' })))
    const offered = await must(neighbour.call('order', 'similar', { category: '环境卫生' }))
    expect(offered.map((x: { id: string }) => x.id)).toContain(o.id)
    expect(await must(farResident.call('order', 'similar', { category: '环境卫生' }))).not.toContainEqual(expect.objectContaining({ id: o.id }))
    expect(await must(c.resident.call('order', 'similar', { category: '环境卫生' }))).not.toContainEqual(expect.objectContaining({ id: o.id }))

    const orders = env.findAll('orders').length
    const joined = await must(neighbour.call('order', 'join', { orderId: o.id }))
    expect(joined).toMatchObject({ id: o.id, alsoAffected: 1 })
    expect(env.findAll('orders')).toHaveLength(orders)
    // One more person affected: counted in the inbox's ranking (see 'the to-do inbox' below).
    expect(env.find('orders', o.id)).toMatchObject({ alsoAffected: [neighbour.openid], people: [c.resident.openid, neighbour.openid] })
    expect(env.find('orders', o.id).timeline.at(-1)).toMatchObject({ action: 'join', by: neighbour.openid, publicNote: '又一位居民反映了同样的问题' })

    // Joining twice is joining once: ok, and nothing written.
    const again = await unchangedBy(() => neighbour.call('order', 'join', { orderId: o.id }))
    expect(again).toMatchObject({ ok: true, data: { id: o.id, alsoAffected: 1 } })
    expect(await unchangedBy(() => c.resident.call('order', 'join', { orderId: o.id }))).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_EXISTS', reason: 'ORDER_ALREADY_JOINED', message: '您已经反映过这个问题了' },
    })
    expect(await unchangedBy(() => farResident.call('order', 'join', { orderId: o.id }))).toMatchObject({ ok: false, error: { reason: 'ORDER_NOT_FOUND' } })
  })

  it('a double tap on 我也遇到 counts once', async () => {
    const o = await must(c.resident.call('order', 'submit', orderInput({ category: '环境卫生', text: '楼下积水' })))
    const taps = await Promise.all(Array.from({ length: 10 }, () => neighbour.call('order', 'join', { orderId: o.id })))
    expect(taps.map((r) => r.ok && r.data.alsoAffected)).toEqual(Array(10).fill(1))
    const stored = env.find('orders', o.id)
    expect(stored.alsoAffected).toEqual([neighbour.openid])
    expect(stored.timeline.filter((t: { action: string }) => t.action === 'join')).toHaveLength(1)
  })

  it('closed orders are not offered and cannot be joined', async () => {
    const id = await orderIn(env, c, 'closed')
    const cat = env.find('orders', id).category
    expect((await must(neighbour.call('order', 'similar', { category: cat }))).map((x: { id: string }) => x.id)).not.toContain(id)
    expect(await unchangedBy(() => neighbour.call('order', 'join', { orderId: id }))).toMatchObject({ ok: false, error: { reason: 'ORDER_NOT_FOUND' } })
  })
})

describe('a submission retried with its request key', () => {
  it('gives the first order back, however often and however concurrently; another person’s same key is their own order', async () => {
    const input = orderInput({ text: '电梯按钮失灵' })
    const first = await must(c.resident.call('order', 'submit', input))
    const count = env.findAll('orders').length
    const retried = await unchangedBy(() => c.resident.call('order', 'submit', input))
    expect(retried).toMatchObject({ ok: true, data: { id: first.id, no: first.no, status: 'submitted' } })
    const racing = await Promise.all(Array.from({ length: 5 }, () => c.resident.call('order', 'submit', input)))
    expect(racing.map((r) => r.ok && r.data.id)).toEqual(Array(5).fill(first.id))
    expect(env.findAll('orders')).toHaveLength(count)
    // The admins were told once.
    expect(env.findAll('notifications', { _id: new RegExp(`^order:${first.id}:submitted:`) }).map((n) => n.openid)).toEqual([c.admin.openid])
    const theirs = await must(neighbour.call('order', 'submit', input))
    expect(theirs.id).not.toBe(first.id)
    expect(env.find('orders', theirs.id)).toMatchObject({ ordererId: neighbour.openid, requestKey: input.requestKey })
  })
})

describe('hall work: the order follows its claims', () => {
  it('stays in the hall while places are taken and work starts; each claimer moves on their own claim; done when all are in', async () => {
    const member3 = await env.user({ community: 'c1', roles: ['member'], name: '钱党员' })
    const o = await must(c.resident.call('order', 'submit', orderInput({ text: '帮忙搬运社区图书' })))
    await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { slots: 3, membersOnly: false, points: 5, hours: 1 })))
    expect(await must(c.admin.call('order', 'publish', { orderId: o.id }))).toMatchObject({ status: 'published', statusLabel: '待领单' })
    expect(await must(c.member.call('order', 'claim', { orderId: o.id }))).toMatchObject({ status: 'published', statusLabel: '还差2人', taken: 1 })

    // A double-tapped claim is taken once, and each tap answers ok.
    const taps = await Promise.all(Array.from({ length: 5 }, () => c.member2.call('order', 'claim', { orderId: o.id })))
    expect(taps.map((r) => r.ok && r.data.myClaim)).toEqual(Array(5).fill('claimed'))
    expect(env.find('orders', o.id)).toMatchObject({ taken: 2, slotsFree: 1, claimerIds: [c.member.openid, c.member2.openid] })
    expect(env.find('orders', o.id).claims).toHaveLength(2)
    expect(env.find('orders', o.id).timeline.filter((t: { action: string }) => t.action === 'claim')).toHaveLength(2)
    expect(env.findAll('notifications', { openid: c.resident.openid, _id: new RegExp(`^order:${o.id}:claim:`) })).toHaveLength(2)

    expect(await must(c.volunteer.call('order', 'claim', { orderId: o.id }))).toMatchObject({ status: 'published', statusLabel: '已领单', taken: 3 })
    // Full: the hall no longer offers it, and a fourth claim is refused without a trace.
    expect(ids(await must(member3.call('order', 'hall', { size: 50 })))).not.toContain(o.id)
    expect(await unchangedBy(() => member3.call('order', 'claim', { orderId: o.id }))).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'ORDER_FULL' } })

    expect(await must(c.member.call('order', 'start', { orderId: o.id }))).toMatchObject({ status: 'published', statusLabel: '办理中', myClaim: 'started' })
    // Each claimer's own claim decides their moves: no letting go after starting, no report before it.
    expect(await unchangedBy(() => c.member.call('order', 'release', { orderId: o.id }))).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', reason: 'ORDER_TRANSITION_NOT_ALLOWED', message: '已经开始办理，不能放弃领单' },
    })
    expect(await unchangedBy(() => c.member2.call('order', 'complete', { orderId: o.id, note: '搬完了', photos: [] }))).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', reason: 'ORDER_TRANSITION_NOT_ALLOWED', message: '请先开始办理' },
    })
    expect(await must(c.member.call('order', 'get', { orderId: o.id }))).toMatchObject({ allowed: ['complete'] })
    expect(await must(c.member2.call('order', 'get', { orderId: o.id }))).toMatchObject({ allowed: ['release', 'start'] })

    // The volunteer lets go: the place is in the hall again.
    expect(await must(c.volunteer.call('order', 'release', { orderId: o.id, reason: '临时有事' }))).toMatchObject({ status: 'published', myClaim: undefined, taken: 2 })
    expect(ids(await must(member3.call('order', 'hall', { size: 50 })))).toContain(o.id)

    expect(await must(c.member.call('order', 'complete', { orderId: o.id, note: '搬了一半', photos: [] }))).toMatchObject({ status: 'published', myClaim: 'submitted' })
    await must(c.member2.call('order', 'start', { orderId: o.id }))
    expect(env.findAll('notifications', { _id: new RegExp(`^order:${o.id}:done:`) })).toEqual([])
    // The last claimer in while a place is free: the place nobody took is withdrawn, and the work is done.
    expect(await must(c.member2.call('order', 'complete', { orderId: o.id, note: '全部搬完', photos: [] }))).toMatchObject({ status: 'done', statusLabel: '待确认', slots: 2, taken: 2 })
    const stored = env.find('orders', o.id)
    expect(stored).toMatchObject({ status: 'done', slots: 2, slotsFree: 0, outbox: [] })
    expect(stored.timeline.at(-1)).toMatchObject({ action: 'complete', by: c.member2.openid, from: 'published', to: 'done', publicNote: '已办理完毕，未领满的名额不再招募' })
    expect(env.findAll('notifications', { _id: new RegExp(`^order:${o.id}:done:`) }).map((n) => n.openid)).toEqual([c.resident.openid])
    expect(ids(await must(member3.call('order', 'hall', { size: 50 })))).not.toContain(o.id)
    expect(await member3.call('order', 'get', { orderId: o.id })).toMatchObject({ ok: false, error: { reason: 'ORDER_NOT_FOUND' } })

    await must(c.resident.call('order', 'confirm', { orderId: o.id }))
    expect(env.findAll('ledger', { sourceId: o.id }).map((x) => x._id).sort()).toEqual([`order:${o.id}:${c.member.openid}`, `order:${o.id}:${c.member2.openid}`].sort())
  })
})

describe('没解决 before confirming (dispute)', () => {
  it('sends hall work back to its claimers, who report again; the confirmation pays once', async () => {
    const id = await orderIn(env, c, 'done')
    const back = await must(c.grid.call('order', 'dispute', { orderId: id, reason: '灯还是不亮' }))
    expect(back).toMatchObject({ status: 'published', statusLabel: '办理中' })
    const stored = env.find('orders', id)
    expect(stored.claims).toEqual([expect.objectContaining({ openid: c.member.openid, status: 'started' })])
    expect(stored.timeline.at(-1)).toMatchObject({ action: 'dispute', by: c.grid.openid, role: 'gridWorker', from: 'done', to: 'published', note: '灯还是不亮' })
    expect(env.findAll('notifications', { _id: new RegExp(`^order:${id}:dispute:v\\d+:${c.member.openid}$`) })).toHaveLength(1)
    expect(env.findAll('notifications', { openid: c.admin.openid, _id: new RegExp(`^order:${id}:dispute-admin:`) })).toHaveLength(1)
    // Nothing is paid for work the resident says is not done.
    expect(await unchangedBy(() => c.resident.call('order', 'confirm', { orderId: id }))).toMatchObject({ ok: false, error: { reason: 'ORDER_TRANSITION_NOT_ALLOWED' } })
    expect(await must(c.member.call('order', 'complete', { orderId: id, note: '换了整套灯具', photos: [] }))).toMatchObject({ status: 'done' })
    await must(c.resident.call('order', 'confirm', { orderId: id }))
    expect(env.findAll('ledger', { sourceId: id }).map((x) => x._id)).toEqual([`order:${id}:${c.member.openid}`])
  })

  it('sends a department’s work back to the department; only the orderer and the grid worker may say so', async () => {
    const id = await orderIn(env, c, 'done by a department')
    for (const who of [c.admin, c.dept, c.member, neighbour]) expect(await unchangedBy(() => who.call('order', 'dispute', { orderId: id, reason: '没有解决' }))).toMatchObject({ ok: false })
    expect(await must(c.resident.call('order', 'dispute', { orderId: id, reason: '路面还是坏的' }))).toMatchObject({ status: 'in_progress' })
    expect(env.findAll('notifications', { openid: c.dept.openid, _id: new RegExp(`^order:${id}:dispute:`) })).toHaveLength(1)
    expect(await must(c.dept.call('order', 'complete', { orderId: id, note: '已重新铺设', photos: [] }))).toMatchObject({ status: 'done' })
  })
})

describe('withdraw and reopen windows', () => {
  it('withdraw: before acceptance only, and only by the orderer', async () => {
    const early = await orderIn(env, c, 'submitted')
    expect(await unchangedBy(() => neighbour.call('order', 'withdraw', { orderId: early }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reason: 'ORDER_NOT_FOUND' } })
    expect(await must(c.resident.call('order', 'withdraw', { orderId: early, reason: '邻居帮忙修好了' }))).toMatchObject({ status: 'withdrawn' })
    expect(ids(await must(c.admin.call('order', 'inbox', { tab: 'todo', size: 50 })))).not.toContain(early)

    const late = await orderIn(env, c, 'accepted')
    const r = await unchangedBy(() => c.resident.call('order', 'withdraw', { orderId: late }))
    expect(r).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'ORDER_TRANSITION_NOT_ALLOWED' } })
    if (!r.ok) expect(r.error.message).toContain('已受理')
  })

  it('reopen: within 7 days of closing, not after', async () => {
    const inTime = await orderIn(env, c, 'closed')
    const tooLate = await orderIn(env, c, 'closed')
    env.clock.advance(REOPEN_WINDOW_MS - 60_000)
    expect(await must(c.resident.call('order', 'reopen', { orderId: inTime, reason: '灯又坏了' }))).toMatchObject({ status: 'reopened' })
    expect(env.find('orders', inTime)).toMatchObject({ status: 'reopened', priority: 1 })
    env.clock.advance(2 * 60_000)
    const r = await unchangedBy(() => c.resident.call('order', 'reopen', { orderId: tooLate, reason: '灯又坏了' }))
    expect(r).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'ORDER_REOPEN_WINDOW_PASSED', message: '办结已超过7天，无法重新打开，请重新点单' } })
  })

  it('a reopened order starts afresh: the previous claimer no longer acts on it', async () => {
    const id = await orderIn(env, c, 'reopened')
    expect(env.find('orders', id).claimerIds).toEqual([])
    await must(c.admin.call('order', 'dispatch', { orderId: id, assignee: { type: 'department', id: 'd1' } }))
    await must(c.dept.call('order', 'start', { orderId: id }))
    // The department is doing it now; the member who did it the first time cannot report it done.
    expect(await unchangedBy(() => c.member.call('order', 'complete', { orderId: id, note: '已处理', photos: [] }))).toMatchObject({ ok: false })
    expect(await must(c.dept.call('order', 'complete', { orderId: id, note: '已重新维修', photos: [] }))).toMatchObject({ status: 'done' })
  })
})

describe('honest closure codes', () => {
  it('非本辖区 names where it went, 纳入长期计划 a review date; both are kept and shown', async () => {
    const a = await orderIn(env, c, 'accepted')
    const notOurs = await must(c.admin.call('order', 'close', { orderId: a, code: 'not_ours', note: '属于物业公司职责', transferTo: '阳光物业' }))
    expect(notOurs).toMatchObject({ status: 'closed', closure: { code: 'not_ours', label: '非本辖区', transferTo: '阳光物业', note: '属于物业公司职责' } })
    expect(env.find('orders', a).closure).toMatchObject({ code: 'not_ours', transferTo: '阳光物业', by: c.admin.openid })

    const b = await orderIn(env, c, 'accepted')
    const reviewDate = '2027-03-01T09:00:00+08:00'
    const longTerm = await must(c.admin.call('order', 'close', { orderId: b, code: 'long_term', note: '纳入老旧小区改造', reviewDate }))
    expect(longTerm).toMatchObject({ status: 'closed', closure: { code: 'long_term', label: '纳入长期计划', reviewDate } })
    expect(env.findAll('audit', { targetId: b, action: 'close' })).toEqual([expect.objectContaining({ by: c.admin.openid, note: '纳入老旧小区改造' })])

    for (const [code, label] of [['solved', '已解决'], ['partly', '部分解决'], ['unfounded', '不属实']] as const) {
      const id = await orderIn(env, c, 'accepted')
      expect(await must(c.admin.call('order', 'close', { orderId: id, code, note: '说明' }))).toMatchObject({ closure: { code, label } })
    }
  })
})

describe('吹哨: escalate to the street or a department', () => {
  it('street: the street admins are told, dispatch to a department, which starts, completes; the resident confirms', async () => {
    const id = await orderIn(env, c, 'submitted')
    const up = await must(c.admin.call('order', 'escalate', { orderId: id, to: 'street', colour: 'red', reason: '涉及多个社区' }))
    expect(up).toMatchObject({ status: 'escalated', colour: 'red' })
    expect(env.findAll('notifications', { openid: c.street.openid, _id: new RegExp(`^order:${id}:escalate`) })).toHaveLength(1)
    expect(ids(await must(c.street.call('order', 'inbox', { tab: 'todo', size: 50 })))).toContain(id)
    expect(env.findAll('audit', { targetId: id, action: 'escalate' })).toEqual([
      expect.objectContaining({ _id: expect.stringMatching(new RegExp(`^order:${id}:escalate:v\\d+$`)), by: c.admin.openid, role: 'communityAdmin' }),
    ])
    // Called up, the order is the street's to see in full.
    expect(await must(c.street.call('order', 'get', { orderId: id }))).toMatchObject({ entitled: true, orderer: { name: '王秀兰' } })

    const sent = await must(c.street.call('order', 'dispatch', { orderId: id, assignee: { type: 'department', id: 'd1' }, note: '请城管处理' }))
    expect(sent).toMatchObject({ status: 'dispatched', assignee: { type: 'department', name: '区城市管理局' } })
    expect(env.findAll('notifications', { openid: c.dept.openid, _id: new RegExp(`^order:${id}:dispatch`) })).toHaveLength(1)
    expect(ids(await must(c.dept.call('order', 'myTasks', { size: 50 })))).toContain(id)

    expect(await must(c.dept.call('order', 'start', { orderId: id }))).toMatchObject({ status: 'in_progress' })
    expect(await must(c.dept.call('order', 'complete', { orderId: id, note: '已清理占道', photos: [] }))).toMatchObject({ status: 'done' })
    expect(await must(c.resident.call('order', 'confirm', { orderId: id }))).toMatchObject({ status: 'confirmed' })
    // A department's work earns nobody personal points.
    expect(env.findAll('ledger', { sourceId: id })).toEqual([])
  })

  it('department: starts straight from the escalation, or hands it back to the community', async () => {
    const a = await orderIn(env, c, 'escalated to a department')
    expect(env.findAll('notifications', { openid: c.dept.openid, _id: new RegExp(`^order:${a}:escalate`) })).toHaveLength(1)
    expect(await must(c.dept.call('order', 'start', { orderId: a }))).toMatchObject({ status: 'in_progress' })

    const b = await orderIn(env, c, 'escalated to a department')
    const back = await must(c.dept.call('order', 'return', { orderId: b, reason: '不属于城管职责' }))
    expect(back).toMatchObject({ status: 'accepted' })
    expect(back.assignee).toBeUndefined()
    expect(env.findAll('notifications', { openid: c.admin.openid, _id: new RegExp(`^order:${b}:return`) })).toHaveLength(1)

    const d = await orderIn(env, c, 'dispatched to a department')
    expect(await must(c.dept.call('order', 'return', { orderId: d, reason: '请社区自行处理' }))).toMatchObject({ status: 'accepted' })
    // The street hands back what was never accepted: it goes back to 待受理.
    const s = await orderIn(env, c, 'escalated to the street before acceptance')
    expect(await must(c.street.call('order', 'return', { orderId: s, reason: '请社区先受理' }))).toMatchObject({ status: 'submitted' })
  })

  it('a member dispatched holds the place through a claim; handing it back frees the place and the claim', async () => {
    const id = await orderIn(env, c, 'dispatched to a member')
    expect(env.find('orders', id)).toMatchObject({
      status: 'dispatched',
      slots: 1,
      taken: 1,
      claimerIds: [c.member.openid],
      claims: [expect.objectContaining({ openid: c.member.openid, as: 'member', status: 'claimed', viaDispatch: true, name: '李党员' })],
    })
    expect(env.findAll('notifications', { openid: c.member.openid, _id: new RegExp(`^order:${id}:dispatch:v\\d+:${c.member.openid}$`) })).toHaveLength(1)
    // Dispatched work is not let go like a claim from the hall: it is handed back to the community.
    const letGo = await unchangedBy(() => c.member.call('order', 'release', { orderId: id, reason: '不想做了' }))
    expect(letGo).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'ORDER_TRANSITION_NOT_ALLOWED', message: '派给您的任务请用“退回社区”' } })
    expect(await must(c.member.call('order', 'return', { orderId: id, reason: '这周出差' }))).toMatchObject({ status: 'accepted', claimers: [] })
    expect(env.find('orders', id)).toMatchObject({ claimerIds: [], taken: 0, claims: [expect.objectContaining({ openid: c.member.openid, status: 'released', reason: '这周出差' })] })
    expect(env.find('orders', id).assignee).toBeUndefined()
  })

  it('a member dispatched starts and reports the work: dispatched → in_progress → done, and is paid on confirmation', async () => {
    // A pair of their own: the cast's resident and member are paid elsewhere in this file the same day
    // (the earning limits would cut the points: test/integration/points-orders.test.ts).
    const pair = { ...c, resident: await env.user({ community: 'c1', grid: 'c1-g1' }), member: await env.user({ community: 'c1', roles: ['member'] }) }
    const id = await orderIn(env, pair, 'dispatched to a member')
    expect(await must(pair.member.call('order', 'start', { orderId: id }))).toMatchObject({ status: 'in_progress', statusLabel: '办理中', myClaim: 'started' })
    expect(await must(pair.member.call('order', 'complete', { orderId: id, note: '已修好', photos: [] }))).toMatchObject({ status: 'done', myClaim: 'submitted' })
    await must(pair.resident.call('order', 'confirm', { orderId: id }))
    expect(env.findAll('ledger', { sourceId: id })).toEqual([expect.objectContaining({ _id: `order:${id}:${pair.member.openid}`, openid: pair.member.openid, points: 20, hours: 2 })])
  })

  it('only to a department of the order’s street, and only to members of the community', async () => {
    const id = await orderIn(env, c, 'accepted')
    env.cloud.emulator.db.insert('departments', [{ _id: 'd-s2', name: '外区住建局', streetId: 's2', createdAt: new Date(env.clock.now()) }])
    for (const payload of [
      { orderId: id, to: 'department', departmentId: 'd-s2', colour: 'red', reason: '需要住建' },
      { orderId: id, to: 'department', departmentId: 'nope', colour: 'red', reason: '需要住建' },
    ]) {
      expect(await unchangedBy(() => c.admin.call('order', 'escalate', payload))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reason: 'ASSIGNEE_NOT_FOUND' } })
    }
    const stranger = await env.user({ community: 'c2', roles: ['member'] })
    for (const assignee of [{ type: 'member', id: stranger.openid }, { type: 'member', id: c.volunteer.openid }, { type: 'department', id: 'd-s2' }]) {
      expect(await unchangedBy(() => c.admin.call('order', 'dispatch', { orderId: id, assignee }))).toMatchObject({ ok: false, error: { reason: 'ASSIGNEE_NOT_FOUND' } })
    }
  })
})

describe('points and hours: granted once per claimer on confirm', () => {
  it('20 confirms racing (the grid worker who placed it for an elder, and another who co-signs): one succeeds, one ledger entry per claimer', async () => {
    // Members of their own, paid nowhere else today: the points are the order's in full
    // (the earning limits per pair and per day: test/integration/points-orders.test.ts).
    const placer = await env.user({ community: 'c1', grid: 'c1-g1', roles: ['gridWorker'], name: '郑楼栋长' })
    const members = [await env.user({ community: 'c1', roles: ['member'] }), await env.user({ community: 'c1', roles: ['member'] })]
    const o = await must(placer.call('order', 'submit', orderInput({ onBehalfOf: { name: '钱爷爷' } })))
    await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { slots: 2, points: 15, hours: 2.5 })))
    await must(c.admin.call('order', 'publish', { orderId: o.id }))
    for (const m of members) await must(m.call('order', 'claim', { orderId: o.id }))
    for (const m of members) await must(m.call('order', 'start', { orderId: o.id }))
    // The first report leaves the order in the hall: the other claimer is still at it.
    expect(await must(members[0].call('order', 'complete', { orderId: o.id, note: '两人一起修好了', photos: [] }))).toMatchObject({ status: 'published', statusLabel: '办理中' })
    expect(await must(members[1].call('order', 'complete', { orderId: o.id, note: '两人一起修好了', photos: [] }))).toMatchObject({ status: 'done' })

    // One confirmation wins; the same person's other taps are that confirmation, the other person's are refused.
    const callers = Array.from({ length: 20 }, (_, i) => (i % 2 ? c.grid : placer))
    const results = await Promise.all(callers.map((u) => u.call('order', 'confirm', { orderId: o.id })))
    const stored = env.find('orders', o.id)
    expect(stored.status).toBe('confirmed')
    const confirms = stored.timeline.filter((t: { action: string }) => t.action === 'confirm')
    expect(confirms).toHaveLength(1)
    const winner = confirms[0].by
    expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1)
    results.forEach((r, i) => {
      const same = callers[i].openid === winner
      if (r.ok) return expect([i, same, r.data.status]).toEqual([i, true, 'confirmed'])
      expect([i, r.error.code]).toEqual([i, expect.stringMatching(same ? /^UNAVAILABLE$/ : /^(FAILED_PRECONDITION|UNAVAILABLE)$/)])
      expect(r.error.message).toMatch(CHINESE)
    })
    const ledger = env.findAll('ledger', { sourceId: o.id }).sort((a, b) => (a._id < b._id ? -1 : 1))
    expect(ledger.map((x) => x._id).sort()).toEqual(members.map((m) => `order:${o.id}:${m.openid}`).sort())
    for (const e of ledger) expect(e).toMatchObject({ sourceType: 'order', points: 15, hours: 2.5, communityId: 'c1', official: true })
    expect(env.find('orders', o.id).claims.map((x: { status: string }) => x.status)).toEqual(['paid', 'paid'])
    expect(env.find('orders', o.id).outbox).toEqual([])
    expect(env.findAll('notifications', { _id: new RegExp(`^order:${o.id}:confirmed`) }).map((n) => n.openid).sort()).toEqual(members.map((m) => m.openid).sort())
  })

  it('a released claimer earns nothing; the one who stayed does', async () => {
    const o = await must(c.resident.call('order', 'submit', orderInput()))
    await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { slots: 2 })))
    await must(c.admin.call('order', 'publish', { orderId: o.id }))
    await must(c.member.call('order', 'claim', { orderId: o.id }))
    await must(c.member2.call('order', 'claim', { orderId: o.id }))
    await must(c.member2.call('order', 'release', { orderId: o.id, reason: '临时有事' }))
    await must(c.member.call('order', 'start', { orderId: o.id }))
    await must(c.member.call('order', 'complete', { orderId: o.id, note: '修好了', photos: [] }))
    await must(c.resident.call('order', 'confirm', { orderId: o.id }))
    expect(env.findAll('ledger', { sourceId: o.id }).map((x) => x.openid)).toEqual([c.member.openid])
    expect(env.find('orders', o.id).claims.map((x: { openid: string; status: string }) => [x.openid, x.status])).toEqual([
      [c.member.openid, 'paid'],
      [c.member2.openid, 'released'],
    ])
  })
})

describe('content check', () => {
  it(`a risky word (${RISKY}) is refused and nothing is stored`, async () => {
    const r = await unchangedBy(() => c.resident.call('order', 'submit', orderInput({ text: `楼下有人${RISKY}，很吵` })))
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', reason: 'CONTENT_RISKY', message: '内容含有不当信息，请修改后再提交' } })
  })

  it('risky words in the work report, the rating, the reopen reason and a public note are refused too', async () => {
    const inProgress = await orderIn(env, c, 'published, claimed and started')
    expect(await unchangedBy(() => c.member.call('order', 'complete', { orderId: inProgress, note: `顺便聊了${RISKY}`, photos: [] }))).toMatchObject({ ok: false, error: { reason: 'CONTENT_RISKY' } })
    const confirmed = await orderIn(env, c, 'confirmed')
    expect(await unchangedBy(() => c.resident.call('order', 'rate', { orderId: confirmed, stars: 1, comment: `${RISKY}` }))).toMatchObject({ ok: false, error: { reason: 'CONTENT_RISKY' } })
    const closed = await orderIn(env, c, 'closed')
    expect(await unchangedBy(() => c.resident.call('order', 'reopen', { orderId: closed, reason: `${RISKY}又开始了` }))).toMatchObject({ ok: false, error: { reason: 'CONTENT_RISKY' } })
    expect(await unchangedBy(() => c.admin.call('order', 'note', { orderId: closed, text: `${RISKY}`, internal: false }))).toMatchObject({ ok: false, error: { reason: 'CONTENT_RISKY' } })
  })

  it(`a review word (${REVIEW}) holds the order: not offered to neighbours nor in the hall until accepted`, async () => {
    const o = await must(c.resident.call('order', 'submit', orderInput({ category: '家政', text: `需要保洁，${REVIEW}联系` })))
    expect(o.held).toBe(true)
    expect(env.find('orders', o.id)).toMatchObject({ held: true, status: 'submitted' })
    const inbox = await must(c.admin.call('order', 'inbox', { tab: 'todo', size: 50 }))
    expect(inbox.items.find((x: { id: string }) => x.id === o.id)).toMatchObject({ held: true })
    expect((await must(neighbour.call('order', 'similar', { category: '家政' }))).map((x: { id: string }) => x.id)).not.toContain(o.id)
    expect(await unchangedBy(() => neighbour.call('order', 'join', { orderId: o.id }))).toMatchObject({ ok: false, error: { reason: 'ORDER_NOT_FOUND' } })
    const hallBefore = await must(c.member2.call('order', 'hall', { size: 50 }))
    expect(ids(hallBefore)).not.toContain(o.id)

    await must(c.admin.call('order', 'accept', acceptInput(env, o.id, { membersOnly: false })))
    expect(env.find('orders', o.id).held).toBe(false)
    await must(c.admin.call('order', 'publish', { orderId: o.id }))
    const hallAfter = await must(c.member2.call('order', 'hall', { category: '家政', size: 50 }))
    expect(hallAfter.items.find((x: { id: string }) => x.id === o.id)).toMatchObject({ held: false, status: 'published' })
  })
})

describe('paging and the inbox order', () => {
  // Community c3 (street s2) is used only here, so what is listed is exactly what this block made.
  let r3: TestUser
  let a3: TestUser
  let m3: TestUser
  const made: string[] = []
  beforeAll(async () => {
    r3 = await env.user({ community: 'c3', grid: 'c3-g1', name: '陶阿姨' })
    a3 = await env.user({ community: 'c3', roles: ['communityAdmin'], name: '韩书记' })
    m3 = await env.user({ community: 'c3', roles: ['member'], name: '曹党员' })
    for (let i = 0; i < 23; i++) {
      // Several share a timestamp, as orders of one busy minute do.
      if (i % 4 === 0) env.clock.advance(1000)
      const o = await must(r3.call('order', 'submit', orderInput({ text: `第${i}号需求`, place: { kind: 'room', buildingId: 'c3-g1-b1', room: `${i}室` } })))
      made.push(o.id)
    }
    for (const id of made.slice(0, 13)) {
      await must(a3.call('order', 'accept', acceptInput(env, id, { membersOnly: false })))
      await must(a3.call('order', 'publish', { orderId: id }))
    }
  })

  async function walk(u: TestUser, action: string, payload: Record<string, unknown>, size: number) {
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const p = await must(u.call('order', action, { ...payload, size, ...(cursor ? { cursor } : {}) }))
      expect(p.items.length).toBeLessThanOrEqual(size)
      if (p.nextCursor) expect(p.items).toHaveLength(size)
      seen.push(...ids(p))
      cursor = p.nextCursor
      if (++pages > 50) throw new Error('paging does not end')
    } while (cursor)
    return seen
  }

  it('listMine walks every page once', async () => {
    const seen = await walk(r3, 'listMine', { status: 'all' }, 5)
    expect(seen).toHaveLength(23)
    expect(new Set(seen)).toEqual(new Set(made))
    const open = await walk(r3, 'listMine', { status: 'open' }, 4)
    expect(new Set(open)).toEqual(new Set(made))
  })

  it('inbox walks every page once, on the to-do and the all tabs', async () => {
    const todo = await walk(a3, 'inbox', { tab: 'todo' }, 4)
    expect(todo).toHaveLength(10)
    expect(new Set(todo)).toEqual(new Set(made.slice(13)))
    const all = await walk(a3, 'inbox', { tab: 'all' }, 6)
    expect(all).toHaveLength(23)
    expect(new Set(all)).toEqual(new Set(made))
  })

  it('hall walks every page once', async () => {
    const seen = await walk(m3, 'hall', {}, 5)
    expect(seen).toHaveLength(13)
    expect(new Set(seen)).toEqual(new Set(made.slice(0, 13)))
  })

  it('a cursor that was not handed out is refused', async () => {
    expect(await r3.call('order', 'listMine', { cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { cursor: '翻页参数不正确' } } })
  })

  it('the to-do inbox: red before yellow before green, then more people affected, then the oldest', async () => {
    // Community c2, in its own grid 2, with neighbours to say 我也遇到.
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => env.user({ community: 'c2', grid: 'c2-g2', name: `居民${i}` })))
    const [p0, p1, p2, p3] = people
    const sub = async (urgency: string, text: string) => {
      env.clock.advance(60_000)
      const o = await must(p0.call('order', 'submit', orderInput({ urgency, text, place: { kind: 'room', buildingId: 'c2-g2-b1', room: '1室' } })))
      return o.id as string
    }
    const greenOld = await sub('green', '绿色最早')
    const yellowOld = await sub('yellow', '黄色较早')
    const redOld = await sub('red', '红色较早')
    const yellowJoined = await sub('yellow', '黄色两人反映')
    const redNew = await sub('red', '红色最新')
    const redJoined = await sub('red', '红色一人反映')
    const greenNew = await sub('green', '绿色最新')
    await must(p1.call('order', 'join', { orderId: yellowJoined }))
    await must(p2.call('order', 'join', { orderId: yellowJoined }))
    await must(p3.call('order', 'join', { orderId: redJoined }))

    const mine = new Set([greenOld, yellowOld, redOld, yellowJoined, redNew, redJoined, greenNew])
    const inbox = (await walk(c.otherAdmin, 'inbox', { tab: 'todo' }, 3)).filter((id) => mine.has(id))
    expect(inbox).toEqual([redJoined, redOld, redNew, yellowJoined, yellowOld, greenOld, greenNew])
  })
})
