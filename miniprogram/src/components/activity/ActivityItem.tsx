// One activity on a list (the 活动 tab, 首页, 我的活动, 活动管理): title, when, where, the phase as the
// server named it (报名中 / 报名截止…), 已报名 12/20, and the caller's own place on it (已报名 / 候补中…).
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { ActivityCard } from '@shared/contracts/activity'
import type { ActivityPhase, PlaceState } from '@shared/lifecycles/activity'
import { Tag, type Tone } from '..'
import { ROUTES } from '../../api/routes'
import { dayjs } from '../../utils/time'
import './activity.css'

export const activityUrl = (id: string) => `${ROUTES.activityDetail}?id=${encodeURIComponent(id)}`

const PHASE_TONES: Record<ActivityPhase, Tone> = {
  draft: 'gray',
  announced: 'gold',
  published: 'red',
  closed: 'gray',
  ongoing: 'blue',
  ended: 'gold',
  finished: 'green',
  cancelled: 'gray',
}
export const phaseTone = (p: ActivityPhase): Tone => PHASE_TONES[p] ?? 'gray'

const PLACE_TONES: Partial<Record<PlaceState, Tone>> = { registered: 'green', waitlisted: 'gold', offered: 'red' }
export const placeTone = (p: PlaceState): Tone => PLACE_TONES[p] ?? 'gray'

/** 12月3日 09:00 */
export const when = (at: string) => dayjs(at).format('M月D日 HH:mm')

/** 12月3日 09:00–12:00, or across days 12月3日 09:00 – 12月4日 12:00. */
export function timeRange(start: string, end: string): string {
  const a = dayjs(start)
  const b = dayjs(end)
  return a.isSame(b, 'day') ? `${a.format('M月D日 HH:mm')}–${b.format('HH:mm')}` : `${a.format('M月D日 HH:mm')} – ${b.format('M月D日 HH:mm')}`
}

export function ActivityItem({ a, onClick }: { a: ActivityCard; onClick?: () => void }) {
  const open = onClick ?? (() => void Taro.navigateTo({ url: activityUrl(a.id) }))
  return (
    <View className='act-item' role='link' hoverClass='act-item--hover' onClick={open}>
      <View className='act-item__head'>
        <View className='act-item__title'>{a.title}</View>
        <Tag tone={phaseTone(a.phase)}>{a.phaseLabel}</Tag>
      </View>
      <View className='act-item__line'>时间：{timeRange(a.start, a.end)}</View>
      <View className='act-item__line'>地点：{a.placeName}</View>
      <View className='act-item__foot'>
        <Tag tone='gray'>{a.category}</Tag>
        <View className={`act-item__count${a.full ? ' act-item__count--full' : ''}`}>
          {a.countText}
          {a.full ? '（已满）' : ''}
        </View>
        <View className='act-item__spacer' />
        {a.myPlace && a.myPlaceLabel && (
          <Tag tone={placeTone(a.myPlace)}>
            {a.myPlaceLabel}
          </Tag>
        )}
      </View>
      {a.organiser && <View className='act-item__org'>发起单位：{a.organiser}</View>}
    </View>
  )
}
