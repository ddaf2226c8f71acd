import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { FOCUSABLE } from './a11y'
import { cx } from './cx'

export interface ButtonProps {
  type?: 'primary' | 'default' | 'gold' | 'danger' | 'ghost'
  size?: 'small' | 'normal' | 'large'
  block?: boolean
  loading?: boolean
  disabled?: boolean
  className?: string
  onClick?: () => void
}

/**
 * A View, not Taro's Button: the native button brings its own borders and sizes on each platform.
 * Use Taro's Button directly only where an openType is needed (getPhoneNumber, privacy consent).
 */
export function Button({ type = 'default', size = 'normal', block, loading, disabled, className, onClick, children }: PropsWithChildren<ButtonProps>) {
  const inactive = disabled || loading
  return (
    <View
      className={cx('lx-btn', `lx-btn--${type}`, `lx-btn--${size}`, block && 'lx-btn--block', inactive && 'lx-btn--disabled', className)}
      hoverClass={inactive ? 'none' : 'lx-btn--hover'}
      role='button'
      {...FOCUSABLE}
      aria-disabled={inactive ? 'true' : undefined}
      onClick={() => {
        if (!inactive && onClick) onClick()
      }}
    >
      {loading && <View className='lx-spinner lx-spinner--inline' />}
      <View className='lx-btn__text'>{children}</View>
    </View>
  )
}
