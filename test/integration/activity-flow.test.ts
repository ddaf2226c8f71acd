// 志愿服务活动 end to end through the real handlers: publish → sign up → waiting list → withdraw promotes
// (offer, confirm, or it passes on with the clock) → check in by code → check out → confirm hours → the
// ledger; overlaps refused naming the other activity; cancel tells everyone; the export is a real .xlsx.
import ExcelJS from 'exceljs'
import { CODE_STEP_MS } from '../../shared/activities/rules'
import { startTestCloud, T0, type TestCloud } from '../support/localCloud'
import { cast, type Cast } from '../support/orders'
import { activityInput, must, publishedActivity } from '../support/activities'

jest.setTimeout(90_000)

const H = 3600_000
let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

type Pass = { acted: number; skipped: number; failed: number; complete: boolean }
async function sweep(): Promise<Record<string, Pass>> {
  const r = (await env.cloud.runtime.invoke('activity', { Type: 'Timer', TriggerName: 'activitySweep' }, {})) as { ok: boolean; data: Record<string, Pass> }
  expect(r.ok).toBe(true)
  return r.data
}
const act = (id: string) => env.find('activities', id)
const signupOf = (id: string, openid: string) => env.find('activity_signups', `${id}:${openid}`)

it('capacity, the waiting list in order, withdraw → offer → confirm, and the offer that passes on', async () => {
  const id = await publishedActivity(env, c.admin, { capacity: 2 })
  const r1 = await must(c.member.call('activity', 'signup', { activityId: id }))
  expect(r1.my).toMatchObject({ place: 'registered', placeLabel: '已报名' })
  expect(r1.my.pass).toMatch(/^[A-Z2-9]{6}$/)
  await must(c.member2.call('activity', 'signup', { activityId: id }))
  const w1 = await must(c.volunteer.call('activity', 'signup', { activityId: id }))
  expect(w1.my).toMatchObject({ place: 'waitlisted', position: 1 })
  const w2 = await must(c.resident.call('activity', 'signup', { activityId: id }))
  expect(w2.my).toMatchObject({ place: 'waitlisted', position: 2 })
  expect(w2).toMatchObject({ countText: '已报名 2/2', full: true })
  // Twice is once.
  await must(c.member.call('activity', 'signup', { activityId: id }))
  expect([...act(id).reg.b1, ...act(id).wl.b1]).toHaveLength(4)
  expect(env.findAll('notifications', { openid: c.volunteer.openid, title: '已进入候补名单' })).toHaveLength(1)

  // A place given back goes to the first waiting person as an offer.
  const gone = await must(c.member2.call('activity', 'withdraw', { activityId: id }))
  expect(gone.my).toMatchObject({ place: 'withdrawn' })
  expect(signupOf(id, c.volunteer.openid)).toMatchObject({ place: 'offered' })
  expect(env.findAll('notifications', { openid: c.volunteer.openid, title: '候补递补成功，请确认' })).toHaveLength(1)
  const v = await must(c.volunteer.call('activity', 'get', { activityId: id }))
  expect(v.my).toMatchObject({ place: 'offered' })
  expect(v.allowed).toContain('confirmPlace')
  expect((await must(c.resident.call('activity', 'get', { activityId: id }))).my).toMatchObject({ place: 'waitlisted', position: 1 })
  const ok = await must(c.volunteer.call('activity', 'confirmPlace', { activityId: id }))
  expect(ok.my).toMatchObject({ place: 'registered' })
  expect(signupOf(id, c.volunteer.openid)).toMatchObject({ place: 'registered' })

  // Again: the member withdraws; the resident is offered and lets the 12 h pass.
  await must(c.member.call('activity', 'withdraw', { activityId: id }))
  expect(signupOf(id, c.resident.openid)).toMatchObject({ place: 'offered' })
  env.clock.advance(12 * H + 60_000)
  await sweep()
  expect(signupOf(id, c.resident.openid)).toMatchObject({ place: 'passed' })
  expect(act(id).taken.b1).toBe(1)
  expect(act(id).offers).toEqual([])
  expect(env.findAll('notifications', { openid: c.resident.openid, title: '递补名额已顺延' })).toHaveLength(1)
  // Withdrawn people may come back (at the end of the line, or into a free place).
  const back = await must(c.member2.call('activity', 'signup', { activityId: id }))
  expect(back.my).toMatchObject({ place: 'registered' })
})

it('check in by the rotating code (typed or scanned), out, hours capped; confirm pays once; a correction writes the difference', async () => {
  env.clock.set(T0 + 1 * 10 * 24 * 3600_000)
  const id = await publishedActivity(env, c.admin, { title: '敬老院陪伴', capacity: 5 })
  await must(c.member.call('activity', 'signup', { activityId: id }))
  await must(c.volunteer.call('activity', 'signup', { activityId: id }))
  await must(c.member2.call('activity', 'signup', { activityId: id }))
  const a = act(id)
  // Too early: the window opens 2 h before the start.
  const code0 = await must(c.admin.call('activity', 'checkinCode', { activityId: id }))
  expect(await c.member.call('activity', 'checkin', { activityId: id, code: code0.code })).toMatchObject({ ok: false, error: { reason: 'ACTIVITY_CHECKIN_CLOSED' } })
  env.clock.set(new Date(a.start).getTime() - 30 * 60_000)
  // Only organisers get the code.
  expect(await c.member.call('activity', 'checkinCode', { activityId: id })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
  const code = await must(c.admin.call('activity', 'checkinCode', { activityId: id }))
  expect(code.code).toMatch(/^[A-Z2-9]{6}$/)
  expect(code.qr).toBe(`LXACT:${id}:${code.code}`)
  // A forged code, a code of another activity, and an expired one are refused.
  expect(await c.member.call('activity', 'checkin', { activityId: id, code: 'ABCDEF' })).toMatchObject({ ok: false, error: { reason: 'ACTIVITY_CODE_INVALID' } })
  expect(await c.member.call('activity', 'checkin', { activityId: id, code: `LXACT:other:${code.code}` })).toMatchObject({ ok: false, error: { reason: 'ACTIVITY_CODE_INVALID', message: '这是另一个活动的签到码' } })
  env.clock.advance(61_000 + CODE_STEP_MS)
  expect(await c.member.call('activity', 'checkin', { activityId: id, code: code.code })).toMatchObject({ ok: false, error: { reason: 'ACTIVITY_CODE_INVALID' } })
  // Typed (lower case, with a space) and scanned both work while fresh.
  const fresh = await must(c.admin.call('activity', 'checkinCode', { activityId: id }))
  const inM = await must(c.member.call('activity', 'checkin', { activityId: id, code: ` ${fresh.code.toLowerCase()}` }))
  expect(inM).toMatchObject({ attendance: 'checked_in', attendanceLabel: '已签到', late: false })
  expect(await must(c.member.call('activity', 'checkin', { activityId: id, code: fresh.qr }))).toMatchObject({ attendance: 'checked_in' })
  // GPS: inside the radius works, 1 km away does not.
  expect(await c.volunteer.call('activity', 'checkin', { activityId: id, location: { lat: 39.91, lng: 116.4 } })).toMatchObject({ ok: false, error: { reason: 'ACTIVITY_TOO_FAR' } })
  env.clock.set(new Date(a.start).getTime() + 20 * 60_000)
  expect(await must(c.volunteer.call('activity', 'checkin', { activityId: id, location: { lat: 39.9005, lng: 116.4 } }))).toMatchObject({ attendance: 'checked_in', late: true })
  // The organiser checks someone in by their 报名码.
  const pass = signupOf(id, c.member2.openid).pass
  expect(await c.member.call('activity', 'checkin', { activityId: id, pass })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
  expect(await must(c.admin.call('activity', 'checkin', { activityId: id, pass: pass.toLowerCase() }))).toMatchObject({ name: '赵党员', attendance: 'checked_in' })

  // Check out: the member after 2.5 h; the volunteer well past the end (capped by the activity's 3 h).
  env.clock.set(new Date(a.start).getTime() + 150 * 60_000)
  const c1 = await must(c.admin.call('activity', 'checkinCode', { activityId: id }))
  await must(c.member.call('activity', 'checkout', { activityId: id, code: c1.code }))
  env.clock.set(new Date(a.end).getTime() + 90 * 60_000)
  const c2 = await must(c.admin.call('activity', 'checkinCode', { activityId: id }))
  await must(c.volunteer.call('activity', 'checkout', { activityId: id, code: c2.code }))
  const roster = await must(c.admin.call('activity', 'roster', { activityId: id }))
  const row = (openid: string) => roster.items.find((r: { openid: string }) => r.openid === openid)
  // In at start−30 min, out at start+150: counted from the start → 2.5 h.
  expect(row(c.member.openid)).toMatchObject({ suggestedHours: 2.5, attendance: 'checked_out', phone: expect.stringMatching(/^1\d{10}$/) })
  // In at start+20, out past the end: 2 h 40 → 2.5 (half hours, rounded down), never past the end.
  expect(row(c.volunteer.openid)).toMatchObject({ suggestedHours: 2.5, late: true })
  // No check-out: nothing suggested; the organiser enters the figure.
  expect(row(c.member2.openid)).toMatchObject({ suggestedHours: 0, attendance: 'checked_in' })
  expect(roster.counts).toMatchObject({ registered: 3, checkedIn: 3, confirmed: 0 })
  expect(roster.lengthHours).toBe(3)
  // A participant cannot read the roster.
  expect(await c.member.call('activity', 'roster', { activityId: id })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })

  // Beyond the activity's length: refused; then confirmed in bulk.
  expect(await c.admin.call('activity', 'confirmHours', { activityId: id, items: [{ openid: c.member.openid, hours: 3.5 }] })).toMatchObject({ ok: false, error: { reason: 'BAD_INPUT' } })
  const items = [
    { openid: c.member.openid, hours: 2.5 },
    { openid: c.volunteer.openid, hours: 2.5 },
    { openid: c.member2.openid, hours: 2 },
  ]
  const done = await must(c.admin.call('activity', 'confirmHours', { activityId: id, items }))
  expect(done).toMatchObject({ confirmed: 3, corrected: 0 })
  // Again: nothing more.
  expect(await must(c.admin.call('activity', 'confirmHours', { activityId: id, items }))).toMatchObject({ confirmed: 0, corrected: 0 })
  const ledger = env.findAll('ledger', { sourceType: 'activity', sourceId: id })
  expect(ledger.map((l) => [l.openid, l.hours, l.points]).sort()).toEqual(
    [
      [c.member.openid, 2.5, 25],
      [c.volunteer.openid, 2.5, 25],
      [c.member2.openid, 2, 20],
    ].sort(),
  )
  // A changed figure needs a reason, and writes the difference as a new entry.
  expect(await c.admin.call('activity', 'confirmHours', { activityId: id, items: [{ openid: c.member2.openid, hours: 3 }] })).toMatchObject({ ok: false, error: { fields: { 'items.0.reason': '修改已确认的时长需要填写原因' } } })
  await must(c.admin.call('activity', 'confirmHours', { activityId: id, items: [{ openid: c.member2.openid, hours: 3, reason: '漏记了签退' }] }))
  const fixes = env.findAll('ledger', { sourceType: 'activity', sourceId: id, openid: c.member2.openid })
  expect(fixes.map((l) => [l.hours, l.points]).sort()).toEqual([[1, 10], [2, 20]])
  expect(env.find('balances', c.member2.openid)).toMatchObject({ hours: 3 })
  expect(env.findAll('audit', { targetId: id, action: 'activity.correctHours' })).toHaveLength(1)
  // The person's record shows the hours.
  const record = await must(c.member2.call('points', 'history', {}))
  expect(JSON.stringify(record)).toContain('敬老院陪伴')

  // The export is a real .xlsx with a header and a row per person.
  const ex = await must(c.admin.call('activity', 'export', { activityId: id }))
  expect(ex).toMatchObject({ rows: 3, fileName: '敬老院陪伴-名单与时长.xlsx' })
  const bytes = Buffer.from(await (await fetch(ex.url)).arrayBuffer())
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as never)
  const sheet = wb.worksheets[0]
  expect(sheet.name).toBe('活动名单')
  expect(sheet.getRow(1).getCell(2).value).toBe('姓名')
  const names = [2, 3, 4].map((r) => sheet.getRow(r).getCell(2).value)
  expect(names.sort()).toEqual(['周志愿', '李党员', '赵党员'].sort())
  const r2 = [2, 3, 4].find((r) => sheet.getRow(r).getCell(2).value === '赵党员')!
  expect(sheet.getRow(r2).getCell(11).value).toBe(3)
  // Only organisers export.
  expect(await c.member.call('activity', 'export', { activityId: id })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
  // The code's secret never leaves the server.
  expect(JSON.stringify(await must(c.admin.call('activity', 'get', { activityId: id })))).not.toContain(a.codeKey)
  env.clock.set(T0)
})

it('overlaps are refused naming the other activity; cancel tells everyone and frees their time; the cut-off holds', async () => {
  env.clock.set(T0 + 2 * 10 * 24 * 3600_000)
  const H = 3600_000
  const first = await publishedActivity(env, c.admin, { title: '垃圾分类宣传', capacity: 3 })
  const start = new Date(act(first).start).getTime()
  const clash = await publishedActivity(env, c.admin, { title: '义诊', start: new Date(start + H).toISOString(), end: new Date(start + 4 * H).toISOString(), signupEnd: new Date(start).toISOString() })
  const after = await publishedActivity(env, c.admin, { title: '读书会', start: new Date(start + 3 * H).toISOString(), end: new Date(start + 5 * H).toISOString(), signupEnd: new Date(start).toISOString() })
  await must(c.volunteer.call('activity', 'signup', { activityId: first }))
  expect(await c.volunteer.call('activity', 'signup', { activityId: clash })).toMatchObject({ ok: false, error: { reason: 'ACTIVITY_OVERLAP', message: '您已报名的“垃圾分类宣传”与这个活动时间冲突，不能同时报名' } })
  expect(env.find('activity_signups', `${clash}:${c.volunteer.openid}`)).toBeNull()
  // Back to back is not an overlap.
  await must(c.volunteer.call('activity', 'signup', { activityId: after }))
  // Cancelled: everyone told with the reason; their time is free again.
  await must(c.admin.call('activity', 'cancel', { activityId: first, reason: '天气原因' }))
  expect(env.findAll('notifications', { openid: c.volunteer.openid, title: '活动已取消' })[0].body).toContain('天气原因')
  expect(signupOf(first, c.volunteer.openid)).toMatchObject({ place: 'cancelled' })
  await must(c.volunteer.call('activity', 'withdraw', { activityId: after }))
  await must(c.volunteer.call('activity', 'signup', { activityId: clash }))
  expect(await c.member.call('activity', 'signup', { activityId: first })).toMatchObject({ ok: false, error: { reason: 'ACTIVITY_TRANSITION_NOT_ALLOWED' } })
  // Within the cut-off (2 h before the start) a place can no longer be given back.
  env.clock.set(new Date(act(clash).start).getTime() - H)
  expect(await c.volunteer.call('activity', 'withdraw', { activityId: clash })).toMatchObject({ ok: false, error: { reason: 'ACTIVITY_CUTOFF_PASSED', message: '活动开始前2小时内不能取消报名，如有变动请联系组织者' } })
  env.clock.set(T0)
})

it('reminders 24 h and 2 h before the start go to everyone holding a place, once each; a subscribe message per accept', async () => {
  env.clock.set(T0 + 3 * 10 * 24 * 3600_000)
  const id = await publishedActivity(env, c.admin, { title: '社区义剪', capacity: 1 })
  await must(c.member.call('activity', 'signup', { activityId: id }))
  await must(c.member2.call('activity', 'signup', { activityId: id }))
  const start = new Date(act(id).start).getTime()
  const reminders = (openid: string) => env.findAll('notifications', { openid, _id: new RegExp(`^activity:${id}:remind`) })
  // The member agreed to the reminder template once (from a tap in the app): one subscribe message.
  const templates = await must(c.member.call('notice', 'templates', {}))
  expect(templates).toEqual({ activityRemind: 'local-tpl-activity-remind' })
  expect(await must(c.member.call('notice', 'subscribe', { accepted: ['activityRemind'] }))).toEqual({ activityRemind: 1 })
  expect(await c.member.call('notice', 'subscribe', { accepted: ['nope'] })).toMatchObject({ ok: false, error: { reason: 'BAD_INPUT' } })
  const sent = () => env.cloud.emulator.openapi.calls({ apiName: 'subscribeMessage.send' }).filter((x: { request: { data: { thing1: { value: string } } } }) => x.request.data.thing1.value === '社区义剪')
  env.clock.set(start - 24 * 3600_000 + 60_000)
  await sweep()
  await sweep()
  expect(reminders(c.member.openid)).toHaveLength(1)
  expect(reminders(c.member2.openid)).toHaveLength(0)
  expect(sent()).toHaveLength(1)
  expect(sent()[0].request).toMatchObject({ touser: c.member.openid, template_id: 'local-tpl-activity-remind', page: `/packages/activity/detail/index?id=${id}`, data: { thing3: { value: '和平社区广场' } } })
  expect(sent()[0].response).toMatchObject({ errcode: 0 })
  expect(env.find('users', c.member.openid).subscriptions).toEqual({ activityRemind: 0 })
  env.clock.set(start - 2 * 3600_000 + 60_000)
  await sweep()
  expect(reminders(c.member.openid)).toHaveLength(2)
  // The one accept was used: the second reminder is in the inbox only.
  expect(sent()).toHaveLength(1)
  expect(act(id).remindDue).toBeUndefined()
  env.clock.set(T0)
})

it('代报名: a grid worker signs up a resident without a phone (audited), and can withdraw them; others cannot', async () => {
  env.clock.set(T0 + 4 * 10 * 24 * 3600_000)
  const id = await publishedActivity(env, c.admin, { title: '健康讲座', capacity: 5 })
  const v = await must(c.grid.call('activity', 'signup', { activityId: id, forPerson: { name: '张大爷', phone: '13900001111' } }))
  expect(v.my).toBeUndefined()
  const s = env.findAll('activity_signups', { activityId: id, name: '张大爷' })[0]
  expect(s).toMatchObject({ place: 'registered', by: c.grid.openid, phone: '13900001111' })
  expect(env.findAll('audit', { targetId: id, action: 'activity.proxySignup' })).toHaveLength(1)
  expect(env.findAll('notifications', { openid: c.grid.openid, title: '代报名成功' })).toHaveLength(1)
  expect(await c.resident.call('activity', 'signup', { activityId: id, forPerson: { name: '李奶奶' } })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
  expect(await c.member.call('activity', 'withdraw', { activityId: id, openid: s.openid })).toMatchObject({ ok: false, error: { reason: 'ACTIVITY_NOT_SIGNED_UP' } })
  await must(c.grid.call('activity', 'withdraw', { activityId: id, openid: s.openid }))
  expect(env.find('activity_signups', s._id)).toMatchObject({ place: 'withdrawn' })
})

it('lists: upcoming soonest first, paged with nothing cut off; by category and day; "I can join"; past; 我的活动; 管理', async () => {
  env.clock.set(T0 + 5 * 10 * 24 * 3600_000)
  const H = 3600_000
  const base = env.clock.now() + 24 * H
  const made: string[] = []
  for (let i = 0; i < 7; i++) {
    const start = base + i * 24 * H
    made.push(await publishedActivity(env, c.admin, { title: `周${i}活动`, category: i % 2 ? '助老助残' : '环境整治', start: new Date(start).toISOString(), end: new Date(start + 2 * H).toISOString(), signupEnd: new Date(start - H).toISOString(), ...(i === 6 ? { signupStart: new Date(start - 2 * H).toISOString() } : {}) }))
  }
  const seen: string[] = []
  let cursor: string | undefined
  do {
    const page = await must(c.resident.call('activity', 'list', { size: 3, ...(cursor ? { cursor } : {}) }))
    expect(page.items.length).toBeLessThanOrEqual(3)
    seen.push(...page.items.map((x: { id: string }) => x.id))
    cursor = page.nextCursor
  } while (cursor)
  expect(seen.filter((x) => made.includes(x))).toEqual(made)
  const older = seen.filter((x) => !made.includes(x))
  for (const id of older) expect(new Date(act(id).end).getTime()).toBeGreaterThanOrEqual(env.clock.now())
  // By category; on one day (Beijing); what I can join now (the last one opens later).
  expect((await must(c.resident.call('activity', 'list', { category: '助老助残', size: 50 }))).items.map((x: { id: string }) => x.id).filter((x: string) => made.includes(x))).toEqual([made[1], made[3], made[5]])
  const day = new Date(base + 2 * 24 * H + 8 * H).toISOString().slice(0, 10)
  expect((await must(c.resident.call('activity', 'list', { day, size: 50 }))).items.map((x: { id: string }) => x.id)).toEqual([made[2]])
  const joinable = (await must(c.resident.call('activity', 'list', { canJoin: true, size: 50 }))).items.map((x: { id: string }) => x.id)
  expect(joinable).toContain(made[0])
  expect(joinable).not.toContain(made[6])
  expect((await must(c.resident.call('activity', 'list', {}))).items.find((x: { id: string }) => x.id === made[6])).toMatchObject({ phase: 'announced', phaseLabel: '即将开放报名' })
  // 我的活动 and the card's badge.
  await must(c.member.call('activity', 'signup', { activityId: made[1] }))
  await must(c.member.call('activity', 'signup', { activityId: made[3] }))
  const mine = await must(c.member.call('activity', 'mine', {}))
  expect(mine.items.map((x: { id: string }) => x.id)).toEqual([made[1], made[3]])
  expect(mine.items[0]).toMatchObject({ myPlace: 'registered', myPlaceLabel: '已报名' })
  // Past: after the end, it moves.
  env.clock.set(base + 3 * 24 * H)
  // (Latest first; what the member did in the earlier tests comes after.)
  const pastMine = (await must(c.member.call('activity', 'mine', { when: 'past' }))).items.map((x: { id: string }) => x.id)
  expect(pastMine[0]).toBe(made[1])
  expect(pastMine).not.toContain(made[3])
  expect((await must(c.member.call('activity', 'mine', {}))).items.map((x: { id: string }) => x.id)).toEqual([made[3]])
  const past = (await must(c.resident.call('activity', 'list', { when: 'past', size: 50 }))).items.map((x: { id: string }) => x.id)
  expect(past.slice(0, 3)).toEqual([made[2], made[1], made[0]])
  // The street admin reads the community's list; another community's resident cannot.
  expect((await must(c.street.call('activity', 'list', { communityId: 'c1', size: 50 }))).items.length).toBeGreaterThan(0)
  expect((await must(c.admin.call('activity', 'manage', { size: 50 }))).items.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(made))
  env.clock.set(T0)
})

it('more places added where people wait: offered in order; a draft is published later', async () => {
  env.clock.set(T0 + 6 * 10 * 24 * 3600_000)
  const id = await publishedActivity(env, c.admin, { title: '加开名额', capacity: 1 })
  await must(c.member.call('activity', 'signup', { activityId: id }))
  await must(c.member2.call('activity', 'signup', { activityId: id }))
  await must(c.volunteer.call('activity', 'signup', { activityId: id }))
  const v = await must(c.admin.call('activity', 'update', { activityId: id, capacities: { b1: 2 } }))
  expect(v.buckets[0]).toMatchObject({ capacity: 2, taken: 2, waiting: 1 })
  expect(signupOf(id, c.member2.openid)).toMatchObject({ place: 'offered' })
  expect(signupOf(id, c.volunteer.openid)).toMatchObject({ place: 'waitlisted' })
  const draft = await must(c.admin.call('activity', 'publish', activityInput(env, { title: '先存草稿', draft: true })))
  expect(draft).toMatchObject({ phase: 'draft' })
  expect(await must(c.admin.call('activity', 'update', { activityId: draft.id, publish: true }))).toMatchObject({ phase: 'published' })
  expect(env.findAll('audit', { targetId: draft.id, action: 'activity.publish' })).toHaveLength(1)
  env.clock.set(T0)
})

it('an activity says which buckets the caller cannot take, and why (党员 only, skills from their 报到)', async () => {
  env.clock.set(T0 + 7 * 10 * 24 * 3600_000)
  const id = await publishedActivity(env, c.admin, {
    title: '义务维修',
    buckets: [
      { name: '电工', capacity: 2, skills: ['电工'] },
      { name: '党员先锋', capacity: 2, membersOnly: true },
      { name: '帮手', capacity: 4 },
    ],
  })
  const v = await must(c.volunteer.call('activity', 'get', { activityId: id }))
  expect(v.buckets.map((b: { blocked?: string }) => b.blocked)).toEqual(['这个岗位需要以下技能之一：电工', '这个岗位仅限党员报名', undefined])
  expect(await c.volunteer.call('activity', 'signup', { activityId: id, bucket: 'b1' })).toMatchObject({ ok: false, error: { reason: 'ACTIVITY_INELIGIBLE', message: '这个岗位需要以下技能之一：电工' } })
  env.clock.set(T0)
})
