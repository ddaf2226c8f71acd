// Every call of the activity function refused for the wrong role, another community, someone else's
// sign-up, a phase that does not allow it, or bad input — and each refusal writes nothing: the
// activities, sign-ups, calendars, ledger, audit trail and notifications are what they were. Then a
// privacy walk over every read: names and phones only to the organisers; drafts only to them; another
// community's people learn nothing.
import { registrationId } from '../../cloudfunctions/org/access'
import { startTestCloud, T0, type TestCloud, type TestUser } from '../support/localCloud'
import { cast, type Cast } from '../support/orders'
import { activityInput, must, publishedActivity } from '../support/activities'

jest.setTimeout(180_000)

let env: TestCloud
let c: Cast
let unitAdmin: TestUser
let strangerUnit: TestUser
const ids: Record<string, string> = {}

beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
  unitAdmin = await env.user({ roles: ['unitAdmin'], unit: 'u1', street: 's1', name: '何文静' })
  strangerUnit = await env.user({ roles: ['unitAdmin'], unit: 'u2', street: 's1', name: '外单位' })
  env.cloud.emulator.db.insert('unit_registrations', [{ _id: registrationId('u1', 'c1'), unitId: 'u1', communityId: 'c1', streetId: 's1', status: 'approved', version: 1, outbox: [], timeline: [] }])
  ids.open = await publishedActivity(env, c.admin, { title: '开放活动', capacity: 1, buckets: [{ name: '司机', capacity: 1, membersOnly: true, skills: [], minAge: 18, points: { mode: 'fixed', amount: 30 } }, { name: '帮手', capacity: 1 }] })
  await must(c.member.call('activity', 'signup', { activityId: ids.open, bucket: 'b2' }))
  ids.draft = (await must(c.admin.call('activity', 'publish', activityInput(env, { title: '草稿活动', draft: true, start: new Date(env.clock.now() + 100 * 3600_000).toISOString(), end: new Date(env.clock.now() + 102 * 3600_000).toISOString(), signupEnd: new Date(env.clock.now() + 99 * 3600_000).toISOString() })))).id
  ids.other = await publishedActivity(env, c.otherAdmin, { title: '幸福社区活动', start: new Date(env.clock.now() + 200 * 3600_000).toISOString(), end: new Date(env.clock.now() + 202 * 3600_000).toISOString(), signupEnd: new Date(env.clock.now() + 199 * 3600_000).toISOString() })
})
afterAll(() => env.close())

const world = () => JSON.stringify(['activities', 'activity_signups', 'activity_calendars', 'ledger', 'audit', 'notifications'].map((k) => env.findAll(k).sort((a, b) => (a._id < b._id ? -1 : 1))))

type Case = [string, () => TestUser, string, () => object, string]
const H = 3600_000
const pub = (over: Record<string, unknown> = {}) => () => activityInput(env, over)
const CASES: Case[] = [
  ['publish: a resident', () => c.resident, 'publish', pub(), 'ROLE_REQUIRED'],
  ['publish: a member', () => c.member, 'publish', pub(), 'ROLE_REQUIRED'],
  ['publish: a grid worker', () => c.grid, 'publish', pub(), 'ROLE_REQUIRED'],
  ['publish: another community admin for c1', () => c.otherAdmin, 'publish', pub({ communityId: 'c1' }), 'OUT_OF_SCOPE'],
  ['publish: a unit that is no partner of c1', () => strangerUnit, 'publish', pub({ communityId: 'c1', unitId: 'u2' }), 'OUT_OF_SCOPE'],
  ['publish: a unit admin naming a unit not theirs', () => unitAdmin, 'publish', pub({ communityId: 'c1', unitId: 'u2' }), 'OUT_OF_SCOPE'],
  ['publish: end before start', () => c.admin, 'publish', pub({ end: new Date(T0 + 47 * H).toISOString() }), 'BAD_INPUT'],
  ['publish: in the past', () => c.admin, 'publish', pub({ start: new Date(T0 - H).toISOString(), end: new Date(T0 + H).toISOString(), signupEnd: new Date(T0).toISOString() }), 'BAD_INPUT'],
  ['publish: sign-up ends after the end', () => c.admin, 'publish', pub({ signupEnd: new Date(T0 + 60 * H).toISOString() }), 'BAD_INPUT'],
  ['publish: an impossible time', () => c.admin, 'publish', pub({ start: '2026-12-01T09:00:00+99:99' }), 'BAD_INPUT'],
  ['publish: a blank title', () => c.admin, 'publish', pub({ title: '\u200b \u3000' }), 'BAD_INPUT'],
  ['publish: capacity 1.5', () => c.admin, 'publish', pub({ capacity: 1.5 }), 'BAD_INPUT'],
  ['publish: two buckets of one name', () => c.admin, 'publish', pub({ buckets: [{ name: '帮手', capacity: 1 }, { name: '帮手', capacity: 2 }] }), 'BAD_INPUT'],
  ['publish: risky text', () => c.admin, 'publish', pub({ description: '这里有赌博网站' }), 'CONTENT_RISKY'],
  ['publish: someone else\'s cover', () => c.admin, 'publish', pub({ cover: 'cloud://local-env.6c6f-local-env/uploads/someone/2026/x.jpg' }), 'FILE_NOT_OWNED'],
  ['update: a member', () => c.member, 'update', () => ({ activityId: ids.open, title: '改名' }), 'ROLE_REQUIRED'],
  ['update: another community admin', () => c.otherAdmin, 'update', () => ({ activityId: ids.open, title: '改名' }), 'OUT_OF_SCOPE'],
  ['update: the time once people signed up', () => c.admin, 'update', () => ({ activityId: ids.open, start: new Date(T0 + 50 * H).toISOString(), end: new Date(T0 + 53 * H).toISOString() }), 'ACTIVITY_TRANSITION_NOT_ALLOWED'],
  ['update: capacity below the places taken', () => c.admin, 'update', () => ({ activityId: ids.open, capacities: { b2: 0.5 } }), 'BAD_INPUT'],
  ['cancel: a member', () => c.member, 'cancel', () => ({ activityId: ids.open, reason: '不想办了' }), 'ROLE_REQUIRED'],
  ['cancel: another community admin', () => c.otherAdmin, 'cancel', () => ({ activityId: ids.open, reason: '不想办了' }), 'OUT_OF_SCOPE'],
  ['cancel: no reason', () => c.admin, 'cancel', () => ({ activityId: ids.open }), 'BAD_INPUT'],
  ['finish: before it ended', () => c.admin, 'finish', () => ({ activityId: ids.open }), 'ACTIVITY_TRANSITION_NOT_ALLOWED'],
  ['signup: a draft', () => c.member2, 'signup', () => ({ activityId: ids.draft }), 'ACTIVITY_NOT_FOUND'],
  ['signup: another community\'s activity', () => c.member2, 'signup', () => ({ activityId: ids.other }), 'ACTIVITY_NOT_FOUND'],
  ['signup: a bucket that does not exist', () => c.member2, 'signup', () => ({ activityId: ids.open, bucket: 'b9' }), 'BAD_INPUT'],
  ['signup: no bucket named where there are two', () => c.member2, 'signup', () => ({ activityId: ids.open }), 'BAD_INPUT'],
  ['signup: 党员 only, as a volunteer', () => c.volunteer, 'signup', () => ({ activityId: ids.open, bucket: 'b1', birthYear: 1990 }), 'ACTIVITY_INELIGIBLE'],
  ['signup: minimum age without a birth year', () => c.member2, 'signup', () => ({ activityId: ids.open, bucket: 'b1' }), 'ACTIVITY_INELIGIBLE'],
  ['signup: too young', () => c.member2, 'signup', () => ({ activityId: ids.open, bucket: 'b1', birthYear: 2015 }), 'ACTIVITY_INELIGIBLE'],
  ['signup: 代报名 by a resident', () => c.resident, 'signup', () => ({ activityId: ids.open, bucket: 'b2', forPerson: { name: '李奶奶' } }), 'ROLE_REQUIRED'],
  ['signup: 代报名 by another community\'s admin', () => c.otherAdmin, 'signup', () => ({ activityId: ids.open, bucket: 'b2', forPerson: { name: '李奶奶' } }), 'OUT_OF_SCOPE'],
  ['signup: a bad phone in 代报名', () => c.grid, 'signup', () => ({ activityId: ids.open, bucket: 'b2', forPerson: { name: '李奶奶', phone: '2345' } }), 'BAD_INPUT'],
  ['withdraw: never signed up', () => c.member2, 'withdraw', () => ({ activityId: ids.open }), 'ACTIVITY_NOT_SIGNED_UP'],
  ['withdraw: someone else', () => c.member2, 'withdraw', () => ({ activityId: ids.open, openid: c.member.openid }), 'ACTIVITY_NOT_SIGNED_UP'],
  ['confirmPlace: not on the lists', () => c.member2, 'confirmPlace', () => ({ activityId: ids.open }), 'ACTIVITY_NOT_SIGNED_UP'],
  ['checkin: before the window', () => c.member, 'checkin', () => ({ activityId: ids.open, code: 'ABCDEF' }), 'ACTIVITY_CHECKIN_CLOSED'],
  ['checkin: no way given', () => c.member, 'checkin', () => ({ activityId: ids.open }), 'BAD_INPUT'],
  ['checkin: two ways at once', () => c.member, 'checkin', () => ({ activityId: ids.open, code: 'ABCDEF', location: { lat: 1, lng: 1 } }), 'BAD_INPUT'],
  ['checkin: not signed up', () => c.member2, 'checkin', () => ({ activityId: ids.open, code: 'ABCDEF' }), 'ACTIVITY_NOT_SIGNED_UP'],
  ['checkinCode: a participant', () => c.member, 'checkinCode', () => ({ activityId: ids.open }), 'ROLE_REQUIRED'],
  ['checkinCode: another community admin', () => c.otherAdmin, 'checkinCode', () => ({ activityId: ids.open }), 'OUT_OF_SCOPE'],
  ['roster: a street admin (reads activities, not people)', () => c.street, 'roster', () => ({ activityId: ids.open }), 'ROLE_REQUIRED'],
  ['roster: another community admin', () => c.otherAdmin, 'roster', () => ({ activityId: ids.open }), 'OUT_OF_SCOPE'],
  ['roster: a unit admin of a partner for the community\'s own activity', () => unitAdmin, 'roster', () => ({ activityId: ids.open }), 'OUT_OF_SCOPE'],
  ['mark: someone not signed up', () => c.admin, 'mark', () => ({ activityId: ids.open, openid: c.member2.openid, mark: 'absent' }), 'ACTIVITY_TRANSITION_NOT_ALLOWED'],
  ['confirmHours: before it started', () => c.admin, 'confirmHours', () => ({ activityId: ids.open, items: [{ openid: c.member.openid, hours: 2 }] }), 'ACTIVITY_TRANSITION_NOT_ALLOWED'],
  ['confirmHours: a quarter hour', () => c.admin, 'confirmHours', () => ({ activityId: ids.open, items: [{ openid: c.member.openid, hours: 1.25 }] }), 'BAD_INPUT'],
  ['confirmHours: a member', () => c.member, 'confirmHours', () => ({ activityId: ids.open, items: [{ openid: c.member.openid, hours: 2 }] }), 'ROLE_REQUIRED'],
  ['export: another community admin', () => c.otherAdmin, 'export', () => ({ activityId: ids.open }), 'OUT_OF_SCOPE'],
  ['notify: a participant', () => c.member, 'notify', () => ({ activityId: ids.open, message: '大家好' }), 'ROLE_REQUIRED'],
  ['notify: an empty message', () => c.admin, 'notify', () => ({ activityId: ids.open, message: ' ' }), 'BAD_INPUT'],
  ['get: a draft, as a resident', () => c.resident, 'get', () => ({ activityId: ids.draft }), 'ACTIVITY_NOT_FOUND'],
  ['get: another community, as a resident there', () => c.outsider, 'get', () => ({ activityId: ids.open }), 'ACTIVITY_NOT_FOUND'],
  ['get: a made-up id', () => c.member, 'get', () => ({ activityId: 'nope' }), 'ACTIVITY_NOT_FOUND'],
  ['list: another community', () => c.outsider, 'list', () => ({ communityId: 'c1' }), 'OUT_OF_SCOPE'],
  ['list: a forged cursor', () => c.member, 'list', () => ({ cursor: 'eyJzIjo5OTl9' }), 'BAD_INPUT'],
  ['manage: a member', () => c.member, 'manage', () => ({}), 'ROLE_REQUIRED'],
  ['an unknown action', () => c.member, 'drop', () => ({}), 'UNKNOWN_ACTION'],
  ['extra fields', () => c.member, 'get', () => ({ activityId: ids.open, openid: 'x' }), 'BAD_INPUT'],
]

describe('refused, and nothing written', () => {
  it.each(CASES)('%s', async (_name, who, action, payload, reason) => {
    const before = world()
    const r = await who().call('activity', action, payload())
    expect(r).toMatchObject({ ok: false, error: { reason } })
    if (!r.ok) expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(world()).toBe(before)
  })
})

describe('privacy walk over every read', () => {
  const secrets = () => {
    const s = env.findAll('activity_signups', { activityId: ids.open })
    return [...s.map((x) => x.phone).filter(Boolean), ...s.map((x) => x.pass), env.find('activities', ids.open).codeKey, ...s.filter((x) => x.openid !== c.member.openid).map((x) => x.name)]
  }
  const reads = (u: TestUser) => [u.call('activity', 'get', { activityId: ids.open }), u.call('activity', 'list', {}), u.call('activity', 'mine', {}), u.call('activity', 'list', { when: 'past' })]

  it('a neighbour, a volunteer and a street admin see counts, never names, phones or 报名码', async () => {
    await must(c.grid.call('activity', 'signup', { activityId: ids.open, bucket: 'b2', forPerson: { name: '张大爷', phone: '13900001111' } }))
    for (const u of [c.resident, c.volunteer, c.street, c.member2]) {
      const text = JSON.stringify(await Promise.all(reads(u)))
      for (const s of [...secrets(), '李党员', '张大爷']) expect(text).not.toContain(s)
    }
  })

  it('a participant sees their own 报名码 and place, nobody else\'s', async () => {
    const v = await must(c.member.call('activity', 'get', { activityId: ids.open }))
    expect(v.my).toMatchObject({ place: 'registered', pass: env.find('activity_signups', `${ids.open}:${c.member.openid}`).pass })
    const text = JSON.stringify(v)
    expect(text).not.toContain('张大爷')
    expect(text).not.toContain('13900001111')
    expect(text).not.toContain(env.find('activities', ids.open).codeKey)
  })

  it('the organiser sees the roster with names and phones; drafts only to organisers', async () => {
    const r = await must(c.admin.call('activity', 'roster', { activityId: ids.open }))
    expect(r.items.map((x: { name: string }) => x.name)).toEqual(['李党员'])
    expect(r.items[0].phone).toMatch(/^1\d{10}$/)
    // 张大爷 came after the place was taken: waiting, first in line.
    const w = await must(c.admin.call('activity', 'roster', { activityId: ids.open, place: 'waitlisted' }))
    expect(w.items).toEqual([expect.objectContaining({ name: '张大爷', phone: '13900001111', proxy: true, position: 1, placeLabel: '候补中' })])
    expect((await must(c.admin.call('activity', 'manage', { status: 'draft' }))).items.map((x: { id: string }) => x.id)).toEqual([ids.draft])
    expect((await must(c.resident.call('activity', 'list', {}))).items.map((x: { id: string }) => x.id)).not.toContain(ids.draft)
  })

  it('a partner unit publishes for the community and organises its own activity only', async () => {
    const id = (await must(unitAdmin.call('activity', 'publish', activityInput(env, { communityId: 'c1', unitId: 'u1', title: '税务进社区', start: new Date(env.clock.now() + 300 * H).toISOString(), end: new Date(env.clock.now() + 302 * H).toISOString(), signupEnd: new Date(env.clock.now() + 299 * H).toISOString() })))).id
    expect(await must(unitAdmin.call('activity', 'get', { activityId: id }))).toMatchObject({ organiser: '区税务局机关党支部', organising: true })
    expect((await must(unitAdmin.call('activity', 'roster', { activityId: id }))).items).toEqual([])
    // The community's admins organise it too.
    expect(await must(c.admin.call('activity', 'get', { activityId: id }))).toMatchObject({ organising: true })
    expect((await must(unitAdmin.call('activity', 'manage', {}))).items.map((x: { id: string }) => x.id)).toEqual([id])
  })
})
