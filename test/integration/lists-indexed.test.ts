// Every list the app pages through reads on an index: with the whole demo of `npm start` in the store,
// each list call of every context, as each role that uses it, is answered without a collection scan
// (the emulator's planner counts a scan whenever no declared index serves a query's filter and sort,
// whatever the size of the collection). order-lists.test.ts shows the same for orders at 100,000.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureDemoData } from '../../localcloud/seed'
import { startLocalCloud, type LocalCloud } from '../../localcloud/server'

jest.setTimeout(600_000)

let dir: string
let cloud: LocalCloud
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-lists-'))
  cloud = await startLocalCloud({ port: 0, dataDir: dir })
  await ensureDemoData(cloud, dir)
})
afterAll(async () => {
  await cloud.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

type Answer = { ok: boolean; data?: { items?: Array<Record<string, unknown>>; nextCursor?: string }; error?: unknown }
async function call(openid: string, fn: string, action: string, payload: object): Promise<Answer> {
  return (await cloud.runtime.invoke(fn, { action, payload }, { openid })) as Answer
}

const RESIDENT = 'demo-resident-1'
const ADMIN = 'demo-admin-c1'
const MEMBER = 'demo-member-01'
const STREET = 'demo-street'
const DEPT = 'demo-dept-1'
const UNIT = 'demo-unit-admin'

/** [who, function, action, payload]: the lists the screens page through. */
function lists(ids: { activityId: string; memberId: string }): Array<[string, string, string, object]> {
  const rows: Array<[string, string, string, object]> = [
    [RESIDENT, 'order', 'listMine', {}],
    [RESIDENT, 'order', 'listMine', { status: 'open' }],
    [RESIDENT, 'order', 'listMine', { status: 'closed' }],
    [MEMBER, 'order', 'hall', {}],
    [MEMBER, 'order', 'myTasks', {}],
    [MEMBER, 'order', 'myTasks', { status: 'all' }],
    [DEPT, 'order', 'myTasks', {}],
    [RESIDENT, 'notice', 'list', {}],
    [ADMIN, 'notice', 'list', { unreadOnly: true }],
    [RESIDENT, 'wish', 'board', {}],
    [RESIDENT, 'wish', 'board', { progress: 'open' }],
    [RESIDENT, 'wish', 'board', { progress: 'done' }],
    [RESIDENT, 'wish', 'wall', {}],
    [RESIDENT, 'wish', 'mine', {}],
    [MEMBER, 'wish', 'mine', { as: 'claimer' }],
    [MEMBER, 'activity', 'list', {}],
    [MEMBER, 'activity', 'list', { when: 'past' }],
    [MEMBER, 'activity', 'mine', {}],
    [MEMBER, 'activity', 'mine', { when: 'past' }],
    [ADMIN, 'activity', 'roster', { activityId: ids.activityId }],
    [ADMIN, 'activity', 'roster', { activityId: ids.activityId, place: 'waitlisted' }],
    [MEMBER, 'points', 'history', {}],
    [MEMBER, 'points', 'ranking', {}],
    [MEMBER, 'points', 'ranking', { period: 'year' }],
    [MEMBER, 'points', 'goods', {}],
    [MEMBER, 'points', 'redemptions', {}],
    [ADMIN, 'points', 'goods', { all: true }],
    [ADMIN, 'points', 'storeRedemptions', {}],
    [ADMIN, 'member', 'reports', {}],
    [ADMIN, 'member', 'reports', { status: 'approved' }],
    [ADMIN, 'member', 'roster', {}],
    [ADMIN, 'member', 'roster', { gridId: 'c1-g1' }],
    [UNIT, 'member', 'roster', { unitId: 'u1' }],
    [ADMIN, 'org', 'units', { communityId: 'c1' }],
    [ADMIN, 'org', 'resources', { communityId: 'c1' }],
    [ADMIN, 'org', 'needs', { communityId: 'c1' }],
    [ADMIN, 'org', 'projects', {}],
    [UNIT, 'org', 'unitMembers', {}],
    [UNIT, 'org', 'memberWork', { memberId: ids.memberId }],
    [UNIT, 'org', 'unitWishes', {}],
    [UNIT, 'org', 'projects', { communityId: 'c1' }],
    [UNIT, 'order', 'myTasks', {}],
    [STREET, 'member', 'roster', { communityId: 'c1' }],
  ]
  for (const tab of ['todo', 'doing', 'done', 'all']) {
    rows.push([ADMIN, 'order', 'inbox', { tab }], [STREET, 'order', 'inbox', { tab }])
  }
  for (const status of ['pending_review', 'open', 'claimed', 'confirmed']) rows.push([ADMIN, 'wish', 'manage', { status }])
  for (const status of ['draft', 'published', 'finished', 'cancelled']) rows.push([ADMIN, 'activity', 'manage', { status }])
  return rows
}

it('every list call of every context pages on an index, for each role that uses it', async () => {
  const acts = await call(ADMIN, 'activity', 'manage', { status: 'published' })
  const activityId = String(acts.data?.items?.[0]?.id ?? '')
  expect(activityId).not.toBe('')
  const members = await call(UNIT, 'org', 'unitMembers', {})
  const memberId = String(members.data?.items?.[0]?.openid ?? members.data?.items?.[0]?.id ?? '')
  expect(memberId).not.toBe('')

  const scans: string[] = []
  const refused: string[] = []
  let answered = 0
  for (const [who, fn, action, payload] of lists({ activityId, memberId })) {
    const label = `${who} ${fn}.${action} ${JSON.stringify(payload)}`
    cloud.emulator.resetStats()
    let r = await call(who, fn, action, { size: 5, ...payload })
    if (!r.ok) refused.push(`${label}: ${JSON.stringify(r.error)}`)
    else answered++
    // The second page too, where there is one (the cursor's query is another shape).
    if (r.ok && r.data?.nextCursor) r = await call(who, fn, action, { size: 5, ...payload, cursor: r.data.nextCursor })
    const s = cloud.emulator.stats()
    if (s.collectionScans > 0) scans.push(`${label}: ${s.collectionScans} scan(s), last ${JSON.stringify(s.lastPlan)}`)
  }
  expect(refused).toEqual([])
  expect(scans).toEqual([])
  expect(answered).toBe(lists({ activityId, memberId }).length)
})

it("首页's summary counts on indexes too, for every role (order.summary)", async () => {
  const scans: string[] = []
  for (const who of [RESIDENT, ADMIN, MEMBER, STREET, DEPT, UNIT]) {
    cloud.emulator.resetStats()
    const r = await call(who, 'order', 'summary', {})
    expect(r).toMatchObject({ ok: true })
    const s = cloud.emulator.stats()
    if (s.collectionScans > 0) scans.push(`${who}: ${s.collectionScans} scan(s), last ${JSON.stringify(s.lastPlan)}`)
  }
  expect(scans).toEqual([])
})
