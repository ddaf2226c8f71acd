// order — the only file that knows it is a CloudBase function.
import { orderApi } from '../../shared/contracts/order'
import { action, handle } from '../common/handler'
import { accept, close, dispatch, escalate, note, publish, reject, returnOrder } from './admin'
import { assignees } from './assignees'
import { claim, complete, release, start } from './claims'
import { confirm, dispute, rate, reopen, withdraw } from './resident'
import { get, hall, inbox, listMine, myTasks } from './queries'
import { summary } from './summary'
import { slaSweep } from './sweep'
import { categories, join, similar, submit } from './submit'

export const main = handle(
  {
    submit: action(orderApi.submit, submit),
    categories: action(orderApi.categories, categories),
    similar: action(orderApi.similar, similar),
    join: action(orderApi.join, join),
    withdraw: action(orderApi.withdraw, withdraw),
    get: action(orderApi.get, get),
    listMine: action(orderApi.listMine, listMine),
    inbox: action(orderApi.inbox, inbox),
    accept: action(orderApi.accept, accept),
    reject: action(orderApi.reject, reject),
    escalate: action(orderApi.escalate, escalate),
    dispatch: action(orderApi.dispatch, dispatch),
    assignees: action(orderApi.assignees, assignees),
    publish: action(orderApi.publish, publish),
    hall: action(orderApi.hall, hall),
    myTasks: action(orderApi.myTasks, myTasks),
    claim: action(orderApi.claim, claim),
    release: action(orderApi.release, release),
    start: action(orderApi.start, start),
    complete: action(orderApi.complete, complete),
    return: action(orderApi.return, returnOrder),
    confirm: action(orderApi.confirm, confirm),
    dispute: action(orderApi.dispute, dispute),
    rate: action(orderApi.rate, rate),
    close: action(orderApi.close, close),
    reopen: action(orderApi.reopen, reopen),
    note: action(orderApi.note, note),
    summary: action(orderApi.summary, summary),
  },
  { slaSweep },
)
