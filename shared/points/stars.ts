// 星级: star levels from confirmed service hours (100 / 300 / 600 / 1000 / 1500 h → 一星 … 五星).
export const STAR_HOURS = [100, 300, 600, 1000, 1500] as const
export const STAR_LABELS = ['未评星', '一星', '二星', '三星', '四星', '五星'] as const

export interface StarLevel {
  /** 0 (none yet) to 5. */
  level: number
  label: string
  /** Hours the next level needs in all; absent at five stars. */
  nextAt?: number
  nextLabel?: string
  /** Hours still to go to the next level. */
  toNext?: number
  /** 0..1 of the way from this level to the next (1 at five stars). */
  progress: number
}

export function starLevel(confirmedHours: number): StarLevel {
  const h = Math.max(0, confirmedHours)
  let level = 0
  while (level < STAR_HOURS.length && h >= STAR_HOURS[level]) level++
  if (level === STAR_HOURS.length) return { level, label: STAR_LABELS[level], progress: 1 }
  const from = level === 0 ? 0 : STAR_HOURS[level - 1]
  const nextAt = STAR_HOURS[level]
  return { level, label: STAR_LABELS[level], nextAt, nextLabel: STAR_LABELS[level + 1], toNext: Math.round((nextAt - h) * 10) / 10, progress: Math.min(1, (h - from) / (nextAt - from)) }
}
