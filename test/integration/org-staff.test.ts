// 组织架构 and 人员任命 through the real calls: the street makes, renames and retires communities, grids
// and buildings (history kept, audited); it assigns and revokes staff roles, each audited with who and
// why in the same write; a person holds several roles; assigning twice (or twenty times at once) gives
// one grant; a community admin may appoint only its own grid workers.
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { must } from '../support/orders'

jest.setTimeout(60_000)

let env: TestCloud
let street: TestUser
let street2: TestUser
let admin: TestUser
let otherAdmin: TestUser
let person: TestUser
let resident: TestUser
beforeAll(async () => {
  env = await startTestCloud()
  street = await env.user({ street: 's1', roles: ['streetAdmin'], name: '郭街道' })
  street2 = await env.user({ street: 's2', roles: ['streetAdmin'], name: '冯街道' })
  admin = await env.user({ community: 'c1', roles: ['communityAdmin'], name: '陈红梅' })
  otherAdmin = await env.user({ community: 'c2', roles: ['communityAdmin'], name: '杨书记' })
  person = await env.user({ community: 'c1', name: '刘桂芳', phone: '13700001111' })
  resident = await env.user({ community: 'c1', name: '王秀兰', phone: '13700002222' })
})
afterAll(() => env.close())

let keys = 0
const key = () => `org-staff-${++keys}-${Date.now().toString(36)}`
const world = () => ['communities', 'grids', 'buildings', 'users', 'audit', 'notifications'].map((k) => env.findAll(k).sort((a, b) => (a._id < b._id ? -1 : 1)))
async function unchangedBy<T>(run: () => Promise<T>): Promise<T> {
  const before = world()
  const out = await run()
  expect(world()).toEqual(before)
  return out
}
const grantsOf = (id: string) => env.find('users', id).grants

describe('组织架构', () => {
  it('makes a grid and a building, renames and retires them; old records still name them', async () => {
    const k = key()
    const grid = await must(street.call('org', 'createPlace', { requestKey: k, kind: 'grid', parentId: 'c1', name: '第三网格' }))
    expect(grid).toMatchObject({ kind: 'grid', name: '第三网格', parentId: 'c1', retired: false })
    expect(env.find('grids', grid.id)).toMatchObject({ communityId: 'c1', streetId: 's1', version: 1, outbox: [] })
    // The same request again answers with the same grid.
    await unchangedBy(async () => expect(await must(street.call('org', 'createPlace', { requestKey: k, kind: 'grid', parentId: 'c1', name: '第三网格' }))).toMatchObject({ id: grid.id }))
    // Siblings do not share a name.
    expect(await street.call('org', 'createPlace', { requestKey: key(), kind: 'grid', parentId: 'c1', name: '第三网格' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { name: '已有同名的网格' } } })
    const b = await must(street.call('org', 'createPlace', { requestKey: key(), kind: 'building', parentId: grid.id, name: '9号楼' }))
    expect(env.find('buildings', b.id)).toMatchObject({ gridId: grid.id, communityId: 'c1', streetId: 's1' })

    const renamed = await must(street.call('org', 'renamePlace', { kind: 'grid', id: 'c1-g1', name: '东区网格' }))
    expect(renamed).toMatchObject({ id: 'c1-g1', name: '东区网格' })
    expect(env.findAll('audit', { targetId: 'c1-g1' })).toEqual([expect.objectContaining({ by: street.openid, action: 'renamePlace', note: '“第1网格”改名为“东区网格”' })])
    // Renaming to the same name changes nothing.
    await unchangedBy(async () => must(street.call('org', 'renamePlace', { kind: 'grid', id: 'c1-g1', name: '东区网格' })))

    const retired = await must(street.call('org', 'retirePlace', { kind: 'building', id: b.id, reason: '楼栋拆除' }))
    expect(retired).toMatchObject({ retired: true, name: '9号楼' })
    expect(env.find('buildings', b.id)).toMatchObject({ retired: true, retireReason: '楼栋拆除', retiredBy: street.openid, name: '9号楼' })
    await unchangedBy(async () => must(street.call('org', 'retirePlace', { kind: 'building', id: b.id, reason: '再撤一次' })))
    expect(await street.call('org', 'renamePlace', { kind: 'building', id: b.id, name: '10号楼' })).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', reason: 'PLACE_RETIRED' } })
    expect(await street.call('org', 'createPlace', { requestKey: key(), kind: 'building', parentId: 'c1-g1', name: '9号楼' })).toMatchObject({ ok: true })

    const tree = await must(street.call('org', 'tree', {}))
    expect(tree.street).toEqual({ id: 's1', name: '连心街道' })
    expect(tree.communities.map((c: { id: string }) => c.id).sort()).toEqual(['c1', 'c2'])
    expect(tree.buildings.find((x: { id: string }) => x.id === b.id)).toMatchObject({ retired: true })
    expect(tree.units).toEqual([{ id: 'u1', name: '区税务局机关党支部' }])
  })

  it('a street admin works in its own street only; others may not change the organisation; bad input writes nothing', async () => {
    await unchangedBy(async () => {
      expect(await street2.call('org', 'renamePlace', { kind: 'community', id: 'c1', name: '改名社区' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
      expect(await street2.call('org', 'createPlace', { requestKey: key(), kind: 'grid', parentId: 'c1', name: '新网格' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
      expect(await street2.call('org', 'tree', { streetId: 's1' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
      expect(await admin.call('org', 'retirePlace', { kind: 'grid', id: 'c1-g2', reason: '合并' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'ROLE_REQUIRED' } })
      expect(await street.call('org', 'createPlace', { requestKey: 'x', kind: 'block', parentId: 'c1', name: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { requestKey: '请求编号不正确', kind: expect.any(String), name: '请填写名称' } } })
      expect(await street.call('org', 'retirePlace', { kind: 'grid', id: 'c1-g2', reason: ' ' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { reason: '请填写撤销原因' } } })
      expect(await street.call('org', 'renamePlace', { kind: 'grid', id: 'nowhere', name: '新名' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    })
  })
})

describe('人员任命', () => {
  it('finds a person by phone inside the scope', async () => {
    expect(await must(street.call('org', 'findPerson', { phone: '13700001111' }))).toMatchObject({ id: person.openid, name: '刘桂芳', phone: '137****1111', communityName: '和平社区', grants: [] })
    expect(await street2.call('org', 'findPerson', { phone: '13700001111' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await otherAdmin.call('org', 'findPerson', { phone: '13700001111' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(await street.call('org', 'findPerson', { phone: '13799999999' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await street.call('org', 'findPerson', { phone: '123' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { phone: '请输入11位手机号' } } })
  })

  it('assigns a grid worker and a community admin to one person, audited with who and why; revokes one', async () => {
    const a = await must(street.call('org', 'assign', { userId: person.openid, role: 'gridWorker', scopeId: 'c1-g2', reason: '原网格员退休' }))
    expect(a.grants).toEqual([expect.objectContaining({ role: 'gridWorker', communityId: 'c1', gridId: 'c1-g2', streetId: 's1', label: '网格员', scopeName: '和平社区 · 第2网格' })])
    await must(street.call('org', 'assign', { userId: person.openid, role: 'communityAdmin', scopeId: 'c1', reason: '社区换届' }))
    expect(grantsOf(person.openid)).toEqual([
      { role: 'gridWorker', streetId: 's1', communityId: 'c1', gridId: 'c1-g2' },
      { role: 'communityAdmin', streetId: 's1', communityId: 'c1' },
    ])
    expect(env.findAll('audit', { targetId: person.openid }).map((x) => [x.by, x.action, x.note])).toEqual(
      expect.arrayContaining([
        [street.openid, 'assign', '任命为网格员（第2网格）：原网格员退休'],
        [street.openid, 'assign', '任命为社区党组织（和平社区）：社区换届'],
      ]),
    )
    expect(env.find('users', person.openid).outbox).toEqual([])
    expect(env.findAll('notifications', { openid: person.openid }).map((n) => n.title)).toEqual(['您有新的任命', '您有新的任命'])
    // The person now acts as a grid worker of c1-g2 (the role gate of an order call lets them in).
    expect(await env.as(person.openid).call('order', 'inbox', { tab: 'todo' })).toMatchObject({ ok: true })

    const r = await must(street.call('org', 'revoke', { userId: person.openid, role: 'communityAdmin', scopeId: 'c1', reason: '调离' }))
    expect(r.grants.map((g: { role: string }) => g.role)).toEqual(['gridWorker'])
    expect(env.findAll('audit', { targetId: person.openid, action: 'revoke' })).toEqual([expect.objectContaining({ by: street.openid, note: '撤销社区党组织（和平社区）：调离' })])
    // Revoking what is not held changes nothing.
    await unchangedBy(async () => must(street.call('org', 'revoke', { userId: person.openid, role: 'communityAdmin', scopeId: 'c1', reason: '调离' })))
  })

  it('20 concurrent duplicate assignments give one grant and one audit entry', async () => {
    const calls = Array.from({ length: 20 }, () => street.call('org', 'assign', { userId: resident.openid, role: 'department', scopeId: 'd1', reason: '借调' }))
    const res = await Promise.all(calls)
    expect(res.every((r) => r.ok)).toBe(true)
    expect(grantsOf(resident.openid)).toEqual([{ role: 'department', streetId: 's1', departmentId: 'd1' }])
    expect(env.findAll('audit', { targetId: resident.openid, action: 'assign' })).toHaveLength(1)
    expect(env.findAll('notifications', { openid: resident.openid })).toHaveLength(1)
  })

  it('a community admin appoints grid workers of its own community only; nobody else appoints; nothing written when refused', async () => {
    await must(admin.call('org', 'assign', { userId: resident.openid, role: 'gridWorker', scopeId: 'c1-g1', reason: '楼栋长推荐' }))
    expect(grantsOf(resident.openid)).toContainEqual({ role: 'gridWorker', streetId: 's1', communityId: 'c1', gridId: 'c1-g1' })
    await unchangedBy(async () => {
      expect(await admin.call('org', 'assign', { userId: resident.openid, role: 'communityAdmin', scopeId: 'c1', reason: '自荐' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'GRANT_NOT_ASSIGNABLE' } })
      expect(await admin.call('org', 'assign', { userId: resident.openid, role: 'gridWorker', scopeId: 'c2-g1', reason: '跨社区' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'OUT_OF_SCOPE' } })
      expect(await admin.call('org', 'assign', { userId: resident.openid, role: 'department', scopeId: 'd1', reason: '跨级' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
      expect(await street2.call('org', 'assign', { userId: resident.openid, role: 'gridWorker', scopeId: 'c1-g1', reason: '跨街道' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
      expect(await street2.call('org', 'revoke', { userId: resident.openid, role: 'gridWorker', scopeId: 'c1-g1', reason: '跨街道' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
      expect(await env.as(person.openid).call('org', 'assign', { userId: resident.openid, role: 'gridWorker', scopeId: 'c1-g2', reason: '网格员自己任命' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
      expect(await street.call('org', 'assign', { userId: resident.openid, role: 'member', scopeId: 'c1', reason: '党员' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { role: expect.any(String) } } })
      expect(await street.call('org', 'assign', { userId: resident.openid, role: 'gridWorker', scopeId: 'c1-g1' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { reason: expect.any(String) } } })
      expect(await street.call('org', 'assign', { userId: 'nobody', role: 'gridWorker', scopeId: 'c1-g1', reason: '测试' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reason: 'USER_NOT_FOUND' } })
      expect(await street.call('org', 'assign', { userId: resident.openid, role: 'gridWorker', scopeId: 'c9-g9', reason: '测试' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    })
  })

  it('no grant on a retired grid; the revocation of one still works', async () => {
    const grid = await must(street.call('org', 'createPlace', { requestKey: key(), kind: 'grid', parentId: 'c2', name: '临时网格' }))
    await must(street.call('org', 'assign', { userId: resident.openid, role: 'gridWorker', scopeId: grid.id, reason: '临时' }))
    await must(street.call('org', 'retirePlace', { kind: 'grid', id: grid.id, reason: '合并' }))
    expect(await street.call('org', 'assign', { userId: person.openid, role: 'gridWorker', scopeId: grid.id, reason: '临时' })).toMatchObject({ ok: false, error: { reason: 'PLACE_RETIRED' } })
    await must(street.call('org', 'revoke', { userId: resident.openid, role: 'gridWorker', scopeId: grid.id, reason: '网格撤销' }))
    expect(grantsOf(resident.openid).some((g: { gridId?: string }) => g.gridId === grid.id)).toBe(false)
  })
})
