// Every sentence the activity function writes for people to read (notices, notes, the details of its
// refusals), in the domain package so the use cases hold none.
import { ACTIVITY_PHASE_LABELS, type ActivityPhase } from '../lifecycles/activity'
import type { Ineligible } from './rules'

type A = { title: string; start: Date | string }

/** 12月3日 09:00 (Beijing). */
export function whenText(d: Date | string): string {
  const t = new Date(new Date(d).getTime() + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`
}

export const activityNotices = {
  registered: (a: A, bucket: string) => ({ title: '活动报名成功', body: `您已报名“${a.title}”（${bucket}），活动于${whenText(a.start)}开始，请准时参加。` }),
  waitlisted: (a: A, pos: number) => ({ title: '已进入候补名单', body: `“${a.title}”名额已满，您是第${pos}位候补；有人取消时会按顺序递补并通知您。` }),
  registeredFor: (a: A, name: string) => ({ title: '代报名成功', body: `已为${name}报名“${a.title}”，活动于${whenText(a.start)}开始。` }),
  offered: (a: A, hours: number) => ({ title: '候补递补成功，请确认', body: `“${a.title}”有名额空出，已为您保留，请在${hours}小时内确认参加，逾期名额将顺延给下一位。` }),
  passed: (a: A) => ({ title: '递补名额已顺延', body: `您没有在规定时间内确认“${a.title}”的递补名额，名额已顺延给下一位。` }),
  cancelled: (a: A, reason: string) => ({ title: '活动已取消', body: `很抱歉，“${a.title}”已取消：${reason}` }),
  changed: (a: A) => ({ title: '活动信息有变动', body: `您报名的“${a.title}”信息有更新，请查看最新的时间和地点。` }),
  remind: (a: A) => ({ title: '活动即将开始', body: `您报名的“${a.title}”将于${whenText(a.start)}开始，请准时参加并签到。` }),
  message: (a: A, text: string) => ({ title: `活动通知：${a.title}`.slice(0, 40), body: text }),
  confirmed: (a: A, hours: number, points: number) => ({ title: '服务时长已确认', body: `“${a.title}”的服务时长已确认：${hours}小时，${points}积分。感谢您的付出！` }),
  corrected: (a: A, hours: number, points: number, reason: string) => ({ title: '服务时长已更正', body: `“${a.title}”的服务时长更正为${hours}小时、${points}积分：${reason}` }),
}

export const activityNotes = {
  ledger: (a: A) => `志愿活动：${a.title}`,
  correction: (a: A, reason: string) => `志愿活动时长更正：${a.title}（${reason}）`,
  proxySignup: (name: string) => `代${name}报名`,
  defaultBucket: '参与者',
  sheetName: '活动名单',
  exportFile: (title: string) => `${title.replace(/[\\/:*?"<>|]/g, '')}-名单与时长.xlsx`,
  exportHeader: ['序号', '姓名', '手机号', '岗位', '报名状态', '签到状态', '迟到', '签到时间', '签退时间', '建议时长（小时）', '确认时长（小时）', '积分', '代报名'],
  yes: '是',
  no: '',
}

export const activityTexts = {
  pointsText: (b: { points: { mode: 'hour'; rate: number } | { mode: 'fixed'; amount: number } }) => (b.points.mode === 'fixed' ? `${b.points.amount}积分` : `每小时${b.points.rate}积分`),
  count: (taken: number, capacity: number) => (capacity < 0 ? `已报名 ${taken} 人` : `已报名 ${taken}/${capacity}`),
  personState: (name: string, state: string) => `${name}：${state}`,
}

export const activityFields = {
  notNow: (phase: ActivityPhase) => `活动${ACTIVITY_PHASE_LABELS[phase]}，不能进行此操作`,
  overlap: (title: string) => `您已报名的“${title}”与这个活动时间冲突，不能同时报名`,
  ineligible: (why: Ineligible, skills: readonly string[], minAge: number) =>
    why === 'membersOnly'
      ? '这个岗位仅限党员报名'
      : why === 'skills'
        ? `这个岗位需要以下技能之一：${skills.join('、')}`
        : why === 'birthYear'
          ? `这个岗位要求年满${minAge}周岁，请填写出生年份`
          : `这个岗位要求年满${minAge}周岁`,
  cutoff: (hours: number) => `活动开始前${hours}小时内不能取消报名，如有变动请联系组织者`,
  bucket: '请选择报名岗位',
  code: '签到码不正确或已过期，请重新扫描组织者的二维码',
  qrOther: '这是另一个活动的签到码',
  far: (m: number, radius: number) => `您距离活动地点约${m}米，超出了${radius}米的签到范围`,
  noPoint: '这个活动没有设置签到位置，请扫码或输入签到码',
  window: '不在签到时间内（活动开始前2小时至结束后2小时）',
  pass: '找不到这个报名码，请核对后重试',
  timeLocked: '已有人报名，不能修改活动时间；如需改期请取消后重新发布',
  capacityBelow: (taken: number) => `已有${taken}人报名，名额不能少于${taken}`,
  hoursOver: (max: number) => `确认时长不能超过活动时长${max}小时`,
  reasonRequired: '修改已确认的时长需要填写原因',
  times: '结束时间须晚于开始时间',
  signupWindow: '报名截止时间须早于活动结束时间，且晚于报名开始时间',
  past: '活动时间已过，请重新选择',
  unit: '只能以本单位的名义为共建社区发布活动',
  bucketKey: '岗位名称不能重复',
  notRegistered: '此人没有报名这个活动',
  offerOnly: '只有候补递补的名额需要确认',
}

export { ACTIVITY_PHASE_LABELS }
