import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { useSession } from '../hooks/session'
import { cx } from './cx'

/**
 * Root of every screen. Carries the theme and the 适老化 large-text scale: all text sizes are
 * `calc(N * var(--lx-scale))`, and `lx-large` sets the scale to 1.25 for the whole page.
 */
export function Page({ children, className }: PropsWithChildren<{ className?: string }>) {
  const { largeText } = useSession()
  return <View className={cx('lx-page', largeText && 'lx-large', className)}>{children}</View>
}
