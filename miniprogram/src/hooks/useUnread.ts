// The unread count of 我的消息, fetched whenever a page that shows it comes into view, and shown as the
// badge on the 我的 tab too. A failure leaves the badge as it was: the inbox itself says what went wrong.
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { api } from '../api/client'

const MINE_TAB = 3

export function showUnreadBadge(count: number) {
  try {
    if (count > 0) void Taro.setTabBarBadge({ index: MINE_TAB, text: count > 99 ? '99+' : String(count) }).catch(() => undefined)
    else void Taro.removeTabBarBadge({ index: MINE_TAB }).catch(() => undefined)
  } catch {
    // Not on a tab page (or no tab bar in this build): the in-page badge is enough.
  }
}

export function useUnread(enabled: boolean): { count: number; refresh: () => Promise<void> } {
  const [count, setCount] = useState(0)
  const refresh = useCallback(async () => {
    if (!enabled) return
    try {
      const r = await api.notice.unread()
      setCount(r.count)
      showUnreadBadge(r.count)
    } catch {
      // keep the last count
    }
  }, [enabled])
  useDidShow(() => void refresh())
  return { count, refresh }
}
