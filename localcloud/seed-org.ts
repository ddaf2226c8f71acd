// Demo data of the org function, made through the real calls as people would: the unit u1 registers
// with 和平社区 as 共建单位 and the community approves it; the community's 需求清单 gets a few needs; the
// unit claims one and carries it out (完成), the community gives it another (实施中), one stays open.
// (The unit's 报到 ledger lists its members from 双报到; their work comes from the orders they do.)
// On a flaky cloud each call is retried until it lands: creates
// carry fixed request keys, repeated moves answer ok, and a move refused as already made after an
// earlier attempt (or on a resumed start) counts as done.
import type { Runtime } from './runtime'
import { seedCaller, type SeedCallOptions } from './seed-call'

export type SeedOrgOptions = Pick<SeedCallOptions, 'attempts' | 'resuming'>

const UNIT_ADMIN = 'demo-unit-admin'
const ADMIN = 'demo-admin-c1'

export async function seedOrg(runtime: Runtime, opts: SeedOrgOptions = {}): Promise<void> {
  const call = seedCaller(runtime, { ...opts, acceptAlreadyMade: true })

  // 共建单位 双报到
  await call('org', UNIT_ADMIN, 'unitReport', {
    communityId: 'c1',
    contactName: '何文静',
    contactPhone: '13900001111',
    intro: '区税务局机关党支部，在职党员32名，长期结对和平社区。',
    resources: [
      { title: '法律与税务咨询', kind: '人员', detail: '每月第一个周六上午进社区' },
      { title: '二楼会议室', kind: '场地', detail: '可容纳40人，工作日晚间可借用' },
      { title: '党员志愿者20人', kind: '人员', detail: '周末可参加环境整治、助老服务' },
    ],
  })
  const mine = await call('org', UNIT_ADMIN, 'myUnit', {})
  const reg = (mine.registrations as Array<{ id: string; communityId: string; status: string }>).find((r) => r.communityId === 'c1')!
  if (reg.status !== 'approved') await call('org', ADMIN, 'reviewUnit', { registrationId: reg.id, decision: 'approve' })

  // 三张清单
  const need = (key: string, title: string, detail: string, category: string) => call('org', ADMIN, 'createNeed', { requestKey: `demo-seed-need-${key}`, communityId: 'c1', title, detail, category })
  const legal = await need('legal', '老年人法律援助', '独居老人多，遗嘱、赡养纠纷的咨询需求集中。', '法律咨询')
  const clean = await need('clean', '楼道堆物清理', '老旧楼栋楼道堆放杂物，存在消防隐患。', '环境卫生')
  await need('summer', '暑期少儿托管', '双职工家庭暑期孩子无人照看，希望有阅读、作业辅导的去处。', '助老助幼')

  const done = await call('org', UNIT_ADMIN, 'createProject', { requestKey: 'demo-seed-project-legal', needId: legal.id, registrationId: reg.id, resourceId: 'r1', plan: '每月第一个周六上午在社区党群服务中心坐班咨询。' })
  await call('org', UNIT_ADMIN, 'moveProject', { projectId: done.id, action: 'start' })
  await call('org', ADMIN, 'moveProject', { projectId: done.id, action: 'finish', note: '已开展3次，服务老人40余人次' })
  const doing = await call('org', ADMIN, 'createProject', { requestKey: 'demo-seed-project-clean', needId: clean.id, registrationId: reg.id, resourceId: 'r3', title: '楼道清理党员先锋行动' })
  await call('org', UNIT_ADMIN, 'moveProject', { projectId: doing.id, action: 'start' })
}
