// Words and small pieces the 报到 screens share.
import { REGISTRATION_STATE_LABELS, type RegistrationState } from '@shared/lifecycles/registration'
import { AVAILABILITY_SLOTS, DAY_PART_LABELS, REGISTRATION_TYPE_LABELS, WEEK_DAY_LABELS, type AvailabilitySlot } from '@shared/members/model'
import type { Tone } from '../../components'

export const STATE_TONE: Record<RegistrationState, Tone> = { pending: 'gold', approved: 'green', returned: 'red', withdrawn: 'gray', revoked: 'gray' }
export const stateLabel = (s: RegistrationState) => REGISTRATION_STATE_LABELS[s]
export const typeLabel = (t: keyof typeof REGISTRATION_TYPE_LABELS) => REGISTRATION_TYPE_LABELS[t]

export function slotLabel(s: AvailabilitySlot): string {
  const [d, p] = s.split('-') as [keyof typeof WEEK_DAY_LABELS, keyof typeof DAY_PART_LABELS]
  return `${WEEK_DAY_LABELS[d]}${DAY_PART_LABELS[p]}`
}

/** 周六上午、周日下午, in the week's order. */
export function slotsLine(slots: readonly AvailabilitySlot[]): string {
  return AVAILABILITY_SLOTS.filter((s) => slots.includes(s)).map(slotLabel).join('、')
}

export const REPORT_ROUTES = {
  form: '/packages/report/form/index',
  status: '/packages/report/status/index',
  queue: '/packages/report/queue/index',
  review: '/packages/report/review/index',
} as const
