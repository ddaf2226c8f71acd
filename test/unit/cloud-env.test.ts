// The weapp release build names a real CloudBase environment, or does not build (miniprogram/config).
import { cloudEnvFor, needsRealEnv } from '../../miniprogram/config/cloud-env'

const release = { platform: 'weapp', mode: 'production', nodeEnv: 'production' }

describe('the env id inlined into the weapp', () => {
  it.each([
    ['unset', undefined, /未设置/],
    ['empty', '', /未设置/],
    ['blank', '  ', /未设置/],
    ['the local placeholder', 'local-env', /本地占位/],
    ['not an env id', 'my env', /不是有效的环境 ID/],
    ['quoted', '"lianxin-7g2k"', /不是有效的环境 ID/],
  ])('a release build with the env id %s stops, saying why', (_name, cloudEnv, why) => {
    expect(() => cloudEnvFor({ ...release, cloudEnv })).toThrow(why)
  })

  it('a release build with a real env id inlines it', () => {
    expect(cloudEnvFor({ ...release, cloudEnv: 'lianxin-7g2k9d1c3e5f0a' })).toBe('lianxin-7g2k9d1c3e5f0a')
  })

  it.each([
    ['local / test weapp build', { platform: 'weapp', mode: 'localcloud', nodeEnv: 'production' }],
    ['weapp --watch', { platform: 'weapp', mode: 'development', nodeEnv: 'development' }],
    ['h5', { platform: 'h5', mode: 'production', nodeEnv: 'production' }],
  ])('a %s build needs no real env id and keeps the placeholder', (_name, t) => {
    expect(needsRealEnv({ ...t, cloudEnv: undefined })).toBe(false)
    expect(cloudEnvFor({ ...t, cloudEnv: 'local-env' })).toBe('local-env')
    expect(cloudEnvFor({ ...t, cloudEnv: undefined })).toBe('local-env')
  })
})
