import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import relativeTime from 'dayjs/plugin/relativeTime'

dayjs.extend(relativeTime)
dayjs.locale('zh-cn')

type DateLike = string | number | Date | dayjs.Dayjs

/** "3小时前", "2天前"; `now` is injectable so tests do not depend on the clock. */
export function fromNow(at: DateLike, now: DateLike = Date.now()): string {
  // dayjs's zh-cn spaces its numbers ("3 小时前"); Chinese UI text runs them together.
  return dayjs(at).from(dayjs(now)).replace(/\s+/g, '')
}

/** "2025年11月23日 14:05" */
export function formatDateTime(at: DateLike): string {
  return dayjs(at).format('YYYY年M月D日 HH:mm')
}

/** "11月23日" */
export function formatDate(at: DateLike): string {
  return dayjs(at).format('M月D日')
}

/** 早上好 / 上午好 / 中午好 / 下午好 / 晚上好, by the hour of `now`. */
export function greeting(now: DateLike = Date.now()): string {
  const h = dayjs(now).hour()
  if (h < 5) return '夜深了'
  if (h < 9) return '早上好'
  if (h < 12) return '上午好'
  if (h < 14) return '中午好'
  if (h < 18) return '下午好'
  return '晚上好'
}

export { dayjs }
