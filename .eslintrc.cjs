// One lint setup for the whole repo: TypeScript rules everywhere, React hooks rules for the app, and the
// layers kept apart (overrides below).
const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'process', 'stream', 'url', 'util', 'worker_threads', 'zlib']

module.exports = {
  root: true,
  parser: '@typescript-eslint/parser',
  parserOptions: { ecmaVersion: 2022, sourceType: 'module', ecmaFeatures: { jsx: true } },
  plugins: ['@typescript-eslint', 'react-hooks'],
  extends: ['eslint:recommended', 'plugin:@typescript-eslint/recommended'],
  env: { node: true, es2022: true, browser: true, jest: true },
  rules: {
    '@typescript-eslint/no-explicit-any': 'off', // SDK replies and stored documents are untyped at the edges
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    '@typescript-eslint/no-var-requires': 'off',
    '@typescript-eslint/no-non-null-assertion': 'off',
    // The local cloud wires parts that refer to each other before all exist.
    'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    'no-constant-condition': ['error', { checkLoops: false }],
    'react-hooks/rules-of-hooks': 'error',
    'react-hooks/exhaustive-deps': 'warn',
  },
  // The layers (style.md, architecture.md): the domain package is pure; functions never reach into the
  // local cloud or the app; the app reaches functions only through its transport (src/api).
  overrides: [
    {
      files: ['shared/**/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: NODE_BUILTINS.map((name) => ({ name, message: 'shared/ is pure domain code: no Node APIs (it also runs in the mini-program).' })),
            patterns: [
              { group: ['node:*'], message: 'shared/ is pure domain code: no Node APIs (it also runs in the mini-program).' },
              { group: ['@tarojs/*', 'react', 'react/*', 'react-dom', 'react-dom/*'], message: 'shared/ imports no UI platform: it is used by the cloud functions too.' },
              { group: ['@cloudbase/*', 'wx-server-sdk'], message: 'shared/ imports no CloudBase SDK: it is used by the mini-program too.' },
              { group: ['**/cloudfunctions', '**/cloudfunctions/**', '**/localcloud', '**/localcloud/**', '**/miniprogram', '**/miniprogram/**'], message: 'shared/ depends on nothing of ours outside shared/.' },
            ],
          },
        ],
      },
    },
    {
      files: ['cloudfunctions/**/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              { group: ['**/localcloud', '**/localcloud/**'], message: 'Cloud functions deploy to CloudBase: they never import the local cloud (it points the SDK at itself from outside).' },
              { group: ['**/miniprogram', '**/miniprogram/**', '@tarojs/*', 'react', 'react-dom'], message: 'Cloud functions never import the app; share code through shared/.' },
            ],
          },
        ],
      },
    },
    {
      files: ['miniprogram/src/**/*.ts', 'miniprogram/src/**/*.tsx'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              { group: ['**/cloudfunctions', '**/cloudfunctions/**', '**/localcloud', '**/localcloud/**'], message: 'The app reaches functions only through its transport (src/api), typed by shared/contracts.' },
              { group: ['@cloudbase/*', 'wx-server-sdk'], message: 'The app reaches functions only through its transport (src/api).' },
            ],
          },
        ],
      },
    },
    {
      files: ['miniprogram/src/**/*.ts', 'miniprogram/src/**/*.tsx'],
      excludedFiles: ['miniprogram/src/api/**'],
      rules: {
        'no-restricted-syntax': [
          'error',
          { selector: "MemberExpression[object.name='Taro'][property.name='cloud']", message: 'Taro.cloud only in src/api (the one transport).' },
          { selector: "MemberExpression[object.name='wx'][property.name='cloud']", message: 'wx.cloud only in src/api (the one transport).' },
        ],
      },
    },
  ],
  ignorePatterns: ['dist/', 'node_modules/', 'miniprogram/dist/', '*.js', '*.cjs', '*.mjs'],
}
