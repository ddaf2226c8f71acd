import path from 'path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { cloudEnvFor } from './cloud-env'
import devConfig from './dev'
import prodConfig from './prod'

// The Taro project root is miniprogram/, but the package.json, lockfile and node_modules live one
// level up (one package for the whole repo), and the domain code shared with the cloud functions lives
// in ../shared, outside sourceRoot. Taro compiles only sourceRoot unless told otherwise (platform.md).
const repoRoot = path.resolve(__dirname, '..', '..')
const sharedDir = path.join(repoRoot, 'shared')
const rootModules = path.join(repoRoot, 'node_modules')
const platform = process.env.TARO_ENV || 'weapp'

/** Packages imported from ../shared resolve from the repo's node_modules, not from shared's parent. */
function extendResolve(chain: any) {
  chain.resolve.modules.add(rootModules).add('node_modules')
}

export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  // Fails a release weapp build that names no real CloudBase environment (see cloud-env.ts).
  let cloudEnv: string
  try {
    cloudEnv = cloudEnvFor({ platform, mode, nodeEnv: process.env.NODE_ENV, cloudEnv: process.env.TARO_APP_CLOUD_ENV })
  } catch (err) {
    // Taro would wrap a thrown error in "config not found"; say only what is wrong, and stop.
    console.error(`\n${(err as Error).message}\n`)
    process.exit(1)
  }
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'lianxin',
    date: '2025-11-23',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // One folder per platform, or the weapp and h5 builds delete each other's output.
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: {},
    // The value checked above, also when it came from the shell rather than a .env file.
    env: { TARO_APP_CLOUD_ENV: JSON.stringify(cloudEnv) },
    alias: {
      // Keep in sync with tsconfig.json "paths".
      '@shared': sharedDir,
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedDir] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        extendResolve(chain)
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedDir] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        extendResolve(chain)
        // Pages import the components barrel (src/components/index.ts), which re-exports every component; as
        // side-effect-free modules a page takes only the ones it names, with their web components (the photo
        // picker alone brings swiper through previewImage, 300 KB). The barrel's ui.css is imported by app.tsx.
        chain.module.rule('lx-components-pure').test(/[\\/]src[\\/]components[\\/].+\.tsx?$/).merge({ sideEffects: false })
        // Chunks by who needs them: unnamed groups split each shared module set into the chunk of the pages
        // that share it, so the first load carries only what the app shell and its first page use, and a
        // lazily loaded page brings its own components once (not a copy per page, not all of them up front).
        chain.optimization.splitChunks({
          chunks: 'all',
          // Taro's own value: a module two pages share goes in a chunk of its own, however small, rather
          // than a copy in each page (webpack's 20 KB floor copied about 50 KB gzip across the pages).
          minSize: 0,
          cacheGroups: {
            components: { test: /[\\/]node_modules[\\/](@tarojs[\\/]components|@stencil|swiper|ssr-window|dom7)[\\/]/, priority: 20, reuseExistingChunk: true },
            vendors: { test: /[\\/]node_modules[\\/]/, priority: 10, reuseExistingChunk: true },
            common: { minChunks: 2, priority: 5, reuseExistingChunk: true },
          },
        })
      },
    },
  }
  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
