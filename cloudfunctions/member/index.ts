// member — the only file that knows it is a CloudBase function.
import { memberApi } from '../../shared/contracts/member'
import { codeOf } from '../../shared/errors'
import { messageFor } from '../../shared/messages'
import { now } from '../common/clock'
import { isMediaCheckPush, receiveMediaCheck } from '../common/content'
import { action, handle } from '../common/handler'
import { deleteAccount } from './account'
import { login } from './login'
import { orgTree } from './orgTree'
import { consent, profile, updateProfile } from './profile'
import { myReport, report, reportOptions, withdrawReport } from './report'
import { getReport, reports, reviewReport, roster } from './review'
import { memberSweep } from './sweep'

const api = handle(
  {
    login: action(memberApi.login, login),
    profile: action(memberApi.profile, profile),
    updateProfile: action(memberApi.updateProfile, updateProfile),
    orgTree: action(memberApi.orgTree, orgTree),
    consent: action(memberApi.consent, consent),
    reportOptions: action(memberApi.reportOptions, reportOptions),
    report: action(memberApi.report, report),
    myReport: action(memberApi.myReport, myReport),
    withdrawReport: action(memberApi.withdrawReport, withdrawReport),
    getReport: action(memberApi.getReport, getReport),
    reviewReport: action(memberApi.reviewReport, reviewReport),
    reports: action(memberApi.reports, reports),
    roster: action(memberApi.roster, roster),
    deleteAccount: action(memberApi.deleteAccount, deleteAccount),
  },
  { memberSweep },
)

/**
 * Besides the calls above, member receives WeChat's message push of image verdicts (MsgType event,
 * Event wxa_media_check; 云开发 → 设置 → 消息推送 → 云函数 member). A push carries no action; only a
 * trace id the server itself was given can change a check (common/content.ts).
 */
export const main = Object.assign(entry, { actions: api.actions, timers: api.timers })

async function entry(event: unknown, context: Record<string, unknown> = {}) {
  if (!isMediaCheckPush(event)) return api(event, context)
  try {
    return { ok: true as const, data: await receiveMediaCheck(event, now()) }
  } catch (err) {
    console.error('[member] wxa_media_check', err)
    return { ok: false as const, error: { code: codeOf('INTERNAL_ERROR'), reason: 'INTERNAL_ERROR' as const, message: messageFor('INTERNAL_ERROR') } }
  }
}
