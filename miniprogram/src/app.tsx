import Taro from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { SessionProvider } from './hooks/session'
import './app.css'

// The mini-program reaches its cloud functions through wx.cloud, which needs the environment id once
// before any call. h5 talks HTTP to the local gateway instead (src/api/transport.ts).
if (process.env.TARO_ENV === 'weapp') {
  Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV || 'local-env', traceUser: true })
}

function App({ children }: PropsWithChildren) {
  // In weapp the cloud knows the caller, so SessionProvider logs in at launch (member.login);
  // in h5 it does so when a token from the dev login is stored.
  return <SessionProvider>{children}</SessionProvider>
}

export default App
