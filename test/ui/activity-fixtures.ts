// Activities as the activity function answers them, for the screens' tests.
import type { ActivityCard, ActivityView, BucketView } from '@shared/contracts/activity'

export function anActivity(over: Partial<ActivityCard> = {}): ActivityCard {
  return {
    id: 'a1',
    title: '社区环境清洁日',
    category: '环境整治',
    placeName: '和平社区广场',
    start: '2026-12-05T01:00:00.000Z',
    end: '2026-12-05T04:00:00.000Z',
    phase: 'published',
    phaseLabel: '报名中',
    countText: '已报名 12/20',
    full: false,
    organiser: '',
    ...over,
  }
}

export function aBucket(over: Partial<BucketView> = {}): BucketView {
  return { key: 'b1', name: '参与者', capacity: 20, taken: 12, waiting: 0, membersOnly: false, skills: [], minAge: 0, pointsText: '每小时10积分', ...over }
}

export function aView(over: Partial<ActivityView> = {}): ActivityView {
  return {
    ...anActivity(),
    communityId: 'c1',
    description: '清理小区公共区域的垃圾和小广告。',
    place: { name: '和平社区广场', radius: 300 },
    signupStart: '2026-12-01T01:00:00.000Z',
    signupEnd: '2026-12-05T00:00:00.000Z',
    cutoffHours: 2,
    offerHours: 12,
    buckets: [aBucket()],
    organising: false,
    allowed: ['signup'],
    canWithdraw: false,
    ...over,
  }
}
