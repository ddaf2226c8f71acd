import { memberApi } from './member'
import { noticeApi } from './notice'
import { orderApi } from './order'
import { orgApi } from './org'
import { wishApi } from './wish'
import { pointsApi } from './points'

/** Every contract by function name; the client and the gateway are generated from this. */
export const contracts = {
  member: memberApi,
  order: orderApi,
  notice: noticeApi,
  org: orgApi,
  wish: wishApi,
  points: pointsApi,
}
export type Contracts = typeof contracts
