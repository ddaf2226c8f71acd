// The rules of volunteer activities, pure: phases from the clock, eligibility, overlaps, check-in
// windows and distances, hours and points.
import type { ActivityPhase } from '../lifecycles/activity'
import { activityPoints } from '../points/rules'
import type { ActivityDoc, Bucket } from './model'

const H = 3600_000
/** GPS and code check-in: from 2 h before the start to 2 h after the end. */
export const CHECKIN_BEFORE_MS = 2 * H
export const CHECKIN_AFTER_MS = 2 * H
/** The organiser's rotating code: a new one every 30 s, each accepted for 60 s. */
export const CODE_STEP_MS = 30_000
export const CODE_VALID_STEPS = 2
export const DEFAULT_OFFER_HOURS = 12
export const DEFAULT_CUTOFF_HOURS = 2
/** Reminders before the start. */
export const REMIND_BEFORE_MS = [24 * H, 2 * H] as const
export const MAX_BUCKETS = 6
export const MAX_CAPACITY = 5000
export const MAX_RADIUS = 5000

export function phaseOf(a: Pick<ActivityDoc, 'status' | 'signupStart' | 'signupEnd' | 'start' | 'end'>, now: Date): ActivityPhase {
  if (a.status !== 'published') return a.status
  const t = now.getTime()
  if (t < new Date(a.signupStart).getTime()) return 'announced'
  if (t < new Date(a.signupEnd).getTime() && t < new Date(a.start).getTime()) return 'published'
  if (t < new Date(a.start).getTime()) return 'closed'
  if (t < new Date(a.end).getTime()) return 'ongoing'
  return 'ended'
}

/** Whether two time ranges share any moment (touching ends do not overlap). */
export const overlaps = (a: { start: Date; end: Date }, b: { start: Date; end: Date }) =>
  new Date(a.start).getTime() < new Date(b.end).getTime() && new Date(b.start).getTime() < new Date(a.end).getTime()

export type Ineligible = 'membersOnly' | 'skills' | 'minAge' | 'birthYear'

/** Why the person may not take a place in the bucket, or null. */
export function ineligible(b: Bucket, who: { member: boolean; skills: readonly string[]; birthYear?: number }, now: Date): Ineligible | null {
  if (b.membersOnly && !who.member) return 'membersOnly'
  if (b.skills.length && !b.skills.some((s) => who.skills.includes(s))) return 'skills'
  if (b.minAge > 0) {
    if (!who.birthYear) return 'birthYear'
    // Age in whole years at the latest: born in the year counts as not yet had the birthday.
    if (now.getUTCFullYear() - who.birthYear - 1 < b.minAge) return 'minAge'
  }
  return null
}

/** Whether a registered person may still cancel (before the cut-off); waiting people always may before the start. */
export const canStillCancel = (a: Pick<ActivityDoc, 'start' | 'cutoffHours'>, now: Date) => now.getTime() < new Date(a.start).getTime() - a.cutoffHours * H

export const inCheckinWindow = (a: Pick<ActivityDoc, 'start' | 'end'>, now: Date) =>
  now.getTime() >= new Date(a.start).getTime() - CHECKIN_BEFORE_MS && now.getTime() <= new Date(a.end).getTime() + CHECKIN_AFTER_MS

/** Metres between two points (haversine). */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6371e3
  const rad = (d: number) => (d * Math.PI) / 180
  const dLat = rad(b.lat - a.lat)
  const dLng = rad(b.lng - a.lng)
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)))
}

/**
 * Hours served: check-out − check-in, counted only inside the activity's time, in half hours (rounded
 * down), never more than its length. No check-out, or a check-out not after the check-in: 0 (the
 * organiser enters the figure).
 */
export function servedHours(a: Pick<ActivityDoc, 'start' | 'end'>, checkIn?: Date, checkOut?: Date): number {
  if (!checkIn || !checkOut) return 0
  const from = Math.max(new Date(checkIn).getTime(), new Date(a.start).getTime())
  const to = Math.min(new Date(checkOut).getTime(), new Date(a.end).getTime())
  if (to <= from) return 0
  return Math.floor(((to - from) / H) * 2) / 2
}

/** The activity's length in hours, in half hours: the most anyone can be confirmed for. */
export const lengthHours = (a: Pick<ActivityDoc, 'start' | 'end'>) => Math.floor(((new Date(a.end).getTime() - new Date(a.start).getTime()) / H) * 2) / 2

/** Points for confirmed hours in a bucket (fixed: for taking part at all). */
export function pointsFor(b: Bucket | undefined, hours: number): number {
  if (!b || hours <= 0) return 0
  return b.points.mode === 'fixed' ? b.points.amount : b.points.rate > 0 ? Math.round(hours * b.points.rate) : activityPoints(hours)
}

/** 迟到: checked in more than 15 minutes after the start. */
export const isLate = (a: Pick<ActivityDoc, 'start'>, checkIn: Date) => new Date(checkIn).getTime() > new Date(a.start).getTime() + 15 * 60_000

/** The next reminder after `now` (24 h, then 2 h before the start), if any. */
export function nextReminder(a: Pick<ActivityDoc, 'start'>, stage: number, now: Date): { at: Date; stage: number } | undefined {
  for (let i = stage; i < REMIND_BEFORE_MS.length; i++) {
    const at = new Date(new Date(a.start).getTime() - REMIND_BEFORE_MS[i])
    if (at.getTime() > now.getTime() - 60_000 || i === REMIND_BEFORE_MS.length - 1) {
      if (new Date(a.start).getTime() <= now.getTime()) return undefined
      return { at, stage: i }
    }
  }
  return undefined
}

/** Characters of codes people type: no 0/O, 1/I/L. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const normaliseCode = (s: string) => s.trim().toUpperCase().replace(/[\s-]/g, '')
/** What the organiser's QR code holds: the activity and the current code. */
export const qrPayload = (activityId: string, code: string) => `LXACT:${activityId}:${code}`
export function parseQr(s: string): { activityId: string; code: string } | null {
  const m = /^LXACT:([^:]{1,64}):([A-Z0-9]{6})$/.exec(s.trim())
  return m ? { activityId: m[1], code: m[2] } : null
}
