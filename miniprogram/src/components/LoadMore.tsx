import { View } from '@tarojs/components'
import type { ApiError } from '../api/errors'
import { Button } from './Button'

/** The foot of a paged list: 加载更多, 正在加载, the failure of the last try, or 没有更多了. */
export function LoadMore({ hasMore, loading, error, onMore, count }: { hasMore: boolean; loading: boolean; error?: ApiError; onMore: () => void; count: number }) {
  if (!count) return null
  return (
    <View className='lx-more'>
      {error && <View className='lx-more__error'>{error.message}</View>}
      {hasMore ? (
        <Button size='small' loading={loading} onClick={onMore}>
          {loading ? '正在加载' : error ? '重试' : '加载更多'}
        </Button>
      ) : (
        <View className='lx-more__end'>没有更多了</View>
      )}
    </View>
  )
}
