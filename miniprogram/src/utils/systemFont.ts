import Taro from '@tarojs/taro'

/**
 * Whether the phone asks for bigger text than standard: the default of 大字模式 until the person chooses.
 * - weapp: WeChat's 字体大小 setting, `getAppBaseInfo().fontSizeScaleFactor` (1 at standard; 关怀模式 and
 *   the larger settings are above 1), from getSystemInfoSync on base libraries without getAppBaseInfo.
 * - h5: the browser's default font size (Taro sets the root size itself in px, so the setting never
 *   reaches the page): a probe at `font-size: medium` against the standard 16 px.
 */
export function systemPrefersLargeText(): boolean {
  try {
    if (process.env.TARO_ENV === 'h5') {
      if (typeof document === 'undefined' || !document.body) return false
      const probe = document.createElement('div')
      probe.style.cssText = 'position:absolute;visibility:hidden;font-size:medium'
      document.body.appendChild(probe)
      const px = parseFloat(getComputedStyle(probe).fontSize)
      probe.remove()
      return px > 16.5
    }
    const t = Taro as unknown as {
      getAppBaseInfo?: () => { fontSizeScaleFactor?: number; fontSizeSetting?: number }
      getSystemInfoSync: () => { fontSizeScaleFactor?: number; fontSizeSetting?: number }
    }
    const info = t.getAppBaseInfo ? t.getAppBaseInfo() : t.getSystemInfoSync()
    if (typeof info.fontSizeScaleFactor === 'number') return info.fontSizeScaleFactor > 1
    // fontSizeSetting is the point size (17 at standard).
    return typeof info.fontSizeSetting === 'number' && info.fontSizeSetting > 17
  } catch {
    return false
  }
}
