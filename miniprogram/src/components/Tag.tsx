import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { cx } from './cx'

export type Tone = 'red' | 'gold' | 'gray' | 'green' | 'blue'

export function Tag({ tone = 'gray', solid, className, children }: PropsWithChildren<{ tone?: Tone; solid?: boolean; className?: string }>) {
  return <View className={cx('lx-tag', `lx-tag--${tone}`, solid && 'lx-tag--solid', className)}>{children}</View>
}

/** A count (or a dot) on the corner of its child. */
export function Badge({ count, dot, children }: PropsWithChildren<{ count?: number; dot?: boolean }>) {
  const show = dot || (count !== undefined && count > 0)
  return (
    <View className='lx-badge'>
      {children}
      {show && <View className={cx('lx-badge__mark', dot && 'lx-badge__mark--dot')}>{dot ? '' : count! > 99 ? '99+' : count}</View>}
    </View>
  )
}
