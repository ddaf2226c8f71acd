// WeChat subscribe messages (platform.md "WeChat obligations"): a person agrees from a tap, one accept
// allows one message of that template; the in-app inbox stays the channel that always works. The
// templates are chosen in the mini-program console; their ids reach the functions through the
// environment (docs/deploy.md) and the client through notice.templates.
export const SUBSCRIBE_KEYS = ['activityRemind'] as const
export type SubscribeKey = (typeof SUBSCRIBE_KEYS)[number]

/** The environment variable holding each template's id in the cloud; locally a stand-in id. */
export const SUBSCRIBE_TEMPLATE_ENV: Record<SubscribeKey, string> = { activityRemind: 'LX_TPL_ACTIVITY_REMIND' }
export const LOCAL_TEMPLATE_ID: Record<SubscribeKey, string> = { activityRemind: 'local-tpl-activity-remind' }

/** Accepts kept per person and template, at most (each allows one message). */
export const MAX_SUBSCRIPTIONS = 20

const cut = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s)

/** 活动开始提醒: 活动名称 (thing1), 开始时间 (time2), 活动地点 (thing3), 温馨提示 (thing4). */
export function activityRemindData(a: { title: string; start: Date | string; placeName: string }): Record<string, { value: string }> {
  const t = new Date(new Date(a.start).getTime() + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return {
    thing1: { value: cut(a.title, 20) },
    time2: { value: `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}` },
    thing3: { value: cut(a.placeName, 20) },
    thing4: { value: '请准时到场并扫码签到' },
  }
}
