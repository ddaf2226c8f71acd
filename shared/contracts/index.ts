import { memberApi } from './member'

/** Every contract by function name; the client and the gateway are generated from this. */
export const contracts = {
  member: memberApi,
}
export type Contracts = typeof contracts
