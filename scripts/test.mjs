// npm test: types and lint, the fast suites, then the builds, then what needs the builds (bundled functions,
// weapp package limits, Chromium on the h5 build). One command locally and in CI. Ends with one plain
// line, "tests: N passed, N failed", summed over every jest run.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const tmp = path.resolve('.tmp')
fs.mkdirSync(tmp, { recursive: true })
const totals = { passed: 0, failed: 0 }

function summary() {
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`)
}

function run(cmd, args) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env })
  return r.status ?? 1
}

function step(cmd, args) {
  const status = run(cmd, args)
  if (status !== 0) {
    summary()
    process.exit(status)
  }
}

// A shared machine may be slow: limits on test time are generous; speed is measured by npm run bench.
function jest(name, projects) {
  const out = path.join(tmp, `jest-${name}.json`)
  fs.rmSync(out, { force: true })
  const status = run('npx', ['jest', '--testTimeout=180000', '--json', `--outputFile=${out}`, '--selectProjects', ...projects, ...process.argv.slice(2)])
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'))
    totals.passed += r.numPassedTests
    totals.failed += r.numFailedTests
  }
  if (status !== 0) {
    summary()
    process.exit(status)
  }
}

step('npm', ['run', 'typecheck'])
step('npm', ['run', 'lint'])
jest('fast', ['unit', 'emulator', 'integration', 'ui'])
// The builds `npm run build` makes, with the weapp built against the local cloud (--mode localcloud):
// a plain weapp build is the release build and refuses to run without a real CloudBase env id.
step('npm', ['run', 'build:weapp', '--', '--mode', 'localcloud'])
step('npm', ['run', 'build:h5'])
step('npm', ['run', 'build:functions'])
jest('e2e', ['e2e'])
summary()
