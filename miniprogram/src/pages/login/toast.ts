import Taro from '@tarojs/taro'

/**
 * A failed login's message. Its own module, loaded by the h5 login page only when a login fails: Taro's
 * h5 toast comes with its modal and action sheet (26 KB) and is not needed to draw the page.
 */
export function toast(title: string) {
  void Taro.showToast({ title, icon: 'none' })
}
