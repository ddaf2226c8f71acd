// Bundles every cloud function with the shared domain code into dist/cloudfunctions/<name>/, each a
// folder CloudBase takes as it is, by either route:
//   index.js      our code and shared/ bundled by esbuild (the SDK stays an npm dependency)
//   package.json  the SDK pinned to the exact version the tests ran, installed by the cloud
//                 (installDependency in cloudbaserc.json)
//   config.json   what WeChat DevTools deploys beside the code: the function's timer trigger and the
//                 open APIs it may call (platform.md, "Deploy facts"), generated from cloudbaserc.json
// The CLI route reads cloudbaserc.json itself (`tcb fn deploy`, then `tcb fn trigger create`).
import { build } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'
import { parseCron } from '../localcloud/cron'

const root = path.resolve(__dirname, '..')
const src = path.join(root, 'cloudfunctions')
const out = path.join(root, 'dist', 'cloudfunctions')
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const SDK = '@cloudbase/node-sdk'
const EXTERNAL = [SDK]

/** The open APIs a function may be granted (what our code calls through callWxOpenApi). */
export const OPEN_APIS = ['security.msgSecCheck', 'security.mediaCheckAsync', 'subscribeMessage.send'] as const

export interface RcTrigger {
  name: string
  type: string
  config: string
}
export interface RcFunction {
  name: string
  triggers?: RcTrigger[]
  permissions?: { openapi?: string[] }
  [key: string]: unknown
}
export interface DevtoolsConfig {
  triggers: Array<{ name: string; type: 'timer'; config: string }>
  permissions: { openapi: string[] }
}

export function readRc(dir = root): { functions: RcFunction[] } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'cloudbaserc.json'), 'utf8'))
}

/** The SDK version installed here, which is the one every test ran against. */
export function testedSdkVersion(dir = root): string {
  return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', SDK, 'package.json'), 'utf8')).version
}

/**
 * The DevTools config.json of one function, from its cloudbaserc.json entry. Throws on what would
 * deploy wrong: no entry, a trigger that is not a 7-field timer, more than one timer (DevTools supports
 * one per function: a function with several jobs runs one trigger that dispatches), or an open API we
 * do not know.
 */
export function devtoolsConfig(rc: { functions: RcFunction[] }, name: string): DevtoolsConfig {
  const entry = rc.functions.find((f) => f.name === name)
  if (!entry) throw new Error(`云函数 ${name} 在 cloudbaserc.json 中没有配置（functions[]），部署时会被漏掉 / ${name} has no entry in cloudbaserc.json`)
  const triggers = (entry.triggers ?? []).map((t) => {
    if (t.type !== 'timer') throw new Error(`${name}: trigger ${t.name} has type ${t.type}; only timer triggers are supported`)
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,59}$/.test(t.name ?? '')) throw new Error(`${name}: bad trigger name ${JSON.stringify(t.name)}`)
    parseCron(t.config) // seven fields, or it throws
    return { name: t.name, type: 'timer' as const, config: t.config }
  })
  if (triggers.length > 1) {
    throw new Error(`${name}: ${triggers.length} timer triggers (${triggers.map((t) => t.name).join(', ')}); WeChat DevTools deploys only one per function`)
  }
  const openapi = entry.permissions?.openapi ?? []
  const unknown = openapi.filter((a) => !(OPEN_APIS as readonly string[]).includes(a))
  if (unknown.length) throw new Error(`${name}: unknown open API ${unknown.join(', ')} in cloudbaserc.json permissions`)
  return { triggers, permissions: { openapi: [...openapi] } }
}

/** Open API names that appear in a bundle: each must be granted, or WeChat refuses the call (-604101). */
export function openApisIn(code: string): string[] {
  return OPEN_APIS.filter((api) => code.includes(`'${api}'`) || code.includes(`"${api}"`))
}

export function functionNames(): string[] {
  return fs
    .readdirSync(src)
    .filter((n) => fs.existsSync(path.join(src, n, 'index.ts')))
    .sort()
}

export async function buildFunctions(): Promise<Array<{ name: string; bytes: number }>> {
  const names = functionNames()
  const rc = readRc()
  const configs = Object.fromEntries(names.map((n) => [n, devtoolsConfig(rc, n)])) // fail before building anything
  const sdkVersion = testedSdkVersion()
  fs.rmSync(out, { recursive: true, force: true })
  const sizes: Array<{ name: string; bytes: number }> = []
  for (const name of names) {
    const dir = path.join(out, name)
    await build({
      entryPoints: [path.join(src, name, 'index.ts')],
      outfile: path.join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      external: EXTERNAL,
      minify: false,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'warning',
    })
    const code = fs.readFileSync(path.join(dir, 'index.js'), 'utf8')
    const missing = openApisIn(code).filter((api) => !configs[name].permissions.openapi.includes(api))
    if (missing.length) {
      throw new Error(`${name} calls ${missing.join(', ')} but cloudbaserc.json does not grant it (functions[].permissions.openapi)`)
    }
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name, version: pkg.version, private: true, main: 'index.js', dependencies: { [SDK]: sdkVersion } }, null, 2) + '\n',
    )
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(configs[name], null, 2) + '\n')
    sizes.push({ name, bytes: Buffer.byteLength(code) })
  }
  fs.copyFileSync(path.join(src, 'collections.json'), path.join(out, 'collections.json'))
  return sizes
}

if (require.main === module) {
  buildFunctions().then(
    (sizes) => {
      for (const s of sizes) console.log(`  ${s.name.padEnd(10)} ${(s.bytes / 1024).toFixed(1)} KB`)
      console.log(`函数已打包到 ${path.relative(root, out)}/（每个函数含 index.js、package.json、config.json）`)
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err)
      process.exit(1)
    },
  )
}
