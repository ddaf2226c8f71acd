// The client's way under faults: a call the service could not finish (UNAVAILABLE, INTERNAL) is sent
// again, the same (every move is idempotent and every create carries its request key).
import type { TestUser } from './localCloud'

export type CallResult = Awaited<ReturnType<TestUser['call']>>

/** `retrying(user, action, payload)` for one function, trying up to `tries` times. */
export function retryingOn(fn: string) {
  return async function retrying(user: TestUser, action: string, payload: object, tries = 40): Promise<CallResult> {
    let last: CallResult | undefined
    for (let i = 0; i < tries; i++) {
      last = await user.call(fn, action, payload)
      if (last.ok || (last.error.code !== 'UNAVAILABLE' && last.error.code !== 'INTERNAL')) return last
    }
    return last!
  }
}
