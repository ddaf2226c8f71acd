/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform Taro builds for (set by `taro build --type`). */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony-hybrid'
    /** CloudBase environment id for Taro.cloud.init (weapp), from .env.* files. */
    TARO_APP_CLOUD_ENV?: string
  }
}
