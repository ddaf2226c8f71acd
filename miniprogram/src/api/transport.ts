// The one file that talks to the backend (style.md "One transport"). In the mini-program every call is
// a cloud function invocation; in the h5 build it is an HTTP POST to the local gateway on the same
// origin. Both answer the same envelope (shared/errors.ts).
import Taro from '@tarojs/taro'
import type { z } from 'zod'
import type { Contract, InputOf, OutputOf } from '@shared/contract'
import type { Envelope } from '@shared/errors'
import { ApiError, unavailable } from './errors'
import { clearToken, getToken } from './token'
import { goToLogin } from './routes'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyContract = Contract<z.ZodTypeAny, any>

const isWeapp = () => process.env.TARO_ENV === 'weapp'

/** zod issues → `{ 'a.b': message }`, the same shape the backend sends in error.fields. */
export function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_'
    if (!(key in fields)) fields[key] = issue.message
  }
  return fields
}

/** Reads an envelope; anything that is not one counts as the service failing. */
export function unwrap<T>(body: unknown): T {
  const env = body as Envelope<T> | null | undefined
  if (!env || typeof env !== 'object' || typeof env.ok !== 'boolean') throw unavailable()
  if (env.ok) return env.data
  if (!env.error || typeof env.error !== 'object') throw unavailable()
  throw ApiError.fromBody(env.error)
}

async function viaCloud<T>(fn: string, data: unknown): Promise<T> {
  let res: Taro.cloud.CallFunctionResult
  try {
    res = await Taro.cloud.callFunction({ name: fn, data: data as TaroGeneral.IAnyObject })
  } catch {
    // A thrown callFunction means the platform failed (timeout, no network, function crashed);
    // expected failures come back as an envelope inside result.
    throw unavailable()
  }
  return unwrap<T>(res.result)
}

async function viaHttp<T>(fn: string, data: unknown): Promise<T> {
  const token = getToken()
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = 'Bearer ' + token
  let body: unknown
  try {
    const res = await fetch('/api/' + encodeURIComponent(fn), { method: 'POST', headers, body: JSON.stringify(data) })
    body = await res.json()
  } catch {
    throw unavailable()
  }
  try {
    return unwrap<T>(body)
  } catch (e) {
    if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
      // The token is gone or refused: forget it and send the person to log in again.
      clearToken()
      goToLogin()
    }
    throw e
  }
}

/**
 * Calls one contract. The input is checked with the contract's own schema first, so a form gets the
 * same field messages before sending as the backend would give after.
 */
export async function callApi<C extends AnyContract>(contract: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const parsed = contract.input.safeParse(input)
  if (!parsed.success) {
    throw new ApiError('INVALID_ARGUMENT', 'BAD_INPUT', undefined, fieldsOf(parsed.error))
  }
  const data = { action: contract.action, payload: input === undefined ? {} : input }
  // Every move is idempotent and every create carries its request key, so a call the service could not
  // finish (UNAVAILABLE: busy, a lost reply, no network) is sent again, twice at most.
  for (let attempt = 0; ; attempt++) {
    try {
      return await (isWeapp() ? viaCloud<OutputOf<C>>(contract.fn, data) : viaHttp<OutputOf<C>>(contract.fn, data))
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'UNAVAILABLE' || attempt >= RETRY_DELAYS_MS.length) throw e
      await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]))
    }
  }
}

const RETRY_DELAYS_MS = [150, 400]

/** A key for one submission of a create form: made when the form is sent, kept for its retries. */
export function newRequestKey(): string {
  const rnd = Math.random().toString(36).slice(2, 10)
  return `${Date.now().toString(36)}-${rnd}`
}
