import { memberApi } from './member'
import { orderApi } from './order'

/** Every contract by function name; the client and the gateway are generated from this. */
export const contracts = {
  member: memberApi,
  order: orderApi,
}
export type Contracts = typeof contracts
