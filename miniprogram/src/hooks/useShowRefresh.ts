import { useDidShow } from '@tarojs/taro'
import { useRef } from 'react'

/**
 * Reloads when the page comes back into view (back from a detail page where the order moved on), but
 * not on its first showing, when the page's own load is already running.
 */
export function useShowRefresh(reload: () => unknown, enabled = true) {
  const first = useRef(true)
  useDidShow(() => {
    if (first.current) {
      first.current = false
      return
    }
    if (enabled) void reload()
  })
}
