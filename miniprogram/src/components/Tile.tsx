import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { tappable } from './a11y'
import { cx } from './cx'

export interface TileProps {
  /** One character in the round mark. */
  mark: string
  title: string
  desc?: string
  tone?: 'red' | 'gold'
  /** An unread count shown on the mark. */
  badge?: number
  onClick?: () => void
}

/** An entry on the home screen. Only for screens that exist. */
export function Tile({ mark, title, desc, tone = 'red', badge, onClick }: TileProps) {
  return (
    <View className='lx-tile'>
      <View className='lx-tile__inner' onClick={onClick} hoverClass='lx-tile--hover' {...tappable('link')}>
        <View className={cx('lx-tile__mark', `lx-tile__mark--${tone}`)} aria-hidden='true'>
          {mark}
          {!!badge && badge > 0 && <View className='lx-tile__badge'>{badge > 99 ? '99+' : badge}</View>}
        </View>
        <View className='lx-tile__text'>
          <View className='lx-tile__title'>{title}</View>
          {desc && <View className='lx-tile__desc'>{desc}</View>}
        </View>
      </View>
    </View>
  )
}

export function TileGrid({ children }: PropsWithChildren) {
  return <View className='lx-tiles'>{children}</View>
}
