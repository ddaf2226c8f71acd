// The permission test of the member function, generated from the matrix (MEMBER_PERMISSIONS in
// shared/permissions.ts): every member call × every role × the caller's own community / another community
// of the street / a community of another street, and for the calls on a registration, the caller's own
// one and someone else's. Each case has a fresh caller (living in c1, holding the role) and a fresh
// target; the expected answer is worked out from the matrix alone, and the real call must agree: allowed
// calls succeed, refused ones answer PERMISSION_DENIED and write nothing (every collection compared).
import fs from 'node:fs'
import path from 'node:path'
import { effectiveGrants } from '../../cloudfunctions/common/handler'
import { registrationId } from '../../cloudfunctions/member/registrations'
import { memberApi } from '../../shared/contracts/member'
import { PRIVACY_VERSION } from '../../shared/members/model'
import { MEMBER_PERMISSIONS, memberRolesOf, permits, type MemberCall, type Target } from '../../shared/permissions'
import { ROLES, type Grant, type Role } from '../../shared/roles'
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { requestKey } from '../support/orders'

jest.setTimeout(300_000)

const COLLECTIONS = Object.keys(JSON.parse(fs.readFileSync(path.join(__dirname, '../../cloudfunctions/collections.json'), 'utf8')).collections as object)

type Place = 'own' | 'otherCommunity' | 'otherStreet'
interface At {
  communityId: string
  streetId: string
  unitId: string
}
const PLACES: Record<Place, At> = {
  own: { communityId: 'c1', streetId: 's1', unitId: 'u1' },
  otherCommunity: { communityId: 'c2', streetId: 's1', unitId: 'u2' },
  otherStreet: { communityId: 'c3', streetId: 's2', unitId: 'u3' },
}

/** Each role's grants; every caller lives in c1 (and so holds its resident grant too). */
const GRANTS: Record<Role, Grant[]> = {
  resident: [],
  member: [{ role: 'member', communityId: 'c1', streetId: 's1' }],
  volunteer: [{ role: 'volunteer', communityId: 'c1', streetId: 's1' }],
  gridWorker: [{ role: 'gridWorker', communityId: 'c1', streetId: 's1', gridId: 'c1-g1' }],
  communityAdmin: [{ role: 'communityAdmin', communityId: 'c1', streetId: 's1' }],
  streetAdmin: [{ role: 'streetAdmin', streetId: 's1' }],
  unitAdmin: [{ role: 'unitAdmin', unitId: 'u1', streetId: 's1' }],
  department: [{ role: 'department', departmentId: 'd1', streetId: 's1' }],
  storeVerifier: [{ role: 'storeVerifier', communityId: 'c1', streetId: 's1' }],
}

let env: TestCloud
let n = 0
const next = () => ++n
const at = () => new Date(env.clock.now())
const insert = (collection: string, doc: Record<string, unknown>) => env.cloud.emulator.db.insert(collection, [doc])

function person(role: Role): string {
  const id = `mp-${role}-${next()}`
  insert('users', {
    _id: id,
    nickname: '某人',
    realName: '某人',
    phone: `137${String(10_000_000 + n).slice(-8)}`,
    communityId: 'c1',
    streetId: 's1',
    gridId: 'c1-g1',
    buildingId: 'c1-g1-b1',
    room: '1单元101',
    grants: GRANTS[role],
    consent: { version: PRIVACY_VERSION, at: at() },
    largeText: false,
    createdAt: at(),
    updatedAt: at(),
  })
  return id
}

/** A registration stored as the member function writes it (pending or approved, with the place's unit). */
function registration(openid: string, p: At, status: 'pending' | 'approved') {
  const id = registrationId(openid, p.communityId)
  const gridId = `${p.communityId}-g1`
  insert('registrations', {
    _id: id,
    openid,
    type: 'member',
    status,
    version: 1,
    requestKey: `seed${next()}key`,
    streetId: p.streetId,
    communityId: p.communityId,
    gridId,
    buildingId: `${gridId}-b1`,
    realName: '某党员',
    phone: '13600000000',
    unitId: p.unitId,
    unitName: `单位${p.unitId}`,
    branch: '某党支部',
    skills: ['维修'],
    availability: ['sat-am'],
    promise: '义务维修',
    held: [],
    submittedAt: at(),
    ...(status === 'approved' ? { approvedAt: at() } : {}),
    timeline: [{ at: at(), by: openid, role: 'person', action: 'report', to: 'pending' }],
    outbox: [],
    createdAt: at(),
    updatedAt: at(),
  })
  return id
}

/** Whose record a call on a registration acts on; '-' for the calls that take none. */
type Whose = 'mine' | 'another' | '-'
/** roster asks for a community's members or a unit's. */
type Variant = Whose | 'byCommunity' | 'byUnit'

interface Fixture {
  variants?: readonly Variant[]
  make(p: At, caller: string, variant: Variant): { payload: Record<string, unknown>; target: Target }
}

const self = { self: true }
const place = (p: At): Target => ({ streetId: p.streetId, communityId: p.communityId })

/** The registration a case acts on: the caller's own at the place (they lived there once), or another person's. */
function regAt(p: At, caller: string, whose: Variant, status: 'pending' | 'approved') {
  const owner = whose === 'mine' ? caller : person('resident')
  const id = registration(owner, p, status)
  const target: Target = whose === 'mine' ? self : { ...place(p), unitId: p.unitId, unitStreetId: p.streetId }
  return { id, target }
}

const FIXTURES: Record<MemberCall, Fixture> = {
  login: { make: () => ({ payload: {}, target: self }) },
  profile: { make: () => ({ payload: {}, target: self }) },
  // Moving home to the place: one's own profile, anywhere.
  updateProfile: { make: (p) => ({ payload: { communityId: p.communityId, gridId: `${p.communityId}-g2`, buildingId: `${p.communityId}-g2-b1`, room: '2单元202' }, target: self }) },
  orgTree: { make: (p) => ({ payload: { streetId: p.streetId }, target: place(p) }) },
  consent: { make: () => ({ payload: { version: PRIVACY_VERSION }, target: self }) },
  reportOptions: { make: (p) => ({ payload: { communityId: p.communityId }, target: place(p) }) },
  report: {
    make: (p) => ({
      payload: {
        requestKey: requestKey(),
        type: 'member',
        communityId: p.communityId,
        gridId: `${p.communityId}-g1`,
        buildingId: `${p.communityId}-g1-b1`,
        realName: '李报到',
        phone: '13700001234',
        unitName: '某单位',
        branch: '某党支部',
        skills: ['维修'],
        availability: ['sat-am'],
        promise: '每月义务维修一次',
      },
      target: { ...place(p), self: true },
    }),
  },
  myReport: { make: () => ({ payload: {}, target: self }) },
  withdrawReport: {
    variants: ['mine', 'another'],
    make: (p, caller, whose) => {
      const r = regAt(p, caller, whose, 'pending')
      return { payload: { registrationId: r.id, reason: '不报了' }, target: r.target }
    },
  },
  getReport: {
    variants: ['mine', 'another'],
    make: (p, caller, whose) => {
      // Approved: a unit's admins read its approved members only.
      const r = regAt(p, caller, whose, 'approved')
      return { payload: { registrationId: r.id }, target: r.target }
    },
  },
  reviewReport: {
    make: (p) => {
      const r = regAt(p, '', 'another', 'pending')
      return { payload: { registrationId: r.id, decision: 'approve' }, target: r.target }
    },
  },
  reports: { make: (p) => ({ payload: { communityId: p.communityId, status: 'pending' }, target: place(p) }) },
  roster: {
    variants: ['byCommunity', 'byUnit'],
    make: (p, _caller, by) => {
      registration(person('resident'), p, 'approved')
      return by === 'byUnit'
        ? { payload: { unitId: p.unitId }, target: { unitId: p.unitId, unitStreetId: p.streetId } }
        : { payload: { communityId: p.communityId }, target: place(p) }
    },
  },
  deleteAccount: { make: () => ({ payload: { confirm: true }, target: self }) },
}

beforeAll(async () => {
  env = await startTestCloud()
  insert('units', { _id: 'u2', name: '区图书馆党支部', streetId: 's1', createdAt: at() })
  insert('units', { _id: 'u3', name: '和谐街道卫生院党支部', streetId: 's2', createdAt: at() })
})
afterAll(() => env.close())

function snapshot() {
  return COLLECTIONS.map((c) => env.findAll(c).sort((a, b) => (String(a._id) < String(b._id) ? -1 : 1)))
}

const calls = Object.keys(MEMBER_PERMISSIONS) as MemberCall[]
const seen: Record<string, { allowed: number; refused: number }> = {}

it('the matrix names every member call, the function answers every one, and each contract takes its role gate from it', async () => {
  const { main } = await import('../../cloudfunctions/member/index')
  expect([...main.actions].sort()).toEqual([...calls].sort())
  expect(Object.keys(memberApi).sort()).toEqual([...calls].sort())
  for (const call of calls) expect([call, memberApi[call].roles]).toEqual([call, memberRolesOf(call)])
})

const cases = (call: MemberCall) =>
  ROLES.flatMap((role) => (Object.keys(PLACES) as Place[]).flatMap((p) => (FIXTURES[call].variants ?? (['-'] as const)).map((v) => [role, p, v] as const)))

describe.each(calls)('member.%s', (call) => {
  it.each(cases(call))('%s at %s (%s)', async (role, p, variant) => {
    const caller = person(role)
    const { payload, target } = FIXTURES[call].make(PLACES[p], caller, variant)
    const grants = effectiveGrants(env.find('users', caller))
    const allowed = permits(MEMBER_PERMISSIONS, call, grants, target)
    const before = snapshot()
    const res = await env.as(caller).call('member', call, payload)
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

it('every call limited by the matrix was both allowed and refused above (the cases can fail both ways)', () => {
  for (const call of calls) {
    const row: Partial<Record<Role | 'anyone', string>> = MEMBER_PERMISSIONS[call]
    expect(seen[call].allowed + seen[call].refused).toBe(cases(call).length)
    expect([call, seen[call].allowed > 0]).toEqual([call, true])
    // Calls anyone may make about themselves or publicly are refused only where a record is someone else's.
    const refusable = !row.anyone || FIXTURES[call].variants?.includes('another')
    expect([call, seen[call].refused > 0]).toEqual([call, !!refusable])
  }
})
