import { View } from '@tarojs/components'
import type { TimelineView } from '@shared/contracts/order'
import { cx } from '../cx'
import { fromNow } from '../../utils/time'

/** The order's steps, newest first: what happened, by whom (role), when, and the note. */
export function Timeline({ entries, now = new Date() }: { entries: TimelineView[]; now?: Date }) {
  const list = [...entries].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
  return (
    <View className='timeline'>
      {list.map((t, i) => (
        <View key={`${t.at}-${i}`} className={cx('timeline__item', i === 0 && 'timeline__item--latest')}>
          <View className='timeline__rail'>
            <View className='timeline__dot' />
            {i < list.length - 1 && <View className='timeline__line' />}
          </View>
          <View className='timeline__main'>
            <View className='timeline__head'>
              <View className='timeline__label'>{t.label}</View>
              {t.internal && <View className='timeline__internal'>内部</View>}
              <View className='timeline__time'>
                {fromNow(t.at, now)}
              </View>
            </View>
            {(t.byRole || t.byName) && <View className='timeline__by'>{[t.byRole, t.byName].filter(Boolean).join(' · ')}</View>}
            {t.note && <View className='timeline__note'>{t.note}</View>}
          </View>
        </View>
      ))}
    </View>
  )
}
