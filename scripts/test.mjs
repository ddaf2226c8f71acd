// npm test: types and lint, the fast suites, then the builds, then what needs the builds (bundled functions,
// weapp package limits, Chromium on the h5 build). One command locally and in CI.
import { spawnSync } from 'node:child_process'

const run = (cmd, args) => {
  console.log(`\n$ ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
// A shared machine may be slow: limits on test time are generous; speed is measured by npm run bench.
const jest = (projects) => run('npx', ['jest', '--testTimeout=180000', '--selectProjects', ...projects, ...process.argv.slice(2)])

run('npm', ['run', 'typecheck'])
run('npm', ['run', 'lint'])
jest(['unit', 'emulator', 'integration', 'ui'])
run('npm', ['run', 'build'])
jest(['e2e'])
