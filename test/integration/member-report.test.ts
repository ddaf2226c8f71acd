// 双报到 and volunteer applications through the real calls against the local cloud: consent before
// personal data, submit / retry / resend, the admin's decision writing the grant through the outbox,
// withdrawal, revocation, moving community, the queue and the roster on their indexes, every refusal
// (wrong role, other community, other street, bad input) writing nothing, and the approval race.
import { memberApi } from '../../shared/contracts/member'
import { PRIVACY_VERSION } from '../../shared/members/model'
import { MSG_SEC_REVIEW_WORDS, MSG_SEC_RISKY_WORDS } from '../../localcloud/emulator/openapi'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { must } from '../support/orders'
import { reporter, reportInput, reportKey } from '../support/reports'

jest.setTimeout(90_000)

let env: TestCloud
let admin: TestUser
let admin2: TestUser // a second admin of c1
let otherAdmin: TestUser // admin of c2 (same street)
let street: TestUser // street admin of s1
let street2: TestUser // street admin of s2
let unitAdmin: TestUser // admin of unit u1
let member: TestUser // a member by grant
beforeAll(async () => {
  env = await startTestCloud()
  admin = await env.user({ community: 'c1', roles: ['communityAdmin'], name: '陈红梅' })
  admin2 = await env.user({ community: 'c1', roles: ['communityAdmin'], name: '马书记' })
  otherAdmin = await env.user({ community: 'c2', roles: ['communityAdmin'], name: '杨书记' })
  street = await env.user({ street: 's1', roles: ['streetAdmin'], name: '郭街道' })
  street2 = await env.user({ street: 's2', roles: ['streetAdmin'], name: '冯街道' })
  unitAdmin = await env.user({ street: 's1', roles: ['unitAdmin'], unit: 'u1', name: '何文静' })
  member = await env.user({ community: 'c1', roles: ['member'], name: '老党员' })
})
afterAll(() => env.close())

const RISKY = Object.keys(MSG_SEC_RISKY_WORDS)[0]
const REVIEW = Object.keys(MSG_SEC_REVIEW_WORDS)[0]
const CHINESE = /[\u4e00-\u9fff]/

function world() {
  return ['registrations', 'users', 'notifications', 'audit'].map((k) => env.findAll(k).sort((a, b) => (a._id < b._id ? -1 : 1)))
}
async function unchangedBy<T>(run: () => Promise<T>): Promise<T> {
  const before = world()
  const out = await run()
  expect(world()).toEqual(before)
  return out
}
const grantsOf = (u: TestUser) => env.find('users', u.openid).grants as Array<{ role: string; communityId?: string; unitId?: string }>
const roleGrants = (u: TestUser) => grantsOf(u).filter((g) => g.role === 'member' || g.role === 'volunteer')

async function reported(over: Record<string, unknown> = {}, spec: Parameters<typeof reporter>[1] = {}) {
  const p = await reporter(env, spec)
  const r = await must(p.call('member', 'report', reportInput({ communityId: spec.community ?? 'c1', gridId: `${spec.community ?? 'c1'}-g1`, buildingId: `${spec.community ?? 'c1'}-g1-b1`, ...over })))
  return { p, id: r.id as string }
}
async function approved(over: Record<string, unknown> = {}, spec: Parameters<typeof reporter>[1] = {}) {
  const x = await reported(over, spec)
  await must((spec.community === 'c2' ? otherAdmin : admin).call('member', 'reviewReport', { registrationId: x.id, decision: 'approve' }))
  return x
}

describe('consent comes before personal data', () => {
  it('report and a new real name or phone are refused until the person agrees; then accepted', async () => {
    const p = await env.user({ community: 'c1', name: '周新人', phone: '13700001111', consent: false })
    const refused = { ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'CONSENT_REQUIRED', message: '请先阅读并同意《隐私保护指引》，再填写个人信息' } }
    expect(await unchangedBy(() => p.call('member', 'report', reportInput()))).toMatchObject(refused)
    expect(await unchangedBy(() => p.call('member', 'updateProfile', { realName: '周新' }))).toMatchObject(refused)
    expect(await unchangedBy(() => p.call('member', 'updateProfile', { phone: '13700002222' }))).toMatchObject(refused)
    // What the person already gave is not asked again: the profile form sends it back as it was.
    expect(await p.call('member', 'updateProfile', { realName: '周新人', phone: '13700001111', room: '2单元202' })).toMatchObject({ ok: true })
    expect(await p.call('member', 'profile', {})).toMatchObject({ ok: true, data: { consented: false } })

    expect(await unchangedBy(() => p.call('member', 'consent', { version: '2020-01' }))).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'PRIVACY_VERSION_OUTDATED' } })
    const ok = await p.call('member', 'consent', { version: PRIVACY_VERSION })
    expect(ok).toMatchObject({ ok: true, data: { consented: true, consent: { version: PRIVACY_VERSION, at: new Date(env.clock.now()).toISOString() } } })
    // Agreeing again keeps the first time.
    env.clock.advance(60_000)
    await p.call('member', 'consent', { version: PRIVACY_VERSION })
    expect(new Date(env.find('users', p.openid).consent.at).getTime()).toBe(env.clock.now() - 60_000)
    expect(await p.call('member', 'updateProfile', { realName: '周新' })).toMatchObject({ ok: true, data: { realName: '周新' } })
    expect(await p.call('member', 'report', reportInput())).toMatchObject({ ok: true, data: { status: 'pending' } })
  })
})

describe('a member reports, the admin approves, the grant is written', () => {
  it('pending → approved: the grant on the user, the notice, the audit, 党员 in the profile and the task hall open', async () => {
    const p = await reporter(env, { name: '李报到' })
    const input = reportInput({ unitId: 'u1', unitName: undefined })
    const r = await p.call('member', 'report', input)
    expect(r).toMatchObject({ ok: true, data: { status: 'pending', type: 'member', communityName: '和平社区', gridName: '第1网格', unitId: 'u1', unitName: '区税务局机关党支部', actions: ['withdraw'] } })
    const id = r.ok && r.data.id
    const stored = env.find('registrations', id)
    expect(stored).toMatchObject({ openid: p.openid, status: 'pending', version: 1, streetId: 's1', outbox: [] })
    // The admins are told (without the person's name in the notice).
    const told = env.findAll('notifications', { openid: admin.openid, type: 'registration' })
    expect(told.map((n) => n.title)).toContain('新的双报到待审核')
    expect(JSON.stringify(told)).not.toContain('李报到')
    expect(await p.call('order', 'hall', {})).toMatchObject({ ok: false, error: { reason: 'ROLE_REQUIRED' } })

    // The same submission again (a lost reply): the same record, nothing new.
    const before = world()
    expect(await p.call('member', 'report', input)).toMatchObject({ ok: true, data: { id, status: 'pending' } })
    expect(world()).toEqual(before)
    // Another submission while it waits is refused.
    expect(await unchangedBy(() => p.call('member', 'report', reportInput()))).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'REGISTRATION_PENDING' } })

    const ok = await admin.call('member', 'reviewReport', { registrationId: id, decision: 'approve' })
    expect(ok).toMatchObject({ ok: true, data: { status: 'approved', actions: ['revoke'] } })
    expect(roleGrants(p)).toEqual([{ role: 'member', communityId: 'c1', streetId: 's1', unitId: 'u1' }])
    expect(env.find('registrations', id)).toMatchObject({ status: 'approved', version: 2, outbox: [], reviewedBy: admin.openid })
    expect(env.findAll('notifications', { openid: p.openid, type: 'registration' })).toEqual([expect.objectContaining({ title: '双报到已通过', link: '/packages/report/status/index' })])
    expect(env.findAll('audit', { targetId: id })).toEqual([expect.objectContaining({ by: admin.openid, role: 'communityAdmin', action: 'registration.approve', communityId: 'c1' })])
    // 亮身份: the profile says 党员 and the hall opens.
    const prof = await p.call('member', 'profile', {})
    expect(prof.ok && prof.data.roles.sort()).toEqual(['member', 'resident'])
    expect(await p.call('order', 'hall', {})).toMatchObject({ ok: true })
    const mine = await p.call('member', 'myReport', {})
    expect(mine).toMatchObject({ ok: true, data: { current: { id, status: 'approved' }, others: [] } })

    // The same admin approving again (a double tap) is ok and writes nothing; another admin is told it is done.
    expect(await unchangedBy(() => admin.call('member', 'reviewReport', { registrationId: id, decision: 'approve' }))).toMatchObject({ ok: true, data: { status: 'approved' } })
    expect(await unchangedBy(() => admin2.call('member', 'reviewReport', { registrationId: id, decision: 'approve' }))).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', reason: 'REGISTRATION_TRANSITION_NOT_ALLOWED', message: '该报到当前“已通过”，不能通过' },
    })
    // Reporting to the same community again is refused while approved.
    expect(await unchangedBy(() => p.call('member', 'report', reportInput()))).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS', reason: 'REGISTRATION_ALREADY_APPROVED' } })
  })

  it('returned with a reason, fixed and sent again, then approved', async () => {
    const { p, id } = await reported({}, { name: '王退回' })
    expect(await unchangedBy(() => admin.call('member', 'reviewReport', { registrationId: id, decision: 'return' }))).toMatchObject({ ok: false, error: { reason: 'BAD_INPUT', fields: { reason: '请填写原因' } } })
    const back = await admin.call('member', 'reviewReport', { registrationId: id, decision: 'return', reason: '请填写完整的党支部名称' })
    expect(back).toMatchObject({ ok: true, data: { status: 'returned', reason: '请填写完整的党支部名称' } })
    expect(env.findAll('notifications', { openid: p.openid })).toEqual([expect.objectContaining({ title: '双报到被退回', body: expect.stringContaining('请填写完整的党支部名称') })])
    const seen = await p.call('member', 'myReport', {})
    expect(seen).toMatchObject({ ok: true, data: { current: { status: 'returned', reason: '请填写完整的党支部名称', actions: ['resend', 'withdraw'] } } })
    expect(roleGrants(p)).toEqual([])

    const again = await p.call('member', 'report', reportInput({ branch: '区财政局机关第二党支部' }))
    expect(again).toMatchObject({ ok: true, data: { id, status: 'pending', branch: '区财政局机关第二党支部' } })
    expect(env.find('registrations', id).reason).toBeUndefined()
    expect(await admin.call('member', 'reviewReport', { registrationId: id, decision: 'approve' })).toMatchObject({ ok: true, data: { status: 'approved' } })
    expect(roleGrants(p)).toEqual([{ role: 'member', communityId: 'c1', streetId: 's1' }])
    expect(env.find('registrations', id).timeline.map((t: { action: string }) => t.action)).toEqual(['report', 'return', 'resend', 'approve'])
  })

  it('revoked by the admin (confirmed with a reason): the grant goes; the person may report again', async () => {
    const { p, id } = await approved({}, { name: '赵撤销' })
    expect(roleGrants(p)).toHaveLength(1)
    expect(await admin.call('member', 'reviewReport', { registrationId: id, decision: 'revoke', reason: '已搬离本社区' })).toMatchObject({ ok: true, data: { status: 'revoked' } })
    expect(roleGrants(p)).toEqual([])
    expect(env.find('users', p.openid).grants).toEqual([])
    expect(env.findAll('notifications', { openid: p.openid }).map((n) => n.title)).toContain('双报到已被撤销')
    expect(await p.call('member', 'report', reportInput())).toMatchObject({ ok: true, data: { id, status: 'pending' } })
  })

  it('withdrawn by the person: while waiting (nothing granted) and after approval (the grant goes)', async () => {
    const a = await reported({}, { name: '钱撤回' })
    expect(await a.p.call('member', 'withdrawReport', { registrationId: a.id })).toMatchObject({ ok: true, data: { status: 'withdrawn', actions: ['resend'] } })
    // A double tap answers ok.
    expect(await unchangedBy(() => a.p.call('member', 'withdrawReport', { registrationId: a.id }))).toMatchObject({ ok: true, data: { status: 'withdrawn' } })
    expect(await unchangedBy(() => admin.call('member', 'reviewReport', { registrationId: a.id, decision: 'approve' }))).toMatchObject({ ok: false, error: { reason: 'REGISTRATION_TRANSITION_NOT_ALLOWED' } })

    const b = await approved({}, { name: '孙退出' })
    expect(roleGrants(b.p)).toHaveLength(1)
    expect(await b.p.call('member', 'withdrawReport', { registrationId: b.id, reason: '工作调动' })).toMatchObject({ ok: true, data: { status: 'withdrawn' } })
    expect(roleGrants(b.p)).toEqual([])
    expect(await b.p.call('order', 'hall', {})).toMatchObject({ ok: false, error: { reason: 'ROLE_REQUIRED' } })
  })

  it('a volunteer application: lighter form, the volunteer grant, the hall without 党员-only work', async () => {
    const p = await reporter(env, { name: '周志愿' })
    const r = await p.call('member', 'report', reportInput({ type: 'volunteer', branch: undefined, promise: undefined, unitName: undefined, skills: ['陪护'] }))
    expect(r).toMatchObject({ ok: true, data: { type: 'volunteer', status: 'pending' } })
    await must(admin.call('member', 'reviewReport', { registrationId: r.ok && r.data.id, decision: 'approve' }))
    expect(roleGrants(p)).toEqual([{ role: 'volunteer', communityId: 'c1', streetId: 's1' }])
    expect(env.findAll('notifications', { openid: p.openid })[0]).toMatchObject({ title: '志愿者申请已通过' })
    const prof = await p.call('member', 'profile', {})
    expect(prof.ok && prof.data.roles.sort()).toEqual(['resident', 'volunteer'])
  })

  it('moving community: a new registration there; its approval revokes the old one and its grant', async () => {
    const { p, id: old } = await approved({}, { name: '吴搬家' })
    // Only to the community one lives in.
    expect(await unchangedBy(() => p.call('member', 'report', reportInput({ communityId: 'c2', gridId: 'c2-g1', buildingId: 'c2-g1-b1' })))).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED', reason: 'REGISTRATION_NOT_YOUR_COMMUNITY' },
    })
    await must(p.call('member', 'updateProfile', { communityId: 'c2', gridId: 'c2-g1', buildingId: 'c2-g1-b1' }))
    const n = await must(p.call('member', 'report', reportInput({ communityId: 'c2', gridId: 'c2-g1', buildingId: 'c2-g1-b1' })))
    expect(n).toMatchObject({ status: 'pending', replaces: old })
    expect(n.id).not.toBe(old)
    // Until the new one is approved the old role stays.
    expect(roleGrants(p)).toEqual([{ role: 'member', communityId: 'c1', streetId: 's1' }])
    await must(otherAdmin.call('member', 'reviewReport', { registrationId: n.id, decision: 'approve' }))
    expect(roleGrants(p)).toEqual([{ role: 'member', communityId: 'c2', streetId: 's1' }])
    expect(env.find('registrations', old)).toMatchObject({ status: 'revoked', reason: '已转到幸福社区报到', outbox: [] })
    const mine = await must(p.call('member', 'myReport', {}))
    expect(mine.current).toMatchObject({ id: n.id, status: 'approved' })
    expect(mine.others).toEqual([expect.objectContaining({ id: old, status: 'revoked' })])
  })

  it('one waiting registration at a time across communities', async () => {
    const { p } = await reported({}, { name: '郑等待' })
    await must(p.call('member', 'updateProfile', { communityId: 'c2', gridId: 'c2-g1', buildingId: 'c2-g1-b1' }))
    expect(await unchangedBy(() => p.call('member', 'report', reportInput({ communityId: 'c2', gridId: 'c2-g1', buildingId: 'c2-g1-b1' })))).toMatchObject({
      ok: false,
      error: { reason: 'REGISTRATION_PENDING_ELSEWHERE' },
    })
  })
})

describe('the content rule on the promise, the branch and the unit name', () => {
  it('risky text is refused naming the field; text for review is held from others', async () => {
    const p = await reporter(env, { name: '冯内容' })
    const r = await unchangedBy(() => p.call('member', 'report', reportInput({ promise: `帮忙${RISKY}` })))
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', reason: 'CONTENT_RISKY', fields: { promise: '含有不当信息，请修改' } } })
    const held = await must(p.call('member', 'report', reportInput({ promise: `陪老人${REVIEW}`, unitId: 'u1', unitName: undefined })))
    expect(held.held).toEqual(['promise'])
    await must(admin.call('member', 'reviewReport', { registrationId: held.id, decision: 'approve' }))
    // The admin saw it; the unit's admin reads the member without the held words.
    expect(await admin.call('member', 'getReport', { registrationId: held.id })).toMatchObject({ ok: true, data: { promise: `陪老人${REVIEW}`, held: ['promise'] } })
    const seen = await must(unitAdmin.call('member', 'getReport', { registrationId: held.id }))
    expect(seen.promise).toBeUndefined()
    expect(seen.held).toEqual([])
  })
})

describe('bad input: every call answers with Chinese field messages and writes nothing', () => {
  let p: TestUser
  let id: string
  beforeAll(async () => {
    const x = await reported({}, { name: '褚输入' })
    p = x.p
    id = x.id
  })
  const long = (n: number) => '字'.repeat(n)
  const cases: Array<[string, () => TestUser, () => Record<string, unknown>, Record<string, string>]> = [
    ['consent', () => p, () => ({}), { version: '缺少隐私保护指引版本' }],
    ['reportOptions', () => p, () => ({ communityId: '' }), { communityId: '缺少编号' }],
    [
      'report',
      () => p,
      () => ({ ...reportInput(), type: 'leader', phone: '123', skills: [], availability: ['mon-night'], requestKey: 'x' }),
      { type: '请从给定的选项中选择', phone: '请输入11位手机号', skills: '请至少选择一项技能', 'availability.0': '请从给定的选项中选择', requestKey: '请求编号不正确' },
    ],
    ['report', () => p, () => reportInput({ branch: undefined, promise: '  ' }), { branch: '请填写所在党组织', promise: '请填写承诺服务事项' }],
    ['report', () => p, () => reportInput({ promise: long(201) }), { promise: '承诺服务事项最多200个字' }],
    ['report', () => p, () => ({ ...reportInput(), openid: 'someone-else' }), { _: '不认识的字段：openid' }],
    ['report', () => p, () => ({ ...reportInput(), requestKey: undefined }), { requestKey: '此项必填' }],
    ['myReport', () => p, () => ({ openid: 'x' }), { _: '不认识的字段：openid' }],
    ['withdrawReport', () => p, () => ({ registrationId: '' }), { registrationId: '缺少编号' }],
    ['getReport', () => p, () => ({}), { registrationId: '缺少编号' }],
    ['reviewReport', () => admin, () => ({ registrationId: id, decision: 'maybe' }), { decision: '请从给定的选项中选择' }],
    ['reviewReport', () => admin, () => ({ registrationId: id, decision: 'revoke', reason: long(201) }), { reason: '原因最多200个字' }],
    ['reports', () => admin, () => ({ status: 'later', size: 0 }), { status: '请从给定的选项中选择', size: '不能小于1' }],
    ['roster', () => admin, () => ({ size: 51, skill: long(11) }), { size: '不能大于50', skill: '技能最多10个字' }],
    ['deleteAccount', () => p, () => ({}), { confirm: '请确认注销账号' }],
  ]
  it.each(cases)('%s', async (action, who, payload, fields) => {
    const r = await unchangedBy(() => who().call('member', action, payload()))
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', reason: 'BAD_INPUT', message: '填写的内容有误，请检查后再提交' } })
    if (r.ok) return
    expect(r.error.fields).toMatchObject(fields)
    for (const m of Object.values(r.error.fields ?? {})) expect(m).toMatch(CHINESE)
  })

  it.each([
    [{ gridId: 'c2-g1' }, 'GRID_NOT_IN_COMMUNITY', 'INVALID_ARGUMENT'],
    [{ buildingId: 'c1-g2-b1' }, 'BUILDING_NOT_IN_GRID', 'INVALID_ARGUMENT'],
    [{ skills: ['开飞机'] }, 'SKILL_UNKNOWN', 'INVALID_ARGUMENT'],
    [{ unitId: 'u404' }, 'UNIT_NOT_FOUND', 'NOT_FOUND'],
  ])('a report that does not fit the community %j is refused and writes nothing', async (over, reason, code) => {
    const q = await reporter(env, { name: '卫不符' })
    expect(await unchangedBy(() => q.call('member', 'report', reportInput(over)))).toMatchObject({ ok: false, error: { code, reason } })
  })

  it('the new member calls are all covered above', () => {
    const covered = new Set(cases.map((x) => x[0]))
    for (const a of ['consent', 'reportOptions', 'report', 'myReport', 'withdrawReport', 'getReport', 'reviewReport', 'reports', 'roster', 'deleteAccount']) expect(covered).toContain(a)
    for (const a of covered) expect(Object.keys(memberApi)).toContain(a)
  })
})

describe('roles and scopes: refused calls say why and write nothing', () => {
  let id: string
  let applicant: TestUser
  let approvedId: string
  beforeAll(async () => {
    const x = await reported({}, { name: '蒋待审' })
    id = x.id
    applicant = x.p
    approvedId = (await approved({ unitId: 'u1', unitName: undefined }, { name: '沈已批' })).id
  })
  const OUT = { ok: false, error: { code: 'PERMISSION_DENIED', reason: 'OUT_OF_SCOPE', message: '只能处理本辖区的事项' } }
  const ROLE = { ok: false, error: { code: 'PERMISSION_DENIED', reason: 'ROLE_REQUIRED', message: '您没有进行此操作的权限' } }
  const GONE = { ok: false, error: { code: 'NOT_FOUND', reason: 'REGISTRATION_NOT_FOUND' } }

  it('reviewReport: only an admin of the registration’s community', async () => {
    const someone = await reporter(env, { name: '韩路人' })
    for (const [who, expected] of [
      [someone, ROLE],
      [member, ROLE],
      [applicant, ROLE], // not even one's own
      [street, ROLE], // the street reads, the community decides
      [unitAdmin, ROLE],
      [otherAdmin, OUT],
    ] as const) {
      for (const decision of ['approve', 'return', 'revoke']) {
        expect(await unchangedBy(() => who.call('member', 'reviewReport', { registrationId: decision === 'revoke' ? approvedId : id, decision, reason: '原因' }))).toMatchObject(expected)
      }
    }
    expect(await unchangedBy(() => otherAdmin.call('member', 'reviewReport', { registrationId: 'r-none', decision: 'approve' }))).toMatchObject(GONE)
  })

  it('withdrawReport and getReport: not someone else’s', async () => {
    const someone = await reporter(env, { name: '杨旁人' })
    expect(await unchangedBy(() => someone.call('member', 'withdrawReport', { registrationId: id }))).toMatchObject(ROLE)
    expect(await unchangedBy(() => someone.call('member', 'getReport', { registrationId: id }))).toMatchObject(ROLE)
    expect(await unchangedBy(() => someone.call('member', 'getReport', { registrationId: 'r-none' }))).toMatchObject(GONE)
    expect(await unchangedBy(() => admin.call('member', 'withdrawReport', { registrationId: id }))).toMatchObject(OUT)
    expect(await unchangedBy(() => otherAdmin.call('member', 'getReport', { registrationId: id }))).toMatchObject(OUT)
    expect(await unchangedBy(() => street2.call('member', 'getReport', { registrationId: id }))).toMatchObject(OUT)
    // A unit admin reads only approved members of the unit.
    expect(await unchangedBy(() => unitAdmin.call('member', 'getReport', { registrationId: id }))).toMatchObject(OUT)
    expect(await street.call('member', 'getReport', { registrationId: id })).toMatchObject({ ok: true, data: { id, actions: [] } })
    expect(await unitAdmin.call('member', 'getReport', { registrationId: approvedId })).toMatchObject({ ok: true, data: { id: approvedId } })
  })

  it('reports: the community’s admins, and the admins of its street', async () => {
    for (const who of [member, applicant, unitAdmin]) expect(await unchangedBy(() => who.call('member', 'reports', {}))).toMatchObject(ROLE)
    expect(await unchangedBy(() => otherAdmin.call('member', 'reports', { communityId: 'c1' }))).toMatchObject(OUT)
    expect(await unchangedBy(() => street2.call('member', 'reports', { communityId: 'c1' }))).toMatchObject(OUT)
    expect(await unchangedBy(() => street.call('member', 'reports', {}))).toMatchObject({ ok: false, error: { reason: 'BAD_INPUT', fields: { communityId: '请选择社区' } } })
    const s = await must(street.call('member', 'reports', { communityId: 'c1' }))
    expect(s.items.map((x: { id: string }) => x.id)).toContain(id)
    // The other community's admin sees their own queue, without c1's.
    const o = await must(otherAdmin.call('member', 'reports', { status: 'all' }))
    expect(o.items.every((x: { communityId: string }) => x.communityId === 'c2')).toBe(true)
  })

  it('roster: community and street admins of the community, unit admins their unit only', async () => {
    for (const who of [member, applicant]) expect(await unchangedBy(() => who.call('member', 'roster', {}))).toMatchObject(ROLE)
    expect(await unchangedBy(() => otherAdmin.call('member', 'roster', { communityId: 'c1' }))).toMatchObject(OUT)
    expect(await unchangedBy(() => street2.call('member', 'roster', { communityId: 'c1' }))).toMatchObject(OUT)
    expect(await unchangedBy(() => unitAdmin.call('member', 'roster', { communityId: 'c1' }))).toMatchObject(OUT)
    expect(await unchangedBy(() => unitAdmin.call('member', 'roster', { unitId: 'u2' }))).toMatchObject(OUT)
    expect(await unchangedBy(() => admin.call('member', 'roster', { unitId: 'u1' }))).toMatchObject(OUT)
    const unit = await onIndex('unit_roster', () => must(unitAdmin.call('member', 'roster', {})))
    expect(unit.items.length).toBeGreaterThan(0)
    expect(unit.items.every((x: { unitId: string }) => x.unitId === 'u1')).toBe(true)
    expect(unit.items.map((x: { id: string }) => x.id)).toContain(approvedId)
    // The phone only for the admins of the member's community; the unit and the street get it masked.
    expect(unit.items[0]).toMatchObject({ masked: true, phone: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) })
    const byStreet = await must(street.call('member', 'roster', { communityId: 'c1' }))
    expect(byStreet.items[0]).toMatchObject({ masked: true, phone: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) })
    const byAdmin = await must(admin.call('member', 'roster', {}))
    expect(byAdmin.items[0]).toMatchObject({ masked: false, phone: expect.stringMatching(/^\d{11}$/) })
  })
})

/** Runs a list call and checks that it read registrations through the named index, with no collection scan. */
async function onIndex<T>(index: string, run: () => Promise<T>): Promise<T> {
  const before = env.cloud.emulator.stats()
  const out = await run()
  const after = env.cloud.emulator.stats()
  const key = `registrations.${index}`
  expect([key, (after.indexUsed[key] ?? 0) - (before.indexUsed[key] ?? 0)]).toEqual([key, expect.any(Number)])
  expect((after.indexUsed[key] ?? 0) - (before.indexUsed[key] ?? 0)).toBeGreaterThan(0)
  expect(after.collectionScans).toBe(before.collectionScans)
  return out
}

describe('the queue and the roster page on their indexes', () => {
  let community: string
  beforeAll(async () => {
    community = 'c3'
  })
  it('pending oldest first, then the rest; the roster filtered by grid and skill; every page from an index', async () => {
    const admin3 = await env.user({ community, roles: ['communityAdmin'], name: '何书记' })
    const ids: string[] = []
    for (let i = 0; i < 7; i++) {
      env.clock.advance(60_000)
      const grid = i % 2 ? 'c3-g2' : 'c3-g1'
      const p = await reporter(env, { community, grid, name: `队列${'一二三四五六七'[i]}号` })
      const r = await must(p.call('member', 'report', reportInput({ communityId: community, gridId: grid, buildingId: `${grid}-b1`, realName: `队列${'一二三四五六七'[i]}号`, skills: i < 3 ? ['维修'] : ['助老'] })))
      ids.push(r.id)
    }
    for (const id of ids.slice(4)) {
      env.clock.advance(60_000)
      await must(admin3.call('member', 'reviewReport', { registrationId: id, decision: 'approve' }))
    }
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await onIndex('community_status', () => must(admin3.call('member', 'reports', { status: 'pending', size: 2, cursor })))
      seen.push(...page.items.map((x: { id: string }) => x.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(ids.slice(0, 4))
    const all = await must(admin3.call('member', 'reports', { status: 'all', size: 50 }))
    expect(all.items.map((x: { status: string }) => x.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'approved', 'approved', 'approved'])

    const roster = await onIndex('roster', () => must(admin3.call('member', 'roster', { size: 2 })))
    expect(roster.items).toHaveLength(2)
    expect(roster.items[0]).toMatchObject({ id: ids[6], type: 'member', gridName: '第1网格', skills: ['助老'], realName: '队列七号' })
    const more = await must(admin3.call('member', 'roster', { size: 2, cursor: roster.nextCursor }))
    expect(more.items.map((x: { id: string }) => x.id)).toEqual([ids[4]])
    const grid2 = await onIndex('roster_grid', () => must(admin3.call('member', 'roster', { gridId: 'c3-g2' })))
    expect(grid2.items.map((x: { id: string }) => x.id)).toEqual([ids[5]])
    const skill = await onIndex('roster_skill', () => must(admin3.call('member', 'roster', { skill: '助老' })))
    expect(skill.items.map((x: { id: string }) => x.id)).toEqual([ids[6], ids[5], ids[4]])
    const street3 = await env.user({ street: 's2', roles: ['streetAdmin'] })
    expect((await must(street3.call('member', 'roster', { communityId: 'c3' }))).items).toHaveLength(3)
  })
})

describe('the approval race', () => {
  it('20 approvals by two admins at once: one approval, one grant, one notice, one audit entry', async () => {
    const { p, id } = await reported({}, { name: '秦竞争' })
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? admin2 : admin).call('member', 'reviewReport', { registrationId: id, decision: 'approve' })))
    const winner = env.find('registrations', id).reviewedBy
    for (const [i, r] of results.entries()) {
      const who = i % 2 ? admin2 : admin
      if (who.openid === winner) expect(r).toMatchObject({ ok: true, data: { status: 'approved' } })
      else expect(r).toMatchObject({ ok: false, error: { reason: 'REGISTRATION_TRANSITION_NOT_ALLOWED' } })
    }
    const reg = env.find('registrations', id)
    expect(reg).toMatchObject({ status: 'approved', version: 2, outbox: [] })
    expect(reg.timeline.filter((t: { action: string }) => t.action === 'approve')).toHaveLength(1)
    expect(roleGrants(p)).toEqual([{ role: 'member', communityId: 'c1', streetId: 's1' }])
    expect(env.findAll('notifications', { openid: p.openid })).toHaveLength(1)
    expect(env.findAll('audit', { targetId: id })).toHaveLength(1)
  })

  it('20 racing first submissions of one person with different request keys: one registration', async () => {
    const p = await reporter(env, { name: '尤并发' })
    const results = await Promise.all(Array.from({ length: 20 }, () => p.call('member', 'report', reportInput({ requestKey: reportKey() }))))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ error: { reason: 'REGISTRATION_PENDING' } })
    expect(env.findAll('registrations', { openid: p.openid })).toHaveLength(1)
  })
})

describe('member.reportOptions', () => {
  it('the community’s skills (or the default list) and the street’s registered units', async () => {
    const p = await reporter(env, { name: '许选项' })
    const r = await must(p.call('member', 'reportOptions', {}))
    expect(r.skills).toContain('维修')
    expect(r.units).toEqual([{ id: 'u1', name: '区税务局机关党支部' }])
    env.cloud.emulator.db.insert('communities', [{ _id: 'c9', name: '剪纸社区', streetId: 's1', skills: ['剪纸', '维修'] }])
    expect(await must(p.call('member', 'reportOptions', { communityId: 'c9' }))).toMatchObject({ skills: ['剪纸', '维修'] })
  })
})
