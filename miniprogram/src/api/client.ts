import { contracts, type Contracts } from '@shared/contracts'
import type { InputOf, OutputOf } from '@shared/contract'
import { callApi, type AnyContract } from './transport'

/** A contract as a function; the argument may be left out when the schema accepts nothing. */
type Caller<C> = undefined extends InputOf<C>
  ? (input?: InputOf<C>) => Promise<OutputOf<C>>
  : (input: InputOf<C>) => Promise<OutputOf<C>>

export type Api = { [F in keyof Contracts]: { [A in keyof Contracts[F]]: Caller<Contracts[F][A]> } }

function build(): Api {
  const out: Record<string, Record<string, unknown>> = {}
  for (const [fn, group] of Object.entries(contracts)) {
    out[fn] = {}
    for (const [action, contract] of Object.entries(group as Record<string, AnyContract>)) {
      out[fn][action] = (input?: unknown) => callApi(contract, input as never)
    }
  }
  return out as Api
}

/** `await api.member.profile()`: typed from shared/contracts, throws ApiError. */
export const api: Api = build()
