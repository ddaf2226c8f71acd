// Demo volunteer activities, made through the real calls as the demo people: one open with people
// signed up, one with role buckets (党员 drivers and helpers), one full with a waiting list, and one
// of the 共建单位 still in draft. Fixed request keys; a repeated sign-up answers ok.
import type { Runtime } from './runtime'
import { seedCaller, type SeedCallOptions } from './seed-call'

export async function seedActivities(runtime: Runtime, now = Date.now(), opts: Pick<SeedCallOptions, 'attempts' | 'resuming'> = {}): Promise<number> {
  const call = seedCaller(runtime, { ...opts, acceptAlreadyMade: true })
  const H = 3600_000
  // Whole hours, Beijing time, a few days from now.
  const at = (days: number, hour: number) => {
    const d = new Date(now + days * 24 * H + 8 * H)
    d.setUTCHours(hour, 0, 0, 0)
    return new Date(d.getTime() - 8 * H)
  }
  const iso = (d: Date) => d.toISOString()
  const publish = (key: string, p: Record<string, unknown>) => call('activity', 'demo-admin-c1', 'publish', { ...p, requestKey: `demo-seed-activity-${key}` })

  const clean = await publish('clean', {
    title: '社区环境清洁日',
    description: '清理小区公共区域的垃圾、楼道杂物和小广告。请穿方便劳动的衣服，社区提供手套和工具。',
    category: '环境整治',
    place: { name: '和平社区文化广场', lat: 39.9087, lng: 116.3975, radius: 300 },
    start: iso(at(2, 9)),
    end: iso(at(2, 11)),
    signupEnd: iso(at(1, 20)),
    capacity: 20,
  })
  for (const who of ['demo-member-01', 'demo-volunteer-1']) await call('activity', who, 'signup', { activityId: clean.id })

  const visit = await publish('visit', {
    title: '敬老院陪伴日',
    description: '到区敬老院陪老人聊天、读报、打扫房间。司机岗负责接送物资，需党员、会开车。',
    category: '助老助残',
    place: { name: '区第一敬老院', lat: 39.915, lng: 116.404, radius: 500 },
    start: iso(at(5, 14)),
    end: iso(at(5, 17)),
    signupEnd: iso(at(4, 18)),
    buckets: [
      { name: '司机', capacity: 2, membersOnly: true, skills: [], minAge: 18, points: { mode: 'fixed', amount: 40 } },
      { name: '陪护帮手', capacity: 6, points: { mode: 'hour', rate: 10 } },
    ],
  })
  await call('activity', 'demo-member-02', 'signup', { activityId: visit.id, bucket: 'b1', birthYear: 1985 })
  await call('activity', 'demo-volunteer-2', 'signup', { activityId: visit.id, bucket: 'b2' })

  const clinic = await publish('clinic', {
    title: '周末义诊引导员',
    description: '协助社区卫生站的义诊活动：排队引导、量血压登记。名额有限，满员后可候补。',
    category: '便民服务',
    place: { name: '和平社区卫生服务站', radius: 200 },
    start: iso(at(3, 8)),
    end: iso(at(3, 12)),
    signupEnd: iso(at(2, 20)),
    capacity: 1,
  })
  await call('activity', 'demo-member-01', 'signup', { activityId: clinic.id })
  await call('activity', 'demo-volunteer-2', 'signup', { activityId: clinic.id })

  await publish('draft', {
    title: '反诈宣传进楼栋',
    description: '入户发放反诈宣传册，讲解常见骗局。',
    category: '文明宣传',
    place: { name: '各楼栋单元门口', radius: 300 },
    start: iso(at(9, 9)),
    end: iso(at(9, 11)),
    signupEnd: iso(at(8, 20)),
    capacity: 10,
    draft: true,
  })
  return 4
}
