import path from 'path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import type { ChunkGraph, Module } from 'webpack'
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

/** Taro's components for React and the web components under them (stencil). */
const COMPONENTS = /[\\/]node_modules[\\/](@tarojs[\\/]components|@stencil)[\\/]/
/** Loaded when asked for: swiper and Taro's Swiper (photo preview), stencil's shadow DOM shim. */
const LATER = /[\\/]node_modules[\\/](swiper|ssr-window|dom7)[\\/]|[\\/](taro-swiper-core|shadow-css)\.js$/

/** Whether a module is in the chunk of the page `request` (as Taro's h5 entry imports it: './pages/x/index'). */
function onPage(chunkGraph: ChunkGraph, module: Module, request: string): boolean {
  for (const chunk of chunkGraph.getModuleChunksIterable(module)) {
    for (const group of chunk.groupsIterable) if (group.origins.some((o) => o.request === request)) return true
  }
  return false
}

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
        // Chunks by who needs them, in as few requests as that allows (a browser fetches six at a time, and
        // each page chunk is a round trip after the app's). Into the first load, beside the app:
        // - Taro's component wrappers and their web components (stencil): every page renders with them;
        // - the login page and what it imports: in h5 it is where everyone without a session lands.
        // The app's code that many other pages share (fields, sheets, paged lists) is not in it: it loads
        // beside the page that needs it, in parallel with the page's own chunk.
        // The rest splits by the set of pages sharing it; a shared set under 10 KB is copied into each of
        // those pages instead (0, Taro's value, made 13 requests for the login page and 31 for an order).
        chain.optimization.splitChunks({
          chunks: 'all',
          minSize: 10_000,
          cacheGroups: {
            landing: { name: 'app', test: (m: Module, { chunkGraph }: { chunkGraph: ChunkGraph }) => onPage(chunkGraph, m, './pages/login/index'), priority: 40, enforce: true },
            // Not in the first load: swiper (300 KB, for the pages that preview photos) and stencil's shadow DOM
            // shim (which it imports only when a browser needs it).
            later: { test: LATER, priority: 25, reuseExistingChunk: true },
            // (Those excluded here too: webpack can leave a module reused in place in a named group's list.)
            components: { name: 'components', test: (m: Module) => COMPONENTS.test(m.nameForCondition() ?? '') && !LATER.test(m.nameForCondition() ?? ''), priority: 20, enforce: true },
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
