import { View } from '@tarojs/components'
import type { ReactNode } from 'react'

export interface EmptyStateProps {
  title: string
  description?: ReactNode
  /** One character drawn in the round mark, e.g. 务 or 活. */
  mark?: string
  action?: ReactNode
}

export function EmptyState({ title, description, mark = '空', action }: EmptyStateProps) {
  return (
    <View className='lx-state' aria-live='polite'>
      <View className='lx-state__mark'>{mark}</View>
      <View className='lx-state__title'>{title}</View>
      {description && <View className='lx-state__desc'>{description}</View>}
      {action && <View className='lx-state__action'>{action}</View>}
    </View>
  )
}
