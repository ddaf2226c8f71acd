import { View } from '@tarojs/components'
import type { PropsWithChildren, ReactNode } from 'react'
import { EmptyState, type EmptyStateProps } from './EmptyState'
import { ErrorState } from './ErrorState'
import { Skeleton } from './Loading'
import { Page } from './Page'

export interface PageContainerProps {
  loading?: boolean
  error?: unknown
  /** Data from an earlier load is on hand: keep showing it while reloading or after a failed reload. */
  hasData?: boolean
  /** Loaded, and there is nothing to show. */
  empty?: boolean
  emptyProps?: EmptyStateProps
  onRetry?: () => void
  /** Drawn during the first load instead of the default skeleton. */
  skeleton?: ReactNode
  /** Above every state: a header that does not depend on the data. */
  header?: ReactNode
  className?: string
}

/** A screen with its states, in this order: error, first load, empty, content. */
export function PageContainer({ loading, error, hasData, empty, emptyProps, onRetry, skeleton, header, className, children }: PropsWithChildren<PageContainerProps>) {
  let body: ReactNode
  if (error && !hasData) body = <ErrorState error={error} onRetry={onRetry} page />
  else if (loading && !hasData) body = skeleton ?? <Skeleton rows={4} />
  else if (empty) body = <EmptyState {...(emptyProps ?? { title: '暂无内容' })} />
  else body = children
  return (
    <Page className={className}>
      {header}
      <View className='lx-page__body'>{body}</View>
    </Page>
  )
}
