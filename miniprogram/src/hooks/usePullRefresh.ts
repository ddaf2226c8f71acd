import Taro, { usePullDownRefresh } from '@tarojs/taro'

/**
 * Wires the page's native pull-down (enablePullDownRefresh in its config) to `refresh` and stops the
 * spinner when it settles, success or not.
 */
export function usePullRefresh(refresh: () => Promise<unknown>) {
  usePullDownRefresh(() => {
    refresh()
      .catch(() => undefined)
      .finally(() => Taro.stopPullDownRefresh())
  })
}
