// Bundles every cloud function with the shared domain code into dist/cloudfunctions/<name>/, each a
// folder CloudBase takes as it is (index.js + package.json). The SDK stays an npm dependency that the
// cloud installs (installDependency in cloudbaserc.json); everything of ours is inside the bundle.
import { build } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(__dirname, '..')
const src = path.join(root, 'cloudfunctions')
const out = path.join(root, 'dist', 'cloudfunctions')
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const EXTERNAL = ['@cloudbase/node-sdk']

export async function buildFunctions(): Promise<Array<{ name: string; bytes: number }>> {
  const names = fs.readdirSync(src).filter((n) => fs.existsSync(path.join(src, n, 'index.ts')))
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
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify(
        { name, version: pkg.version, private: true, main: 'index.js', dependencies: Object.fromEntries(EXTERNAL.map((d) => [d, pkg.dependencies[d]])) },
        null,
        2,
      ),
    )
    sizes.push({ name, bytes: fs.statSync(path.join(dir, 'index.js')).size })
  }
  fs.copyFileSync(path.join(src, 'collections.json'), path.join(out, 'collections.json'))
  return sizes
}

if (require.main === module) {
  buildFunctions().then(
    (sizes) => {
      for (const s of sizes) console.log(`  ${s.name.padEnd(10)} ${(s.bytes / 1024).toFixed(1)} KB`)
      console.log(`函数已打包到 ${path.relative(root, out)}/`)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
