// points — the only file that knows it is a CloudBase function.
import { pointsApi } from '../../shared/contracts/points'
import { action, handle } from '../common/handler'
import { adjust, balance, history, optOut, reconcile } from './balance'
import { ranking } from './ranking'
import { record, recordPdf, verifyRecord } from './record'
import { cancelRedemption, goods, redeem, redemptions, saveGoods, storeRedemptions, verifyPickup } from './store'
import { pointsSweep } from './sweep'

export const main = handle(
  {
    balance: action(pointsApi.balance, balance),
    history: action(pointsApi.history, history),
    optOut: action(pointsApi.optOut, optOut),
    record: action(pointsApi.record, record),
    recordPdf: action(pointsApi.recordPdf, recordPdf),
    verifyRecord: action(pointsApi.verifyRecord, verifyRecord),
    ranking: action(pointsApi.ranking, ranking),
    adjust: action(pointsApi.adjust, adjust),
    reconcile: action(pointsApi.reconcile, reconcile),
    goods: action(pointsApi.goods, goods),
    saveGoods: action(pointsApi.saveGoods, saveGoods),
    redeem: action(pointsApi.redeem, redeem),
    cancelRedemption: action(pointsApi.cancelRedemption, cancelRedemption),
    verifyPickup: action(pointsApi.verifyPickup, verifyPickup),
    redemptions: action(pointsApi.redemptions, redemptions),
    storeRedemptions: action(pointsApi.storeRedemptions, storeRedemptions),
  },
  { pointsSweep },
)
