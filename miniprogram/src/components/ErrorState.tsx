import { View } from '@tarojs/components'
import type { ErrorCode } from '@shared/errors'
import { toApiError } from '../api/errors'
import { Button } from './Button'

const TITLES: Partial<Record<ErrorCode, string>> = {
  UNAVAILABLE: '网络不太顺畅',
  UNAUTHENTICATED: '需要登录',
  PERMISSION_DENIED: '没有权限',
  NOT_FOUND: '内容不存在',
  INTERNAL: '出了点问题',
}

/** Shows the sentence the backend chose for the failure (shared/messages.ts) and a retry. */
export function ErrorState({ error, onRetry, retryText = '重新加载' }: { error: unknown; onRetry?: () => void; retryText?: string }) {
  const e = toApiError(error)
  return (
    <View className='lx-state lx-state--error' role='alert'>
      <View className='lx-state__mark lx-state__mark--error'>!</View>
      <View className='lx-state__title'>{TITLES[e.code] ?? '没能完成'}</View>
      <View className='lx-state__desc'>{e.message}</View>
      {onRetry && (
        <View className='lx-state__action'>
          <Button type='primary' size='small' onClick={onRetry}>
            {retryText}
          </Button>
        </View>
      )}
    </View>
  )
}
