import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { ErrorCode } from '@shared/errors'
import { toApiError } from '../api/errors'
import { ROUTES } from '../api/routes'
import { Button } from './Button'

/** A reload cannot fix these: the page offers the way back (or home, when it was opened from a link). */
const DEAD_ENDS: readonly ErrorCode[] = ['PERMISSION_DENIED', 'NOT_FOUND']

function goBack() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void Taro.switchTab({ url: ROUTES.home })
}

const TITLES: Partial<Record<ErrorCode, string>> = {
  UNAVAILABLE: '网络不太顺畅',
  UNAUTHENTICATED: '需要登录',
  PERMISSION_DENIED: '没有权限',
  NOT_FOUND: '内容不存在',
  INTERNAL: '出了点问题',
}

/**
 * Shows the sentence the backend chose for the failure (shared/messages.ts) and a retry; a whole page that
 * may not be seen or is gone (`page`) also offers the way back.
 */
export function ErrorState({ error, onRetry, retryText = '重新加载', page = false }: { error: unknown; onRetry?: () => void; retryText?: string; page?: boolean }) {
  const e = toApiError(error)
  const back = page && DEAD_ENDS.includes(e.code)
  return (
    <View className='lx-state lx-state--error' role='alert'>
      <View className='lx-state__mark lx-state__mark--error'>!</View>
      <View className='lx-state__title'>{TITLES[e.code] ?? '没能完成'}</View>
      <View className='lx-state__desc'>{e.message}</View>
      {(onRetry || back) && (
        <View className='lx-state__action'>
          {back && (
            <Button type='primary' size='small' onClick={goBack}>
              {Taro.getCurrentPages().length > 1 ? '返回上一页' : '回到首页'}
            </Button>
          )}
          {onRetry && (
            <Button type={back ? 'default' : 'primary'} size='small' onClick={onRetry}>
              {retryText}
            </Button>
          )}
        </View>
      )}
    </View>
  )
}
