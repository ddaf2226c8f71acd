// Activity helpers: a publish payload relative to the test clock, and a published activity.
import { signToken } from '../../localcloud/gateway'
import type { TestCloud, TestUser } from './localCloud'
import { must } from './orders'

const H = 3600_000
let n = 0

/** An activity two days from the test clock's now, 09:00-12:00 (Beijing), sign-up open until an hour before. */
export function activityInput(env: TestCloud, over: Record<string, unknown> = {}) {
  const start = env.clock.now() + 48 * H
  return {
    title: '社区环境清洁日',
    description: '清理小区公共区域的垃圾和小广告，请穿方便劳动的衣服。',
    category: '环境整治',
    place: { name: '和平社区广场', lat: 39.9, lng: 116.4, radius: 300 },
    start: new Date(start).toISOString(),
    end: new Date(start + 3 * H).toISOString(),
    signupEnd: new Date(start - H).toISOString(),
    capacity: 10,
    requestKey: `act-${Date.now()}-${n++}`,
    ...over,
  }
}

export async function publishedActivity(env: TestCloud, admin: TestUser, over: Record<string, unknown> = {}): Promise<string> {
  const a = await must(admin.call('activity', 'publish', activityInput(env, over)))
  return a.id as string
}

export { must }

/**
 * The person as the app reaches the service: over HTTP through the local gateway (which runs at most so
 * many calls at once and queues the rest, as a platform does), with their bearer token.
 */
export function overHttp(env: TestCloud, user: { openid: string }): TestUser {
  const token = signToken(env.cloud.secret, user.openid)
  return {
    openid: user.openid,
    async call(fn, action, payload) {
      for (let i = 0; ; i++) {
        try {
          const res = await fetch(`${env.url}/api/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ action, payload }) })
          return (await res.json()) as never
        } catch (err) {
          // A socket the busy test machine could not open: what the client's transport retries.
          if (i >= 3) throw err
        }
      }
    },
  }
}
