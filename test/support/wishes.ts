// Builders for 微心愿: a valid post, and a wish driven to a given point of its life through the real calls.
import type { TestCloud, TestUser } from './localCloud'
import { must, requestKey } from './orders'

export function wishInput(env: TestCloud, over: Record<string, unknown> = {}) {
  const inTwoWeeks = new Date(env.clock.now() + 30 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10)
  return {
    requestKey: requestKey(),
    title: '想要一个新书包',
    story: '孩子上三年级，书包背带断了，想要一个结实的新书包。',
    category: '学习用品',
    beneficiaryType: '儿童',
    ageBand: '6-12岁',
    value: 80,
    wishedBy: inTwoWeeks,
    consent: true,
    ...over,
  }
}

export async function openWish(env: TestCloud, wisher: TestUser, admin: TestUser, over: Record<string, unknown> = {}): Promise<string> {
  const w = await must(wisher.call('wish', 'post', wishInput(env, over)))
  await must(admin.call('wish', 'review', { wishId: w.id, decision: 'approve' }))
  return w.id as string
}

export { must }
