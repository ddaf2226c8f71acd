// Four projects: pure domain code, real handlers against the local cloud, and UI components in jsdom.
// The e2e project (Chromium on the h5 build) runs last from scripts/test.mjs after the build.
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }]
const moduleNameMapper = { '^@shared/(.*)$': '<rootDir>/shared/$1' }
const common = { transform: { '^.+\\.(t|j)sx?$': swc }, moduleNameMapper, testEnvironment: 'node' }

// The mini-program's screens in jsdom, rendered with the same React components the h5 build uses
// (platform.md): @tarojs/components → its React wrappers of the web components, @tarojs/taro → a small
// hand-written stand-in (test/ui/taro-stub.ts), and the @tarojs / @stencil ESM packages compiled too.
const ui = {
  displayName: 'ui',
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/ui/**/*.test.ts?(x)'],
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  // @tarojs/components and the ESM packages it imports (@stencil, swiper) are compiled, nested copies included.
  transformIgnorePatterns: ['^(?!.*/node_modules/(@tarojs|@stencil|swiper|ssr-window|dom7)/).*/node_modules/'],
  moduleNameMapper: {
    ...moduleNameMapper,
    '^@tarojs/components$': '<rootDir>/node_modules/@tarojs/components/lib/react/index.js',
    '^@tarojs/taro$': '<rootDir>/test/ui/taro-stub.ts',
    '\\.css$': '<rootDir>/test/ui/style-stub.ts',
  },
  setupFiles: ['<rootDir>/test/ui/setup.ts'],
  // Build-time constants Taro's runner defines for its runtime (H5WebpackPlugin), with its defaults.
  globals: {
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: true,
    ENABLE_SIZE_APIS: false,
    ENABLE_TEMPLATE_CONTENT: true,
    ENABLE_CLONE_NODE: true,
    ENABLE_CONTAINS: true,
    ENABLE_MUTATION_OBSERVER: true,
    DEPRECATED_ADAPTER_COMPONENT: false,
  },
}

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'emulator', testMatch: ['<rootDir>/test/emulator/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    ui,
  ],
}
