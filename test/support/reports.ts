// Builders for 双报到: a person ready to report (placed in a community, consent given) and a valid report.
import { PRIVACY_VERSION } from '../../shared/members/model'
import type { TestCloud, TestUser } from './localCloud'

let keys = 0
export const reportKey = () => `rep-${process.pid}-${Date.now().toString(36)}-${++keys}`

export function reportInput(over: Record<string, unknown> = {}) {
  return {
    requestKey: reportKey(),
    type: 'member',
    communityId: 'c1',
    gridId: 'c1-g1',
    buildingId: 'c1-g1-b1',
    realName: '李报到',
    phone: '13900002222',
    unitName: '区财政局',
    branch: '区财政局第二党支部',
    skills: ['维修', '助老'],
    availability: ['sat-am', 'sun-pm'],
    promise: '每月为独居老人上门检修一次电器',
    ...over,
  }
}

/** A resident of the community who agreed to the privacy notice. */
export async function reporter(env: TestCloud, spec: { community?: string; grid?: string; name?: string; phone?: string; id?: string } = {}): Promise<TestUser> {
  const community = spec.community ?? 'c1'
  const u = await env.user({ community, grid: spec.grid ?? `${community}-g1`, name: spec.name, phone: spec.phone, id: spec.id })
  const r = await u.call('member', 'consent', { version: PRIVACY_VERSION })
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return u
}
