import { PRIVACY_VERSION } from '../../shared/members/model'
import { startTestCloud, type TestCloud } from '../support/localCloud'

jest.setTimeout(60_000)

let env: TestCloud
beforeAll(async () => {
  env = await startTestCloud()
})
afterAll(() => env.close())

describe('member.login', () => {
  it('creates a new person as a plain resident, once, under racing first logins', async () => {
    const newcomer = env.as('o-newcomer-1')
    const results = await Promise.all(Array.from({ length: 20 }, () => newcomer.call('member', 'login', { nickname: '小王' })))
    for (const r of results) expect(r).toMatchObject({ ok: true, data: { openid: 'o-newcomer-1', nickname: '小王', roles: [], complete: false } })
    expect(env.findAll('users', { _id: 'o-newcomer-1' })).toHaveLength(1)
    expect(env.find('users', 'o-newcomer-1')).toMatchObject({ grants: [], nickname: '小王' })
  })

  it('returns the stored person on later logins, with their roles', async () => {
    const admin = await env.user({ community: 'c1', roles: ['communityAdmin'], name: '陈红梅' })
    const res = await admin.call('member', 'login', {})
    expect(res.ok && res.data.roles.sort()).toEqual(['communityAdmin', 'resident'])
    expect(res.ok && res.data.communityName).toBe('和平社区')
  })

  it('names the unit and the department an account works for, never only their ids', async () => {
    const unit = await env.user({ street: 's1', roles: ['unitAdmin'], unit: 'u1', name: '何文静' })
    const dept = await env.user({ street: 's1', roles: ['department'], department: 'd1', name: '林部门' })
    expect(await unit.call('member', 'login', {})).toMatchObject({ ok: true, data: { scopeNames: { streets: {}, units: { u1: '区税务局机关党支部' }, departments: {} } } })
    expect(await dept.call('member', 'profile', {})).toMatchObject({ ok: true, data: { scopeNames: { streets: {}, units: {}, departments: { d1: '区城市管理局' } } } })
    const street = await env.user({ street: 's1', roles: ['streetAdmin'], name: '郭街道' })
    expect(await street.call('member', 'profile', {})).toMatchObject({ ok: true, data: { scopeNames: { streets: { s1: expect.stringMatching(/街道$/) } } } })
    const resident = await env.user({ community: 'c1' })
    const own = await resident.call('member', 'profile', {})
    expect(own.ok && own.data.scopeNames).toBeUndefined()
  })

  it('refuses a call without platform identity, whatever the payload claims', async () => {
    const res = await env.as('').call('member', 'login', { openid: 'someone-else' })
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', reason: 'NOT_LOGGED_IN', message: '请先登录' } })
  })
})

describe('member.updateProfile', () => {
  it('places a person in a community, grid and building, and reads it back', async () => {
    const p = env.as('o-mover')
    await p.call('member', 'login', {})
    // A real name and a phone are asked only after consent to the privacy notice (member-report.test.ts).
    await p.call('member', 'consent', { version: PRIVACY_VERSION })
    const res = await p.call('member', 'updateProfile', { communityId: 'c2', gridId: 'c2-g2', buildingId: 'c2-g2-b1', room: '3单元201', realName: '李四', phone: '13900001111' })
    expect(res).toMatchObject({ ok: true, data: { communityName: '幸福社区', gridName: '第2网格', complete: true, roles: ['resident'] } })
    expect(env.find('users', 'o-mover')).toMatchObject({ communityId: 'c2', streetId: 's1', gridId: 'c2-g2', buildingId: 'c2-g2-b1', room: '3单元201', phone: '13900001111' })
  })

  it('moving community clears the old grid and building', async () => {
    const p = await env.user({ community: 'c1' })
    const res = await p.call('member', 'updateProfile', { communityId: 'c3' })
    expect(res.ok).toBe(true)
    const stored = env.find('users', p.openid)
    expect(stored).toMatchObject({ communityId: 'c3', streetId: 's2' })
    expect(stored.gridId).toBeUndefined()
    expect(stored.buildingId).toBeUndefined()
  })

  it.each([
    [{ communityId: 'nope' }, 'COMMUNITY_NOT_FOUND', 'NOT_FOUND'],
    [{ communityId: 'c1', gridId: 'c2-g1' }, 'GRID_NOT_IN_COMMUNITY', 'INVALID_ARGUMENT'],
    [{ communityId: 'c1', gridId: 'c1-g1', buildingId: 'c1-g2-b1' }, 'BUILDING_NOT_IN_GRID', 'INVALID_ARGUMENT'],
  ])('refuses a place that does not fit the organisation tree %j and writes nothing', async (payload, reason, code) => {
    const p = await env.user({ community: 'c2', grid: 'c2-g1' })
    const before = env.find('users', p.openid)
    const res = await p.call('member', 'updateProfile', payload)
    expect(res).toMatchObject({ ok: false, error: { code, reason } })
    expect(env.find('users', p.openid)).toEqual(before)
  })

  it.each([
    [{ phone: '12345' }, 'phone', '请输入11位手机号'],
    [{ nickname: '' }, 'nickname', '请填写昵称'],
    [{ nickname: '一二三四五六七八九十一二三四五六七八九十一' }, 'nickname', '昵称最多20个字'],
    [{ largeText: 'yes' }, 'largeText', '大字模式只能是开、关或跟随手机'],
    [{ largeText: 1 }, 'largeText', '大字模式只能是开、关或跟随手机'],
    [{ grants: [{ role: 'communityAdmin', communityId: 'c1' }] }, '_', '不认识的字段：grants'],
  ])('refuses bad input %j with a Chinese field message', async (payload, field, message) => {
    const p = await env.user({ community: 'c1' })
    const before = env.find('users', p.openid)
    const res = await p.call('member', 'updateProfile', payload)
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', reason: 'BAD_INPUT' } })
    expect(!res.ok && res.error.fields?.[field]).toBe(message)
    expect(env.find('users', p.openid)).toEqual(before)
  })

  it('cannot grant oneself a role: roles never come from the request', async () => {
    const p = await env.user({ community: 'c1' })
    await p.call('member', 'updateProfile', { grants: [{ role: 'streetAdmin', streetId: 's1' }] })
    const res = await p.call('member', 'profile', {})
    expect(res.ok && res.data.roles).toEqual(['resident'])
  })

  it('keeps the large-text preference', async () => {
    const p = await env.user({ community: 'c1' })
    await p.call('member', 'updateProfile', { largeText: true })
    const res = await p.call('member', 'profile', {})
    expect(res.ok && res.data.largeText).toBe(true)
  })

  it("goes back to following the phone's font size ('system'), still answered", async () => {
    const p = await env.user({ community: 'c1' })
    await p.call('member', 'updateProfile', { largeText: true })
    const back = await p.call('member', 'updateProfile', { largeText: 'system' })
    expect(back.ok && back.data.largeText).toBe('system')
    const res = await p.call('member', 'profile', {})
    expect(res.ok && res.data.largeText).toBe('system')
    expect(env.find('users', p.openid)).toMatchObject({ largeText: 'system' })
  })
})

describe('member.orgTree and the wrapper', () => {
  it('lists the organisation tree', async () => {
    const p = await env.user({})
    const res = await p.call('member', 'orgTree', {})
    expect(res.ok && res.data.communities.map((c: { id: string }) => c.id).sort()).toEqual(['c1', 'c2', 'c3'])
    expect(res.ok && res.data.buildings.filter((b: { gridId: string }) => b.gridId === 'c1-g1')).toHaveLength(2)
    const s2 = await p.call('member', 'orgTree', { streetId: 's2' })
    expect(s2.ok && s2.data.communities.map((c: { id: string }) => c.id)).toEqual(['c3'])
  })

  it('answers an unknown action with the closed error set', async () => {
    const p = await env.user({})
    expect(await p.call('member', 'dropTables', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reason: 'UNKNOWN_ACTION' } })
    expect(await p.call('member', 'toString', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reason: 'UNKNOWN_ACTION' } })
  })

  it('profile before login says to log in', async () => {
    expect(await env.as('o-never-seen').call('member', 'profile', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })
})
