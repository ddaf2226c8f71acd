import { View } from '@tarojs/components'
import type { PropsWithChildren, ReactNode } from 'react'
import { tappable } from './a11y'
import { cx } from './cx'

export interface CardProps {
  title?: ReactNode
  extra?: ReactNode
  className?: string
  onClick?: () => void
}

export function Card({ title, extra, className, onClick, children }: PropsWithChildren<CardProps>) {
  return (
    // A card that opens something reads as a link (it may hold buttons of its own, which a button may not).
    <View className={cx('lx-card', className)} onClick={onClick} hoverClass={onClick ? 'lx-card--hover' : 'none'} {...(onClick ? tappable('link') : {})}>
      {(title || extra) && (
        <View className='lx-card__head'>
          <View className='lx-card__title'>{title}</View>
          {extra && <View className='lx-card__extra'>{extra}</View>}
        </View>
      )}
      {children}
    </View>
  )
}
