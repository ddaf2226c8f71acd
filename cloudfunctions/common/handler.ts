// The wrapper every cloud function's main goes through (style.md): who is calling → parse the payload
// with the contract → load the caller's roles → the use case → the envelope. Expected failures are data;
// unknown errors are logged with the request id and answered as INTERNAL.
import { randomUUID } from 'node:crypto'
import { ZodError } from 'zod'
import type { Contract, OutputOf, ParsedOf } from '../../shared/contract'
import { codeOf, type Envelope, type ErrorBody, type Reason } from '../../shared/errors'
import { messageFor } from '../../shared/messages'
import type { Grant } from '../../shared/roles'
import { fieldErrors } from '../../shared/zh-errors'
import { tcb } from './cloud'
import { now } from './clock'
import { Failure } from './errors'
import { loadUser, type UserDoc } from './users'

export interface Ctx {
  openid: string
  /** Null until the person has called member.login once. */
  user: UserDoc | null
  /** Stored grants plus the implicit resident grant of the community the person lives in. */
  grants: Grant[]
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
export type TimerJob = (ctx: { requestId: string; now: Date }) => Promise<unknown>

interface CloudContext {
  request_id?: string
  requestId?: string
  environment?: string
}

function errorBody(reason: Reason, fields?: Record<string, string>): ErrorBody {
  return { code: codeOf(reason), reason, message: messageFor(reason), ...(fields ? { fields } : {}) }
}

export function effectiveGrants(user: UserDoc | null): Grant[] {
  if (!user) return []
  const grants = [...(user.grants ?? [])]
  if (user.communityId) grants.push({ role: 'resident', communityId: user.communityId, streetId: user.streetId })
  return grants
}

export function handle(actions: Record<string, Action>, timers: Record<string, TimerJob> = {}) {
  return async function main(event: unknown, context: CloudContext = {}): Promise<Envelope<unknown>> {
    const requestId = context.request_id ?? context.requestId ?? randomUUID()
    try {
      const ev = (event ?? {}) as Record<string, unknown>
      if (ev.Type === 'Timer') {
        const job = timers[String(ev.TriggerName)]
        if (!job) return { ok: false, error: errorBody('UNKNOWN_ACTION') }
        return { ok: true, data: await job({ requestId, now: now() }) }
      }
      const entry = typeof ev.action === 'string' ? actions[ev.action] : undefined
      if (!entry || !Object.prototype.hasOwnProperty.call(actions, ev.action as string)) {
        return { ok: false, error: errorBody('UNKNOWN_ACTION') }
      }
      // Identity comes from the platform, never from the event.
      const openid = tcb.getCloudbaseContext(context as any).WX_OPENID ?? ''
      if (!openid) return { ok: false, error: errorBody('NOT_LOGGED_IN') }

      const parsed = entry.contract.input.safeParse(ev.payload ?? {})
      if (!parsed.success) return { ok: false, error: errorBody('BAD_INPUT', fieldErrors(parsed.error)) }

      const user = await loadUser(openid)
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
      if (isConflict(err)) return { ok: false, error: errorBody('SERVICE_BUSY') }
      console.error(`[${requestId}]`, err)
      return { ok: false, error: errorBody('INTERNAL_ERROR') }
    }
  }
}

function isConflict(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code
  return code === 'DATABASE_TRANSACTION_CONFLICT'
}
