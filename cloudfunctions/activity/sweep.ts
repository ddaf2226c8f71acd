// The activity's timer, on the one sweep framework (common/sweep.ts), run by its CloudBase timer trigger
// (activitySweep, cloudbaserc.json); each pass reads only what needs it now:
//   offers   — a freed place not confirmed in time passes on to the next person waiting
//   reminders — 24 h and 2 h before the start, to everyone holding a place
//   settle   — (repair) a sign-up whose call never finished is brought in step with the activity
//   outbox   — effects a call could not deliver (activities, sign-ups)
import { nextReminder } from '../../shared/activities/rules'
import { activityNotices } from '../../shared/activities/texts'
import { activityRemindData } from '../../shared/notify/subscribe'
import type { SignupDoc } from '../../shared/activities/model'
import { Failure } from '../common/errors'
import type { TimerJob } from '../common/handler'
import { unchanged } from '../common/records'
import { outboxPass, sweep, type SweepPass } from '../common/sweep'
import { getDoc } from '../common/users'
import { ACTIVITIES, activityMove, notice, SIGNUPS } from './model'
import type { ActivityDoc } from '../../shared/activities/model'
import { expireOffers, settle } from './places'

const offers: SweepPass<ActivityDoc> = {
  name: 'offers',
  collection: ACTIVITIES,
  due: 'offerDue',
  act: async (a, now) => {
    try {
      return await expireOffers(a, now)
    } catch (err) {
      if (err instanceof Failure) return 'skipped'
      throw err
    }
  },
}

const reminders: SweepPass<ActivityDoc> = {
  name: 'reminders',
  collection: ACTIVITIES,
  due: 'remindDue',
  act: async (a, now) => {
    let acted = false
    await activityMove(a, (cur) => {
      if (!cur.remindDue || new Date(cur.remindDue).getTime() > now.getTime()) return unchanged
      const stage = cur.remindStage ?? 0
      const next: ActivityDoc = { ...cur }
      const after = cur.status === 'published' ? nextReminder(cur, stage + 1, now) : undefined
      if (after) Object.assign(next, { remindDue: after.at, remindStage: after.stage })
      else {
        delete next.remindDue
        next.remindStage = stage + 1
      }
      const holders = [...Object.values(cur.reg).flat(), ...cur.offers.map((o) => o.openid)]
      // A reminder whose moment passed long ago (the activity has started) is not sent.
      const send = cur.status === 'published' && new Date(cur.start).getTime() > now.getTime() && holders.length > 0
      acted = send
      return { next, effects: send ? [{ ...notice(cur, `remind${stage}`, { ids: holders }, activityNotices.remind(cur), now), subscribe: { key: 'activityRemind' as const, data: activityRemindData({ title: cur.title, start: cur.start, placeName: cur.place.name }) } }] : [] }
    })
    return acted ? 'acted' : 'skipped'
  },
}

const settling: SweepPass<SignupDoc> = {
  name: 'settle',
  collection: SIGNUPS,
  due: 'settleDue',
  act: async (s, now) => {
    const a = await getDoc<ActivityDoc>(ACTIVITIES, s.activityId)
    if (!a) return 'skipped'
    await settle(s, a, now)
    return 'acted'
  },
}

export const ACTIVITY_PASSES = [offers, reminders, settling, outboxPass(ACTIVITIES, 'outbox'), outboxPass(SIGNUPS, 'outbox:signups')]

export const activitySweep: TimerJob = ({ now, budgetMs }) => sweep(ACTIVITY_PASSES, now, budgetMs)
