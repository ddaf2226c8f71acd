// Demo data for the local cloud: one street, two communities with grids and buildings, and a person for
// every role, so that each role can be tried from the dev login. Names are invented.
import fs from 'node:fs'
import path from 'node:path'
import { PRIVACY_VERSION } from '../shared/members/model'
import type { Grant } from '../shared/roles'
import type { Emulator } from './emulator'
import type { Runtime } from './runtime'
import { seedCaller } from './seed-call'
import { seedOrders } from './seed-orders'
import { seedOrg } from './seed-org'
import { seedActivities } from './seed-activities'
import { seedWishes } from './seed-wishes'
import type { LocalCloud } from './server'

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
const GIVEN = ['建国', '秀英', '志强', '丽娟', '伟', '芳', '军', '敏', '静', '磊', '洋', '艳', '勇', '娜', '杰', '涛', '明', '超', '霞', '平']

export const DEMO = {
  street: { _id: 's1', name: '连心街道' },
  communities: [
    { _id: 'c1', name: '和平社区', streetId: 's1' },
    { _id: 'c2', name: '幸福社区', streetId: 's1' },
  ],
}

function personName(i: number): string {
  return SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length]
}

interface SeedUser {
  _id: string
  nickname: string
  realName: string
  phone: string
  communityId?: string
  streetId?: string
  gridId?: string
  buildingId?: string
  room?: string
  grants: Grant[]
  skills?: string[]
}

/**
 * Writes the demo people and places that are missing (by their fixed ids), so that a start stopped
 * half-way finishes the job; returns false when everything was already there.
 */
export function seedDemo(emu: Emulator, now = new Date()): boolean {
  const at = now
  let wrote = false
  const insert = (collection: string, docs: Array<{ _id: string } & Record<string, unknown>>) => {
    const missing = docs.filter((d) => !emu.db.get(collection, d._id))
    if (missing.length) {
      emu.db.insert(collection, missing)
      wrote = true
    }
  }
  insert('streets', [{ ...DEMO.street, createdAt: at }])
  insert('communities', DEMO.communities.map((c) => ({ ...c, createdAt: at })))

  const grids: Array<{ _id: string; name: string; communityId: string; streetId: string }> = []
  const buildings: Array<{ _id: string; name: string; gridId: string; communityId: string }> = []
  for (const c of DEMO.communities) {
    const n = c._id === 'c1' ? 3 : 2
    for (let g = 1; g <= n; g++) {
      const gridId = `${c._id}-g${g}`
      grids.push({ _id: gridId, name: `第${'一二三四五'[g - 1]}网格`, communityId: c._id, streetId: c.streetId })
      for (let b = 1; b <= 3; b++) {
        const no = (g - 1) * 3 + b
        buildings.push({ _id: `${gridId}-b${no}`, name: `${no}号楼`, gridId, communityId: c._id })
      }
    }
  }
  insert('grids', grids.map((g) => ({ ...g, createdAt: at })))
  insert('buildings', buildings.map((b) => ({ ...b, createdAt: at })))
  insert('units', [{ _id: 'u1', name: '区税务局机关党支部', streetId: 's1', createdAt: at }])
  insert('departments', [
    { _id: 'd1', name: '区城市管理局', streetId: 's1', createdAt: at },
    { _id: 'd2', name: '区住房和城乡建设局', streetId: 's1', createdAt: at },
  ])

  const users: SeedUser[] = []
  let phoneNo = 0
  const place = (communityId: string, gridNo: number, buildingNo: number, room: string) => ({
    communityId,
    streetId: 's1',
    gridId: `${communityId}-g${gridNo}`,
    buildingId: `${communityId}-g${gridNo}-b${buildingNo}`,
    room,
  })
  const person = (id: string, realName: string, extra: Partial<SeedUser>): SeedUser => ({
    _id: id,
    nickname: realName,
    realName,
    phone: `1380000${String(++phoneNo).padStart(4, '0')}`,
    grants: [],
    ...extra,
  })

  users.push(person('demo-resident-1', '王秀兰', place('c1', 1, 1, '1单元302')))
  users.push(person('demo-resident-2', '李建国', place('c1', 2, 4, '2单元101')))
  users.push(person('demo-resident-3', '赵敏', place('c1', 3, 8, '3单元502')))
  users.push(person('demo-resident-c2', '孙丽', place('c2', 1, 2, '1单元201')))
  const skills = ['维修', '陪护', '助老', '家政', '法律咨询', '心理疏导', '理发', '辅导功课']
  for (let i = 1; i <= 64; i++) {
    const c = i <= 60 ? 'c1' : 'c2'
    const gridNo = c === 'c1' ? ((i - 1) % 3) + 1 : ((i - 1) % 2) + 1
    const buildingNo = (gridNo - 1) * 3 + ((i % 3) + 1)
    users.push(
      person(`demo-member-${String(i).padStart(2, '0')}`, personName(i), {
        ...place(c, gridNo, buildingNo, `${(i % 4) + 1}单元${(i % 6) + 1}0${(i % 2) + 1}`),
        skills: [skills[i % skills.length], skills[(i * 3) % skills.length]],
      }),
    )
  }
  users.push(person('demo-volunteer-1', '周晓雨', { ...place('c1', 1, 2, '1单元601'), skills: ['陪护'] }))
  users.push(person('demo-volunteer-2', '吴浩然', { ...place('c1', 2, 5, '4单元302'), skills: ['助老', '家政'] }))
  // A resident whom 陈红梅 appoints 核销员 of the 爱心超市 (seedMembers, through org.assign).
  users.push(person('demo-verifier-c1', '黄淑珍', place('c1', 3, 7, '2单元202')))
  users.push(person('demo-grid-1', '刘桂芳', { ...place('c1', 1, 3, '2单元101'), grants: [{ role: 'gridWorker', communityId: 'c1', gridId: 'c1-g1', streetId: 's1' }] }))
  users.push(person('demo-admin-c1', '陈红梅', { ...place('c1', 2, 6, '1单元101'), grants: [{ role: 'communityAdmin', communityId: 'c1', streetId: 's1' }] }))
  users.push(person('demo-admin-c2', '杨立新', { ...place('c2', 2, 5, '3单元202'), grants: [{ role: 'communityAdmin', communityId: 'c2', streetId: 's1' }] }))
  users.push(person('demo-street', '郭振华', { streetId: 's1', grants: [{ role: 'streetAdmin', streetId: 's1' }] }))
  users.push(person('demo-unit-admin', '何文静', { streetId: 's1', grants: [{ role: 'unitAdmin', unitId: 'u1', streetId: 's1' }] }))
  users.push(person('demo-dept-1', '林志远', { streetId: 's1', grants: [{ role: 'department', departmentId: 'd1', streetId: 's1' }] }))

  // No 大字模式 choice yet (largeText unset): the app follows the phone's font size, and 首页 offers it once.
  insert(
    'users',
    users.map((u) => ({ ...u, demo: true, createdAt: at, updatedAt: at })),
  )
  return wrote
}


const volunteerOrMember = (id: string) => (id.startsWith('demo-volunteer-') ? 'volunteer' : 'member')

/** What each demo member and volunteer reports (their place is the one seedDemo gave them). */
function demoReport(u: { _id: string; realName: string; phone: string; communityId: string; gridId: string; buildingId: string; skills: string[] }, i: number) {
  const volunteer = u._id.startsWith('demo-volunteer-')
  const unit = !volunteer && i % 5 === 0
  return {
    requestKey: `demo-seed-report-${u._id}`,
    type: volunteer ? 'volunteer' : 'member',
    communityId: u.communityId,
    gridId: u.gridId,
    buildingId: u.buildingId,
    realName: u.realName,
    phone: u.phone,
    ...(volunteer ? {} : unit ? { unitId: 'u1', branch: '区税务局机关党支部' } : { unitName: ['区财政局', '区人民医院', '第三中学', '区供电公司'][i % 4], branch: `${['区财政局', '区人民医院', '第三中学', '区供电公司'][i % 4]}第${(i % 3) + 1}党支部` }),
    skills: u.skills,
    availability: [['sat-am', 'sun-am'], ['sat-pm'], ['mon-eve', 'wed-eve'], ['sun-pm', 'fri-eve']][i % 4],
    ...(volunteer ? {} : { promise: ['每月为独居老人上门服务一次', '周末参与小区环境整治', '为邻居提供免费咨询', '结对帮扶一户困难家庭'][i % 4] }),
  }
}

/** The 核销员 of 和平社区's 爱心超市: appointed by its admin, as admins do (org.assign). */
export const DEMO_VERIFIER = { openid: 'demo-verifier-c1', by: 'demo-admin-c1', communityId: 'c1' } as const

/**
 * The demo members and volunteers register through the real calls, as people do: each agrees to the
 * privacy notice, reports (双报到, or applies as a volunteer) with a fixed request key, and their
 * community's admin approves, which writes the grant. Every demo person agrees to the notice. On a
 * flaky cloud each call is retried until it lands; a repeat is answered ok (same key, same admin's move).
 * Last, 陈红梅 appoints the demo 核销员 (a repeat gives no second grant).
 */
export async function seedMembers(cloud: { emulator: Emulator; runtime: Runtime }, opts: { attempts?: number } = {}): Promise<number> {
  const attempts = opts.attempts ?? 60
  const { emulator: emu, runtime } = cloud
  const call = seedCaller(runtime, { attempts })
  const memberCall = (openid: string, action: string, payload: Record<string, unknown>) => call('member', openid, action, payload)
  const people = emu.db.find('users', { demo: true }, { limit: 1000 }) as Array<{ _id: string; realName: string; phone: string; communityId: string; gridId: string; buildingId: string; skills: string[] }>
  const reporters = people.filter((u) => /^demo-(member|volunteer)-\d+$/.test(u._id)).sort((a, b) => (a._id < b._id ? -1 : 1))
  // A few at a time: fast, and the order of the demo data stays the same from run to run.
  const inTurn = async <T>(items: T[], run: (x: T, i: number) => Promise<unknown>) => {
    for (let i = 0; i < items.length; i += 8) await Promise.all(items.slice(i, i + 8).map((x, j) => run(x, i + j)))
  }
  await inTurn(people, (u) => memberCall(u._id, 'consent', { version: PRIVACY_VERSION }))
  await inTurn(reporters, async (u, i) => {
    const reg = await memberCall(u._id, 'report', demoReport(u, i + 1))
    if (reg.status === 'approved' && (emu.db.get('users', u._id)?.grants ?? []).length) return
    const admin = u.communityId === 'c2' ? 'demo-admin-c2' : 'demo-admin-c1'
    const role = volunteerOrMember(u._id)
    // An approval answers once it is written; its grant may be left in the outbox when the cloud fails
    // (the timer delivers it later). The admin's repeated approval delivers it now.
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await memberCall(admin, 'reviewReport', { registrationId: reg.id, decision: 'approve' })
      const grants = (emu.db.get('users', u._id)?.grants ?? []) as Array<{ role: string }>
      if (grants.some((g) => g.role === role)) return
    }
    throw new Error(`seed: the grant of ${u._id} was not delivered`)
  })
  if (emu.db.get('users', DEMO_VERIFIER.openid)) {
    await call('org', DEMO_VERIFIER.by, 'assign', { userId: DEMO_VERIFIER.openid, role: 'storeVerifier', scopeId: DEMO_VERIFIER.communityId, reason: '负责爱心超市取货核销' })
  }
  return reporters.length
}

const STARTED = 'demo-seeding'
const DONE = 'demo-seeded'

/**
 * npm start's demo data: on a fresh data folder the people and places, then 双报到, the orders, the
 * org's lists, the activities and the 微心愿 through the real calls, retried until they land (a flaky
 * cloud must still end seeded); a folder where a start stopped half-way is finished. The cloud is made
 * ready (/dev/users answers) only when all is there.
 * Returns true when it wrote demo data.
 */
export async function ensureDemoData(cloud: Pick<LocalCloud, 'emulator' | 'runtime' | 'setReady'>, dataDir: string, opts: { attempts?: number } = {}): Promise<boolean> {
  const started = path.join(dataDir, STARTED)
  const done = path.join(dataDir, DONE)
  const resuming = fs.existsSync(started)
  if (fs.existsSync(done) || (!resuming && cloud.emulator.db.count('streets') > 0)) {
    // Seeded before (or by a version that left no marker): leave the data as it is.
    if (!fs.existsSync(done)) fs.writeFileSync(done, '')
    cloud.setReady(true)
    return false
  }
  fs.writeFileSync(started, new Date().toISOString())
  seedDemo(cloud.emulator)
  await seedMembers(cloud, { attempts: opts.attempts })
  await seedOrders(cloud.runtime, Date.now(), { resuming, attempts: opts.attempts })
  await seedOrg(cloud.runtime, { resuming, attempts: opts.attempts })
  await seedActivities(cloud.runtime, Date.now(), { resuming, attempts: opts.attempts })
  // After seedOrg: one wish is claimed by the unit u1 as a 共建单位 of 和平社区.
  await seedWishes(cloud, Date.now(), { resuming, attempts: opts.attempts })
  fs.writeFileSync(done, new Date().toISOString())
  fs.rmSync(started, { force: true })
  cloud.setReady(true)
  return true
}
