import { memberApi } from './member'
import { noticeApi } from './notice'
import { orderApi } from './order'
import { orgApi } from './org'
import { wishApi } from './wish'
import { pointsApi } from './points'
import { activityApi } from './activity'

/** Every contract by function name; the client and the gateway are generated from this. */
export const contracts = {
  member: memberApi,
  order: orderApi,
  notice: noticeApi,
  org: orgApi,
  wish: wishApi,
  points: pointsApi,
  activity: activityApi,
}
export type Contracts = typeof contracts
