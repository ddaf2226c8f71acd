// One call of the demo seed, made as a demo person through the real function and retried until it lands:
// a flaky cloud (LOCALCLOUD_FAULTS) must still end seeded. Every seeded call is idempotent (fixed request
// keys, repeated moves answer ok), so a retry never makes a second of anything.
import type { Runtime } from './runtime'

type Env = { ok: boolean; data?: any; error?: { code?: string } }

const TRANSIENT = new Set(['UNAVAILABLE', 'INTERNAL'])
const ALREADY = new Set(['FAILED_PRECONDITION', 'ALREADY_EXISTS'])
const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(200, 10 * attempt)))

export interface SeedCallOptions {
  /** Tries per call before giving up (default 60). */
  attempts?: number
  /** A previous start began seeding and stopped: moves already made are refused, and that is fine. */
  resuming?: boolean
  /**
   * Whether a move refused as already made counts as done (answered undefined) after an earlier attempt
   * that may have applied, or on a resumed start. Off: every refusal is an error.
   */
  acceptAlreadyMade?: boolean
}

export type SeedCall = (fn: string, openid: string, action: string, payload: Record<string, unknown>) => Promise<any>

export function seedCaller(runtime: Runtime, opts: SeedCallOptions = {}): SeedCall {
  const attempts = opts.attempts ?? 60
  return async (fn, openid, action, payload) => {
    let last = ''
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let r: Env
      try {
        r = (await runtime.invoke(fn, { action, payload }, { openid })) as Env
      } catch (err) {
        last = String((err as Error)?.message ?? err)
        await pause(attempt)
        continue
      }
      if (r.ok) return r.data
      const code = String(r.error?.code ?? '')
      last = JSON.stringify(r.error)
      if (TRANSIENT.has(code)) {
        await pause(attempt)
        continue
      }
      if (opts.acceptAlreadyMade && ALREADY.has(code) && (attempt > 1 || opts.resuming)) return undefined
      break
    }
    throw new Error(`seed ${fn}.${action} as ${openid}: ${last}`)
  }
}
