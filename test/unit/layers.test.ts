// The layer rules of .eslintrc.cjs, run by ESLint itself on small pieces of code placed in each folder:
// the domain package imports no platform, functions never import the local cloud or the app, the app
// reaches functions only through its transport.
import path from 'node:path'
import { ESLint } from 'eslint'

const ROOT = path.resolve(__dirname, '..', '..')
const eslint = new ESLint({ cwd: ROOT })

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message)
}

jest.setTimeout(60_000)

describe.each([
  ['shared/rules/probe.ts', ["import '@tarojs/taro'", "import '@cloudbase/node-sdk'", "import 'node:crypto'", "import 'fs'", "import 'react'", "import '../../cloudfunctions/common/cloud'", "import '../../localcloud/runtime'", "import '../../miniprogram/src/api'"]],
  ['cloudfunctions/order/probe.ts', ["import '../../localcloud/runtime'", "import { x } from '../../localcloud/emulator/store'", "import '../../miniprogram/src/api/transport'", "import '@tarojs/taro'"]],
  ['miniprogram/src/pages/probe/index.tsx', ["import '../../../../cloudfunctions/order/model'", "import '../../../../localcloud/gateway'", "import '@cloudbase/node-sdk'", "import Taro from '@tarojs/taro'\nTaro.cloud.callFunction({ name: 'order' })"]],
  ['miniprogram/src/app.tsx', ["import Taro from '@tarojs/taro'\nTaro.cloud.init({ env: 'x' })", "import Taro from '@tarojs/taro'\nTaro.cloud.callFunction({ name: 'order' })"]],
])('%s', (file, forbidden) => {
  it.each(forbidden)('refuses %s', async (code) => {
    expect(await layerErrors(file, `${code}\n`)).not.toEqual([])
  })
})

it.each([
  ['shared/rules/probe.ts', "import { z } from 'zod'\nimport { REASONS } from '../errors'"],
  ['cloudfunctions/order/probe.ts', "import '@cloudbase/node-sdk'\nimport 'node:crypto'\nimport '../../shared/roles'"],
  ['miniprogram/src/pages/probe/index.tsx', "import Taro from '@tarojs/taro'\nimport { api } from '../../api'\nimport '@shared/roles'\nTaro.navigateTo({ url: '/' })"],
  ['miniprogram/src/api/probe.ts', "import Taro from '@tarojs/taro'\nTaro.cloud.callFunction({ name: 'order' })"],
  ['miniprogram/src/api/cloud.ts', "import Taro from '@tarojs/taro'\nTaro.cloud.init({ env: 'x' })"],
  ['localcloud/probe.ts', "import '../cloudfunctions/common/clock'\nimport 'node:fs'"],
])('allows what %s may use', async (file, code) => {
  expect(await layerErrors(file, `${code}\n`)).toEqual([])
})
