// The wrapper every cloud function's main goes through (style.md): who is calling → parse the payload
// with the contract → load the caller's roles → the use case → the envelope. Expected failures are data;
// unknown errors are logged with the request id and answered as INTERNAL.
import { randomUUID } from 'node:crypto'
import { ZodError } from 'zod'
import type { Contract, OutputOf, ParsedOf } from '../../shared/contract'
import { codeOf, type Envelope, type ErrorBody, type Reason } from '../../shared/errors'
import { messageFor } from '../../shared/messages'
import { grantSchema, type ValidGrant } from '../../shared/roleSchemas'
import { parseInstant } from '../../shared/schemas'
import { fieldErrors } from '../../shared/zh-errors'
import { tcb } from './cloud'
import { now } from './clock'
import { Failure } from './errors'
import { loadUser, type UserDoc } from './users'

export interface Ctx {
  openid: string
  /** Null until the person has called member.login once. */
  user: UserDoc | null
  /** Stored grants that passed their role's shape, plus the implicit resident grant of the person's community. */
  grants: ValidGrant[]
  requestId: string
  now: Date
}

interface Action {
  contract: Contract<any, unknown>
  run: (input: any, ctx: Ctx) => Promise<unknown>
}

export function action<C extends Contract<any, any>>(
  contract: C,
  run: (input: ParsedOf<C>, ctx: Ctx) => Promise<OutputOf<C>>,
): Action {
  return { contract, run }
}

/** A timer trigger's work: no caller, no payload (OPENID is empty for timer calls). */
/** A timer's work, with the time it may take: the invocation's limit less a margin to answer. */
export type TimerJob = (ctx: { requestId: string; now: Date; budgetMs: number }) => Promise<unknown>

interface CloudContext {
  /** The invocation's time limit, as CloudBase gives it. */
  time_limit_in_ms?: number
  request_id?: string
  requestId?: string
  environment?: string
}

/**
 * Context keys that name a caller: the mini-program user (WX_*), or a web / custom-login user (TCB_*).
 * A timer invocation has none of them; a call from a client always has one.
 */
const CALLER_KEYS = ['WX_OPENID', 'WX_UNIONID', 'TCB_UUID', 'TCB_CUSTOM_USER_ID'] as const

/**
 * Whether an event is the platform's timer firing, not a client dressed as one. A timer event is
 * `{ Type: 'Timer', TriggerName, Time, Message? }` (CloudBase / SCF); the invocation carries no caller
 * identity, and the platform sets TRIGGER_SRC=timer in the function's environment (the SDK reads it
 * the same way to pick the timer's API token). Anyone can put `Type: 'Timer'` in callFunction's data;
 * nobody but the platform can call without an identity.
 */
function isPlatformTimer(ev: Record<string, unknown>, cloud: Record<string, unknown>): boolean {
  if (CALLER_KEYS.some((k) => typeof cloud[k] === 'string' && cloud[k] !== '')) return false
  if (cloud.TCB_ISANONYMOUS_USER === 'true' || cloud.TCB_ISANONYMOUS_USER === true) return false
  // Where the platform says where the call came from, it must say the timer.
  if (cloud.TRIGGER_SRC !== undefined && cloud.TRIGGER_SRC !== 'timer') return false
  if (typeof ev.TriggerName !== 'string') return false
  if (ev.Time !== undefined && (typeof ev.Time !== 'string' || parseInstant(ev.Time) === null)) return false
  return true
}

function errorBody(reason: Reason, fields?: Record<string, string>): ErrorBody {
  return { code: codeOf(reason), reason, message: messageFor(reason), ...(fields ? { fields } : {}) }
}

/** The caller's grants: the stored ones (checked by loadUser) and the resident grant of their community. */
export function effectiveGrants(user: UserDoc | null): ValidGrant[] {
  if (!user) return []
  const grants = [...(user.grants ?? [])]
  const home = grantSchema.safeParse({ role: 'resident', communityId: user.communityId, streetId: user.streetId })
  if (home.success) grants.push(home.data)
  return grants
}

/** A function's main, naming what it answers to, so a deploy check can compare it with cloudbaserc.json. */
export type Main = ((event: unknown, context?: CloudContext) => Promise<Envelope<unknown>>) & { actions: string[]; timers: string[] }

export function handle(actions: Record<string, Action>, timers: Record<string, TimerJob> = {}): Main {
  return Object.assign(main, { actions: Object.keys(actions), timers: Object.keys(timers) })

  async function main(event: unknown, context: CloudContext = {}): Promise<Envelope<unknown>> {
    const requestId = context.request_id ?? context.requestId ?? randomUUID()
    try {
      const ev = (event ?? {}) as Record<string, unknown>
      // Identity comes from the platform, never from the event.
      const cloud = tcb.getCloudbaseContext(context as any) as unknown as Record<string, unknown>
      if (ev.Type === 'Timer') {
        if (!isPlatformTimer(ev, cloud)) return { ok: false, error: errorBody('TIMER_ONLY') }
        const name = ev.TriggerName as string
        if (!Object.prototype.hasOwnProperty.call(timers, name)) return { ok: false, error: errorBody('UNKNOWN_ACTION') }
        const limit = typeof context.time_limit_in_ms === 'number' && context.time_limit_in_ms > 0 ? context.time_limit_in_ms : 3000
        return { ok: true, data: await timers[name]({ requestId, now: now(), budgetMs: Math.max(500, limit * 0.8 - 500) }) }
      }
      const entry = typeof ev.action === 'string' ? actions[ev.action] : undefined
      if (!entry || !Object.prototype.hasOwnProperty.call(actions, ev.action as string)) {
        return { ok: false, error: errorBody('UNKNOWN_ACTION') }
      }
      const openid = typeof cloud.WX_OPENID === 'string' ? cloud.WX_OPENID : ''
      // A public call (its contract says so) is answered without a login, and is given no user.
      if (!openid && !entry.contract.public) return { ok: false, error: errorBody('NOT_LOGGED_IN') }

      const parsed = entry.contract.input.safeParse(ev.payload ?? {})
      if (!parsed.success) return { ok: false, error: errorBody('BAD_INPUT', fieldErrors(parsed.error)) }

      const user = openid ? await loadUser(openid, requestId) : null
      const grants = effectiveGrants(user)
      const needed = entry.contract.roles
      if (needed && !grants.some((g) => needed.includes(g.role))) {
        return { ok: false, error: errorBody('ROLE_REQUIRED') }
      }
      const data = await entry.run(parsed.data, { openid, user, grants, requestId, now: now() })
      return { ok: true, data }
    } catch (err) {
      if (err instanceof Failure) return { ok: false, error: err.toBody() }
      if (err instanceof ZodError) return { ok: false, error: errorBody('BAD_INPUT', fieldErrors(err)) }
      if (isTransient(err)) {
        // The platform failed us (a database error, a lost connection): every move and create is
        // idempotent, so the client may try again and is told so.
        console.warn(`[${requestId}] transient:`, (err as { code?: string }).code ?? (err as Error).message)
        return { ok: false, error: errorBody('SERVICE_BUSY') }
      }
      console.error(`[${requestId}]`, err)
      return { ok: false, error: errorBody('INTERNAL_ERROR') }
    }
  }
}

const TRANSIENT = new Set(['SYS_ERR', 'DATABASE_TRANSACTION_CONFLICT', 'DATABASE_TIMEOUT', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET'])

/** A failure of the platform rather than of our code: worth a retry. */
function isTransient(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null
  if (typeof e?.code === 'string' && TRANSIENT.has(e.code)) return true
  return typeof e?.message === 'string' && /socket hang up|ECONNRESET|network/i.test(e.message)
}
