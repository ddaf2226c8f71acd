import type { z } from 'zod'
import './zh-errors'
import type { Role } from './roles'

/**
 * One call of one cloud function: the zod schema of its payload and the type of its answer, shared by
 * the function (which parses with it) and the client (which is typed by it).
 */
export interface Contract<I extends z.ZodTypeAny, O> {
  fn: string
  action: string
  input: I
  /** Roles of which the caller needs at least one (any scope); scope is checked by the use case. */
  roles?: readonly Role[]
  /** Answered without a login (the handler passes an empty openid): only for calls that reveal nothing personal, e.g. points.verifyRecord. */
  public?: boolean
  /** Phantom: the answer's type. */
  _output?: O
}

export function call<O>() {
  return <I extends z.ZodTypeAny>(fn: string, action: string, input: I, roles?: readonly Role[]): Contract<I, O> => ({
    fn,
    action,
    input,
    roles,
  })
}

export type InputOf<C> = C extends Contract<infer I, unknown> ? z.input<I> : never
export type ParsedOf<C> = C extends Contract<infer I, unknown> ? z.output<I> : never
export type OutputOf<C> = C extends Contract<z.ZodTypeAny, infer O> ? O : never
