import { View } from '@tarojs/components'
import type { PropsWithChildren, ReactNode } from 'react'
import { tappable } from './a11y'
import { cx } from './cx'

export interface CellProps {
  title: ReactNode
  /** Under the title, smaller. */
  label?: ReactNode
  /** Right side. */
  value?: ReactNode
  arrow?: boolean
  className?: string
  onClick?: () => void
}

export function Cell({ title, label, value, arrow, className, onClick, children }: PropsWithChildren<CellProps>) {
  return (
    // A row with an arrow opens a screen (link); one without does something here (button).
    <View className={cx('lx-cell', className)} onClick={onClick} hoverClass={onClick ? 'lx-cell--hover' : 'none'} {...(onClick ? tappable(arrow ? 'link' : 'button') : {})}>
      <View className='lx-cell__main'>
        <View className='lx-cell__title'>{title}</View>
        {label && <View className='lx-cell__label'>{label}</View>}
      </View>
      {(value !== undefined || children) && <View className='lx-cell__value'>{value}{children}</View>}
      {arrow && <View className='lx-cell__arrow' />}
    </View>
  )
}

export function CellGroup({ title, className, children }: PropsWithChildren<{ title?: ReactNode; className?: string }>) {
  return (
    <View className={cx('lx-cell-group', className)}>
      {title && <View className='lx-cell-group__title'>{title}</View>}
      <View className='lx-cell-group__body'>{children}</View>
    </View>
  )
}
