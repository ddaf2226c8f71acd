// The mini-program reaches its cloud functions through wx.cloud, which needs the environment id once
// before any call; the build inlines it (config/cloud-env.ts refuses a release build without a real one).
// h5 talks HTTP to the local gateway instead (transport.ts).
import Taro from '@tarojs/taro'

export function initCloud(): void {
  if (process.env.TARO_ENV !== 'weapp') return
  Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV as string, traceUser: true })
}
