import type { Contracts } from '@shared/contracts'
import type { InputOf, OutputOf } from '@shared/contract'
import { unavailable } from './errors'
import { callApi, type AnyContract } from './transport'

/** A contract as a function; the argument may be left out when the schema accepts nothing. */
type Caller<C> = undefined extends InputOf<C>
  ? (input?: InputOf<C>) => Promise<OutputOf<C>>
  : (input: InputOf<C>) => Promise<OutputOf<C>>

export type Api = { [F in keyof Contracts]: { [A in keyof Contracts[F]]: Caller<Contracts[F][A]> } }

type Table = Record<string, Record<string, AnyContract>>

function build(contracts: Table): Api {
  const out: Record<string, Record<string, unknown>> = {}
  for (const [fn, group] of Object.entries(contracts)) {
    out[fn] = {}
    for (const [action, contract] of Object.entries(group)) {
      out[fn][action] = (input?: unknown) => callApi(contract, input as never)
    }
  }
  return out as Api
}

/**
 * h5: the contracts (every schema, and zod) load with the first call instead of with the app shell, so
 * the login page paints without them. `api.fn.action` is made on first use; what it sends and answers is
 * the same as the built table's (the input is still checked with the contract's schema first).
 */
function lazy(importTable: () => Promise<Table>): Api {
  let table: Promise<Table> | undefined
  // A chunk that could not load is the service being unreachable, as for a failed fetch; the next
  // call tries again.
  const load = () =>
    (table ??= importTable().catch(() => {
      table = undefined
      throw unavailable()
    }))
  const groups = new Map<string, Record<string, unknown>>()
  return new Proxy({} as Api, {
    get(_t, fn) {
      if (typeof fn !== 'string') return undefined
      let group = groups.get(fn)
      if (!group) {
        const callers: Record<string, unknown> = {}
        group = new Proxy(callers, {
          get(target, action) {
            if (typeof action !== 'string' || action in target) return Reflect.get(target, action)
            const call = (input?: unknown) =>
              load().then((t) => {
                const contract = t[fn]?.[action]
                if (!contract) throw new TypeError(`api.${fn}.${action} is not a contract`)
                return callApi(contract, input as never)
              })
            target[action] = call
            return call
          },
        })
        groups.set(fn, group)
      }
      return group
    },
  })
}

/** `await api.member.profile()`: typed from shared/contracts, throws ApiError. */
export const api: Api =
  process.env.TARO_ENV === 'h5'
    ? lazy(() => import('@shared/contracts').then((m) => m.contracts as unknown as Table))
    : // The mini-program loads its package at once anyway: the table is built at start, as before.
      // eslint-disable-next-line @typescript-eslint/no-var-requires, @typescript-eslint/no-require-imports
      build((require('@shared/contracts') as { contracts: Table }).contracts)
