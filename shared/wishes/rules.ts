// The rules of 微心愿 as data: categories, who the wish is for, age bands, the value cap, the claim's
// deadline and reminder, the automatic confirmation, the points a fulfilled wish earns.
export const WISH_CATEGORIES = ['学习用品', '生活物资', '陪伴探访', '维修', '其他'] as const
export type WishCategory = (typeof WISH_CATEGORIES)[number]

export const BENEFICIARY_TYPES = ['儿童', '老人', '困难家庭', '残障'] as const
export type BeneficiaryType = (typeof BENEFICIARY_TYPES)[number]

/** Age is shown as a band, never a birth date. */
export const AGE_BANDS = ['6岁以下', '6-12岁', '13-17岁', '18-59岁', '60-79岁', '80岁及以上'] as const
export type AgeBand = (typeof AGE_BANDS)[number]

export const DELIVERIES = ['direct', 'proxy'] as const
export type Delivery = (typeof DELIVERIES)[number]

/** A community without its own cap (communities.wishValueCap) caps a wish at this many yuan. */
export const DEFAULT_WISH_VALUE_CAP = 200
/** The hard ceiling of the input, whatever a community sets. */
export const MAX_WISH_VALUE = 5000

const DAY = 24 * 3600_000
/** A claim has this long to be fulfilled, or until the wished-by day if that comes sooner… */
export const WISH_CLAIM_MS = 14 * DAY
/** …but never less than this. */
export const MIN_WISH_CLAIM_MS = 4 * DAY
/** The claimer is reminded this long before the deadline; after it, the claim is released. */
export const WISH_REMIND_BEFORE_MS = 3 * DAY

/**
 * A fulfilled wish that neither the wisher nor the grid worker confirms within this many days is
 * confirmed by the timer (wishSweep), and the donor paid as by a manual confirmation: the same as a
 * service order (ORDER_AUTO_CONFIRM_DAYS); the wisher was told when the gift was reported delivered.
 */
export const WISH_AUTO_CONFIRM_DAYS = 7
export const WISH_AUTO_CONFIRM_MS = WISH_AUTO_CONFIRM_DAYS * DAY

export const WISH_POINTS = 10
export const WISH_HOURS = 1

/** The end of the wished-by day (Beijing), as an instant. */
export function endOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T23:59:59+08:00`))
}

/** The claim's deadline: two weeks, or the wished-by day if sooner, but at least four days. */
export function claimDeadline(claimedAt: Date, wishedBy: string): Date {
  const at = claimedAt.getTime()
  const wanted = Math.min(at + WISH_CLAIM_MS, endOfDay(wishedBy).getTime())
  return new Date(Math.max(wanted, at + MIN_WISH_CLAIM_MS))
}

/** 'YYYY-MM' of an instant in Beijing time. */
export function monthOf(at: Date | string): string {
  return new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 7)
}
