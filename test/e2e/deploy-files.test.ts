// The deploy files `npm run build` writes (dist/cloudfunctions/<name>/{index.js,package.json,config.json})
// checked against what exists: the function folders, the timer jobs each bundled main answers to, the open
// APIs each bundle calls, cloudbaserc.json (the CLI route), and the SDK version the tests ran.
import fs from 'node:fs'
import path from 'node:path'
import { parseCron } from '../../localcloud/cron'
import { ROOT } from '../../localcloud/runtime'
import { timerTriggers } from '../../localcloud/server'

const DIST = path.join(ROOT, 'dist', 'cloudfunctions')
const OPEN_APIS = ['security.msgSecCheck', 'security.mediaCheckAsync', 'subscribeMessage.send']
const read = (...p: string[]) => JSON.parse(fs.readFileSync(path.join(...p), 'utf8'))

const sourceFunctions = fs
  .readdirSync(path.join(ROOT, 'cloudfunctions'))
  .filter((n) => fs.existsSync(path.join(ROOT, 'cloudfunctions', n, 'index.ts')))
  .sort()
const rc = read(ROOT, 'cloudbaserc.json') as {
  functionRoot: string
  functions: Array<{ name: string; handler?: string; triggers?: Array<{ name: string; type: string; config: string }> }>
}

/** handle() names the actions and timer jobs on the main it returns (a main that wraps it may not). */
interface BundledMain {
  (event: unknown, context?: unknown): Promise<unknown>
  actions?: string[]
  timers?: string[]
}
function bundledMain(name: string): BundledMain {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(path.join(DIST, name, 'index.js')).main
}

it('every function folder is bundled and declared in cloudbaserc.json, and nothing else is', () => {
  const bundled = fs.readdirSync(DIST, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  expect(bundled).toEqual(sourceFunctions)
  expect(rc.functions.map((f) => f.name).sort()).toEqual(sourceFunctions)
  expect(path.resolve(ROOT, rc.functionRoot)).toBe(DIST)
  // WeChat DevTools takes the same folder.
  expect(path.resolve(ROOT, read(ROOT, 'project.config.json').cloudfunctionRoot)).toBe(DIST)
  expect(fs.existsSync(path.join(DIST, 'collections.json'))).toBe(true)
})

describe.each(sourceFunctions)('%s', (name) => {
  const entry = rc.functions.find((f) => f.name === name)!
  const config = read(DIST, name, 'config.json') as { triggers: Array<{ name: string; type: string; config: string }>; permissions: { openapi: string[] } }

  it('package.json pins the SDK version the tests ran, and nothing else', () => {
    const pkg = read(DIST, name, 'package.json')
    const tested = read(ROOT, 'node_modules', '@cloudbase', 'node-sdk', 'package.json').version
    expect(pkg.dependencies).toEqual({ '@cloudbase/node-sdk': tested })
    expect(tested).toMatch(/^\d+\.\d+\.\d+$/)
    expect(pkg.main).toBe('index.js')
  })

  it('its handler is the bundle’s main, and the timers it answers to are exactly those scheduled', () => {
    expect(entry.handler ?? 'index.main').toBe('index.main')
    const main = bundledMain(name)
    expect(typeof main).toBe('function')
    const scheduled = (entry.triggers ?? []).filter((t) => t.type === 'timer').map((t) => t.name)
    // A timer scheduled for a function whose jobs cannot be seen fails here too: it could not be checked.
    expect([...scheduled].sort()).toEqual([...(main.timers ?? [])].sort())
    // The local cloud fires the same triggers on the same schedule.
    expect(timerTriggers().filter((t) => t.fn === name).map((t) => t.name)).toEqual(scheduled)
  })

  it('config.json (DevTools route) carries the cloudbaserc.json timer: one at most, seven cron fields', () => {
    expect(config.triggers).toEqual((entry.triggers ?? []).map(({ name: n, type, config: c }) => ({ name: n, type, config: c })))
    expect(config.triggers.length).toBeLessThanOrEqual(1)
    for (const t of config.triggers) {
      expect(t.type).toBe('timer')
      expect(t.config.trim().split(/\s+/)).toHaveLength(7)
      expect(() => parseCron(t.config)).not.toThrow()
    }
  })

  it('config.json grants every open API the bundle calls, and only known ones', () => {
    const code = fs.readFileSync(path.join(DIST, name, 'index.js'), 'utf8')
    const called = OPEN_APIS.filter((api) => code.includes(`'${api}'`) || code.includes(`"${api}"`))
    expect(config.permissions.openapi).toEqual(expect.arrayContaining(called))
    for (const api of config.permissions.openapi) expect(OPEN_APIS).toContain(api)
  })
})

it('the deploy guides name every function with a timer (tcb fn deploy does not create timers)', () => {
  const withTimers = rc.functions.filter((f) => (f.triggers ?? []).some((t) => t.type === 'timer')).map((f) => f.name)
  expect(withTimers.length).toBeGreaterThan(0)
  const guide = fs.readFileSync(path.join(ROOT, 'docs', 'deploy.md'), 'utf8')
  const loop = /for f in ([\w ]+); do tcb fn trigger create \$f/.exec(guide)
  expect(loop?.[1].split(' ').sort()).toEqual([...withTimers].sort())
  for (const f of rc.functions) for (const t of f.triggers ?? []) expect(guide).toContain(`${f.name} \`${t.name}\``)
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  for (const name of withTimers) expect(readme).toMatch(new RegExp(`tcb fn trigger create <name>[^]*\\b${name}\\b`))
})
