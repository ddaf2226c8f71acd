// The permission test generated from the matrix (shared/permissions.ts): every org call × every role ×
// the caller's own community / another community of the street / a community of another street. For
// each, a fresh target is made there, the expected answer is worked out from the matrix alone (the
// caller's grants and the target's place), and the real call must agree: allowed calls succeed, refused
// ones answer PERMISSION_DENIED and write nothing (every collection compared before and after).
import fs from 'node:fs'
import path from 'node:path'
import { effectiveGrants } from '../../cloudfunctions/common/handler'
import { registrationId } from '../../cloudfunctions/org/access'
import { allowing, ORG_PERMISSIONS, type OrgCall, type Target } from '../../shared/permissions'
import { ROLES, type Role } from '../../shared/roles'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { requestKey } from '../support/orders'

jest.setTimeout(180_000)

const COLLECTIONS = Object.keys(JSON.parse(fs.readFileSync(path.join(__dirname, '../../cloudfunctions/collections.json'), 'utf8')).collections as object)

type Place = 'own' | 'otherCommunity' | 'otherStreet'
const PLACES: Record<Place, { communityId: string; streetId: string; unitId: string }> = {
  own: { communityId: 'c1', streetId: 's1', unitId: 'u1' },
  otherCommunity: { communityId: 'c2', streetId: 's1', unitId: 'u2' },
  otherStreet: { communityId: 'c3', streetId: 's2', unitId: 'u3' },
}

let env: TestCloud
const actors = {} as Record<Role, TestUser>
let n = 0
const next = () => ++n
const at = () => new Date(env.clock.now())
const insert = (collection: string, doc: Record<string, unknown>) => env.cloud.emulator.db.insert(collection, [doc])

function regDoc(unitId: string, communityId: string, streetId: string, status: string) {
  return {
    _id: registrationId(unitId, communityId),
    version: 1,
    outbox: [],
    unitId,
    unitName: `单位${unitId}`,
    streetId,
    communityId,
    communityName: `社区${communityId}`,
    status,
    contactName: '联系人',
    contactPhone: '13900000000',
    resources: [{ id: 'r1', title: '场地', kind: '场地' }],
    nextResourceNo: 2,
    held: false,
    by: 'someone',
    timeline: [],
    createdAt: at(),
    updatedAt: at(),
  }
}

function needDoc(communityId: string, streetId: string) {
  const id = `need-${next()}`
  insert('needs', { _id: id, version: 1, outbox: [], streetId, communityId, title: '需求', source: 'admin', status: 'open', held: false, by: 'someone', createdAt: at(), updatedAt: at() })
  return id
}

function freshCommunity(streetId: string) {
  const id = `cx${next()}`
  insert('communities', { _id: id, name: `新社区${id}`, streetId, createdAt: at() })
  return id
}

function freshUnit(streetId: string) {
  const id = `ux${next()}`
  insert('units', { _id: id, name: `新单位${id}`, streetId, createdAt: at() })
  return id
}

function person(communityId: string, streetId: string, grants: object[] = []) {
  const id = `p${next()}`
  const phone = `137${String(10_000_000 + n).slice(-8)}`
  insert('users', { _id: id, nickname: '某人', realName: '某人', phone, communityId, streetId, gridId: `${communityId}-g1`, grants, createdAt: at(), updatedAt: at() })
  return { id, phone }
}

/** For each call: a fresh target at the place, the payload, and where it is for the matrix. */
const FIXTURES: Record<OrgCall, (p: (typeof PLACES)[Place], role: Role) => { payload: Record<string, unknown>; target: Target }> = {
  tree: (p) => ({ payload: { streetId: p.streetId }, target: { streetId: p.streetId } }),
  createPlace: (p) => ({ payload: { requestKey: requestKey(), kind: 'grid', parentId: p.communityId, name: `网格${next()}` }, target: { streetId: p.streetId, communityId: p.communityId } }),
  renamePlace: (p) => {
    const id = `gx${next()}`
    insert('grids', { _id: id, name: '旧名', communityId: p.communityId, streetId: p.streetId, createdAt: at() })
    return { payload: { kind: 'grid', id, name: `新名${n}` }, target: { streetId: p.streetId, communityId: p.communityId, gridId: id } }
  },
  retirePlace: (p) => {
    const id = `gx${next()}`
    insert('grids', { _id: id, name: '要撤的网格', communityId: p.communityId, streetId: p.streetId, createdAt: at() })
    return { payload: { kind: 'grid', id, reason: '合并' }, target: { streetId: p.streetId, communityId: p.communityId, gridId: id } }
  },
  findPerson: (p) => ({ payload: { phone: person(p.communityId, p.streetId).phone }, target: { streetId: p.streetId, communityId: p.communityId } }),
  assign: (p) => ({
    payload: { userId: person('c1', 's1').id, role: 'gridWorker', scopeId: `${p.communityId}-g1`, reason: '任命' },
    target: { streetId: p.streetId, communityId: p.communityId, gridId: `${p.communityId}-g1` },
  }),
  revoke: (p) => {
    const grant = { role: 'gridWorker', streetId: p.streetId, communityId: p.communityId, gridId: `${p.communityId}-g1` }
    return { payload: { userId: person('c1', 's1', [grant]).id, role: 'gridWorker', scopeId: `${p.communityId}-g1`, reason: '撤销' }, target: { streetId: p.streetId, communityId: p.communityId, gridId: `${p.communityId}-g1` } }
  },
  unitReport: (p) => {
    const communityId = freshCommunity(p.streetId)
    return {
      payload: { communityId, contactName: '何文静', contactPhone: '13900001111', resources: [{ title: '会议室', kind: '场地' }] },
      target: { unitId: 'u1', unitStreetId: 's1', streetId: p.streetId, communityId },
    }
  },
  myUnit: () => ({ payload: {}, target: { unitId: 'u1' } }),
  withdrawUnit: (p) => {
    const doc = regDoc(p.unitId, freshCommunity(p.streetId), p.streetId, 'pending')
    insert('unit_registrations', doc)
    return { payload: { registrationId: doc._id }, target: { unitId: p.unitId } }
  },
  updateResources: (p) => {
    const doc = regDoc(p.unitId, freshCommunity(p.streetId), p.streetId, 'pending')
    insert('unit_registrations', doc)
    return { payload: { registrationId: doc._id, resources: [{ id: 'r1', title: '大会议室', kind: '场地' }] }, target: { unitId: p.unitId } }
  },
  units: (p) => ({ payload: { communityId: p.communityId }, target: { streetId: p.streetId, communityId: p.communityId } }),
  reviewUnit: (p, role) => {
    // The street may end a co-building (the table gives it no approval); the community reviews.
    const doc = regDoc(freshUnit(p.streetId), p.communityId, p.streetId, role === 'streetAdmin' ? 'approved' : 'pending')
    insert('unit_registrations', doc)
    return { payload: role === 'streetAdmin' ? { registrationId: doc._id, decision: 'revoke', reason: '调整' } : { registrationId: doc._id, decision: 'approve' }, target: { streetId: p.streetId, communityId: p.communityId } }
  },
  unitMembers: () => ({ payload: {}, target: { unitId: 'u1' } }),
  memberWork: (p) => ({ payload: { memberId: person(p.communityId, p.streetId, [{ role: 'member', communityId: p.communityId, streetId: p.streetId, unitId: p.unitId }]).id }, target: { unitId: p.unitId } }),
  unitWishes: () => ({ payload: {}, target: { unitId: 'u1' } }),
  resources: (p) => ({ payload: { communityId: p.communityId }, target: { streetId: p.streetId, communityId: p.communityId } }),
  needs: (p) => ({ payload: { communityId: p.communityId }, target: { streetId: p.streetId, communityId: p.communityId, partnerUnitIds: [p.unitId] } }),
  createNeed: (p) => ({ payload: { requestKey: requestKey(), communityId: p.communityId, title: '新需求' }, target: { streetId: p.streetId, communityId: p.communityId } }),
  updateNeed: (p) => ({ payload: { needId: needDoc(p.communityId, p.streetId), detail: '补充说明' }, target: { streetId: p.streetId, communityId: p.communityId } }),
  projects: (p) => ({ payload: { communityId: p.communityId }, target: { streetId: p.streetId, communityId: p.communityId, partnerUnitIds: [p.unitId] } }),
  createProject: (p) => ({
    payload: { requestKey: requestKey(), needId: needDoc(p.communityId, p.streetId), registrationId: registrationId(p.unitId, p.communityId), resourceId: 'r1' },
    target: { streetId: p.streetId, communityId: p.communityId, partnerUnitIds: [p.unitId] },
  }),
  moveProject: (p) => {
    const id = `pj${next()}`
    insert('projects', {
      _id: id,
      version: 1,
      outbox: [],
      streetId: p.streetId,
      communityId: p.communityId,
      communityName: '社区',
      title: '项目',
      needId: 'n',
      needTitle: '需求',
      registrationId: registrationId(p.unitId, p.communityId),
      resourceId: 'r1',
      resourceTitle: '场地',
      unitId: p.unitId,
      unitName: '单位',
      status: 'claimed',
      public: true,
      held: false,
      by: 'someone',
      timeline: [],
      createdAt: at(),
      updatedAt: at(),
    })
    return { payload: { projectId: id, action: 'start' }, target: { streetId: p.streetId, communityId: p.communityId, unitId: p.unitId } }
  },
}

beforeAll(async () => {
  env = await startTestCloud()
  insert('units', { _id: 'u2', name: '区图书馆党支部', streetId: 's1', createdAt: at() })
  insert('units', { _id: 'u3', name: '和谐街道卫生院党支部', streetId: 's2', createdAt: at() })
  // Each place's partner unit, approved there.
  for (const p of Object.values(PLACES)) insert('unit_registrations', regDoc(p.unitId, p.communityId, p.streetId, 'approved'))
  const spec: Record<Role, Parameters<TestCloud['user']>[0]> = {
    resident: { community: 'c1' },
    member: { community: 'c1', roles: ['member'] },
    volunteer: { community: 'c1', roles: ['volunteer'] },
    gridWorker: { community: 'c1', grid: 'c1-g1', roles: ['gridWorker'] },
    communityAdmin: { community: 'c1', roles: ['communityAdmin'] },
    streetAdmin: { street: 's1', roles: ['streetAdmin'] },
    unitAdmin: { street: 's1', roles: ['unitAdmin'], unit: 'u1' },
    department: { street: 's1', roles: ['department'], department: 'd1' },
    storeVerifier: { community: 'c1', roles: ['storeVerifier'] },
  }
  for (const role of ROLES) actors[role] = await env.user({ ...spec[role], id: `actor-${role}` })
})
afterAll(() => env.close())

function snapshot() {
  return COLLECTIONS.map((c) => env.findAll(c).sort((a, b) => (String(a._id) < String(b._id) ? -1 : 1)))
}

const calls = Object.keys(ORG_PERMISSIONS) as OrgCall[]
const seen: Record<string, { allowed: number; refused: number }> = {}

it('the matrix names every org call and the function answers every one of them', async () => {
  const { main } = await import('../../cloudfunctions/org/index')
  expect([...main.actions].sort()).toEqual([...calls].sort())
})

describe.each(calls)('org.%s', (call) => {
  it.each(ROLES.flatMap((role) => (Object.keys(PLACES) as Place[]).map((place) => [role, place] as const)))('%s at %s', async (role, place) => {
    const { payload, target } = FIXTURES[call](PLACES[place], role)
    const grants = effectiveGrants(env.find('users', actors[role].openid))
    const allowed = allowing(ORG_PERMISSIONS, call, grants, target).length > 0
    const before = snapshot()
    const res = await actors[role].call('org', call, payload)
    seen[call] ??= { allowed: 0, refused: 0 }
    seen[call][allowed ? 'allowed' : 'refused']++
    if (allowed) {
      expect(res).toMatchObject({ ok: true })
    } else {
      expect(res).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
      expect(snapshot()).toEqual(before)
    }
  })
})

it('every call was both allowed and refused somewhere (the cases above can fail both ways)', () => {
  for (const call of calls) {
    expect([call, seen[call].allowed > 0, seen[call].refused > 0]).toEqual([call, true, true])
    expect(seen[call].allowed + seen[call].refused).toBe(ROLES.length * 3)
  }
})
