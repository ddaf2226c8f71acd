// Which CloudBase environment the weapp build calls (Taro.cloud.init). A release built with no env id,
// or with the local cloud's placeholder, installs fine and then fails every call on the phone: so the
// release build refuses to start without a real one. Local and test builds say so with their own mode
// (`--mode localcloud`, which reads .env.localcloud) and keep the placeholder.

/** The local cloud's env id (localcloud/runtime.ts); meaningless in the real cloud. */
export const LOCAL_ENV_ID = 'local-env'
/** The Taro mode of local and test builds (`taro build --type weapp --mode localcloud`). */
export const LOCAL_MODE = 'localcloud'
/** CloudBase env ids are letters, digits and '-' (e.g. lianxin-7g2k9d1c3e5f0a); no quotes, no spaces. */
const ENV_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/

export interface BuildTarget {
  /** TARO_ENV: weapp, h5… */
  platform: string
  /** Taro's mode: --mode, else NODE_ENV. */
  mode: string | undefined
  nodeEnv: string | undefined
  /** TARO_APP_CLOUD_ENV after Taro read the .env files (the shell's value wins over the files). */
  cloudEnv: string | undefined
}

/** Whether this build must name a real environment: a production weapp build that is not a local one. */
export function needsRealEnv(t: BuildTarget): boolean {
  return t.platform === 'weapp' && t.nodeEnv === 'production' && t.mode !== LOCAL_MODE
}

/**
 * The env id to inline into the build. Throws (the build stops before compiling anything) when a
 * release build has none, the placeholder, or something that cannot be an env id.
 */
export function cloudEnvFor(t: BuildTarget): string {
  const value = (t.cloudEnv ?? '').trim()
  if (!needsRealEnv(t)) return value || LOCAL_ENV_ID
  if (!value || value === LOCAL_ENV_ID || !ENV_ID.test(value)) {
    const found = !value ? '未设置' : value === LOCAL_ENV_ID ? `仍是本地占位 "${LOCAL_ENV_ID}"` : `"${value}" 不是有效的环境 ID`
    throw new Error(
      [
        `小程序发布构建缺少云开发环境 ID：TARO_APP_CLOUD_ENV ${found}。`,
        '  在 miniprogram/.env.production.local（不入库）写入 TARO_APP_CLOUD_ENV=<云开发环境 ID>，或在命令前设置该变量，再构建。',
        `  本地 / 测试构建（连本地云）：npm run build:weapp -- --mode ${LOCAL_MODE}`,
        `The weapp release build needs the CloudBase env id in TARO_APP_CLOUD_ENV (${!value ? 'unset' : JSON.stringify(value)}); see docs/deploy.md.`,
      ].join('\n'),
    )
  }
  return value
}
