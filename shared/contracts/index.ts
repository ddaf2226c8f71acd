import { memberApi } from './member'
import { noticeApi } from './notice'
import { orderApi } from './order'

/** Every contract by function name; the client and the gateway are generated from this. */
export const contracts = {
  member: memberApi,
  order: orderApi,
  notice: noticeApi,
}
export type Contracts = typeof contracts
