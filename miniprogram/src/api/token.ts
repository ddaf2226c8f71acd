import Taro from '@tarojs/taro'

// h5 only: the bearer token the dev gateway issued. In the mini-program the cloud knows the caller
// (OPENID), so nothing is stored there.
const TOKEN_KEY = 'lianxin.token'

export function getToken(): string {
  try {
    return (Taro.getStorageSync(TOKEN_KEY) as string) || ''
  } catch {
    return ''
  }
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_KEY, token)
}

export function clearToken(): void {
  try {
    Taro.removeStorageSync(TOKEN_KEY)
  } catch {
    // storage unavailable (private mode): nothing was stored either
  }
}
