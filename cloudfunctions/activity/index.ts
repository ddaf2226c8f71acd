// activity — the only file that knows it is a CloudBase function: 志愿服务活动 (issue 10).
import { activityApi } from '../../shared/contracts/activity'
import { action, handle } from '../common/handler'
import { checkin, checkinCode, checkout, confirmHours, mark } from './attend'
import { confirmPlace, signup, withdraw } from './places'
import { cancel, finish, notifyAll, publish, update } from './publish'
import { exportRoster, get, list, manage, mine, roster } from './queries'
import { activitySweep } from './sweep'

export const main = handle(
  {
    publish: action(activityApi.publish, publish),
    update: action(activityApi.update, update),
    cancel: action(activityApi.cancel, cancel),
    finish: action(activityApi.finish, finish),
    notify: action(activityApi.notify, notifyAll),
    list: action(activityApi.list, list),
    manage: action(activityApi.manage, manage),
    get: action(activityApi.get, get),
    mine: action(activityApi.mine, mine),
    signup: action(activityApi.signup, signup),
    withdraw: action(activityApi.withdraw, withdraw),
    confirmPlace: action(activityApi.confirmPlace, confirmPlace),
    checkin: action(activityApi.checkin, checkin),
    checkout: action(activityApi.checkout, checkout),
    checkinCode: action(activityApi.checkinCode, checkinCode),
    roster: action(activityApi.roster, roster),
    mark: action(activityApi.mark, mark),
    confirmHours: action(activityApi.confirmHours, confirmHours),
    export: action(activityApi.export, exportRoster),
  },
  { activitySweep },
)
