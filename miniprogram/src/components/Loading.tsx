import { View } from '@tarojs/components'
import { cx } from './cx'

/** Grey blocks in the shape of what is coming; `aria-busy` lets tests and screen readers see it. */
export function Skeleton({ rows = 3, avatar, className }: { rows?: number; avatar?: boolean; className?: string }) {
  return (
    <View className={cx('lx-skeleton', className)} aria-busy='true' aria-label='加载中'>
      {avatar && (
        <View className='lx-skeleton__head'>
          <View className='lx-skeleton__avatar' />
          <View className='lx-skeleton__lines'>
            <View className='lx-skeleton__line lx-skeleton__line--title' />
            <View className='lx-skeleton__line lx-skeleton__line--short' />
          </View>
        </View>
      )}
      {Array.from({ length: rows }, (_, i) => (
        <View key={i} className={cx('lx-skeleton__line', i === rows - 1 && 'lx-skeleton__line--short')} />
      ))}
    </View>
  )
}

export function Spinner({ text }: { text?: string }) {
  return (
    <View className='lx-loading' aria-busy='true'>
      <View className='lx-spinner' />
      {text && <View className='lx-loading__text'>{text}</View>}
    </View>
  )
}
