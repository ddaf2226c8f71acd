// First paint and JavaScript of the h5 build beside a bare Taro React h5 page built in the same run
// (one page: a View and a Text, Taro's default chunking), so the ratios say what the app adds on this
// machine, whatever its load. Goal (issue 7): login FCP ≤ 1.3× bare. Never asserted in tests.
// Each load is a fresh browser context (empty cache, own storage) in the system Chromium; the loads of
// the three pages are interleaved and the median taken. Reads the existing miniprogram/dist/h5 (build it
// first); the bare app is built here, in .tmp/, with the repo's node_modules.
// Runs alone with `npx tsx bench/h5-paint.ts`; `npm run bench` calls it too.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { chromium, type Browser } from 'playwright-core'
import { seedDemo } from '../localcloud/seed'
import { startLocalCloud } from '../localcloud/server'

type Put = (name: string, value: number, show: string) => void

const ROOT = path.resolve(__dirname, '..')
const APP_DIST = path.join(ROOT, 'miniprogram', 'dist', 'h5')
const LOADS = Number(process.env.BENCH_PAINT_LOADS ?? 7)
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const LOGIN_AS = 'demo-resident-1'
/** Issue 7: the login page's first paint at most this many times the bare page's. */
const LOGIN_FCP_GOAL = 1.3

const BARE_FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'bare-h5', private: true, browserslist: ['last 3 versions', 'Android >= 4.1', 'ios >= 8'] }),
  'babel.config.js': `module.exports = { presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]] }\n`,
  'project.config.json': JSON.stringify({ miniprogramRoot: './', projectname: 'bare', appid: 'touristappid', compileType: 'miniprogram' }),
  // The same h5 options as the app (hash router, file names, no source maps), Taro's default chunking.
  'config/index.js': `module.exports = function (merge) {
  return {
    projectName: 'bare', date: '2025-11-23', designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src', outputRoot: 'dist/h5', plugins: [], defineConstants: {},
    copy: { patterns: [], options: {} }, framework: 'react', compiler: 'webpack5', cache: { enable: false },
    mini: {},
    h5: {
      publicPath: '/', staticDirectory: 'static', router: { mode: 'hash' }, enableSourceMap: false,
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: { autoprefixer: { enable: true, config: {} } },
    },
  }
}
`,
  'src/app.config.ts': `export default defineAppConfig({ pages: ['pages/index/index'], window: { navigationBarTitleText: '连心桥', navigationStyle: 'default' } })\n`,
  'src/app.ts': `import type { PropsWithChildren } from 'react'\nfunction App({ children }: PropsWithChildren) { return children }\nexport default App\n`,
  'src/pages/index/index.config.ts': `export default definePageConfig({ navigationBarTitleText: '登录' })\n`,
  'src/pages/index/index.tsx': `import { Text, View } from '@tarojs/components'\nexport default function Index() { return <View className='bare'><Text>连心桥 党建引领 · 社区服务</Text></View> }\n`,
  'src/index.html': fs.readFileSync(path.join(ROOT, 'miniprogram', 'src', 'index.html'), 'utf8'),
}

/** Builds the bare app into <dir>/dist/h5 with the repo's Taro CLI; returns that folder. */
export function buildBare(dir: string): string {
  for (const [file, text] of Object.entries(BARE_FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
  const cli = path.join(ROOT, 'node_modules', '@tarojs', 'cli', 'bin', 'taro')
  execFileSync(process.execPath, [cli, 'build', '--type', 'h5'], { cwd: dir, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } })
  const out = path.join(dir, 'dist', 'h5')
  if (!fs.existsSync(path.join(out, 'index.html'))) throw new Error('bare h5 build produced no index.html')
  return out
}

/** The same headers as the local cloud's static files. */
function staticServer(dir: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    let file = path.resolve(dir, '.' + pathname)
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, 'index.html')
    const ext = path.extname(file)
    const type = ({ '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' } as Record<string, string>)[ext]
    res.writeHead(200, { 'content-type': type ?? 'application/octet-stream', 'cache-control': ext === '.html' ? 'no-cache' : 'public, max-age=3600' })
    fs.createReadStream(file).pipe(res)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })),
  )
}

interface Load {
  fcp: number
  /** Scripts as sent (this server does not compress) and as they would be gzipped (level 9). */
  jsBytes: number
  jsGzip: number
  scripts: number
}

const gzipCache = new Map<string, number>()
function gzipOf(dist: string, urlPath: string): number {
  const file = path.join(dist, urlPath)
  let n = gzipCache.get(file)
  if (n === undefined) {
    n = fs.existsSync(file) ? zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length : 0
    gzipCache.set(file, n)
  }
  return n
}

/**
 * One load in a fresh context: FCP from the 'paint' entries, the scripts from the resource entries,
 * counted once the page has settled (lazy page chunks included).
 */
async function load(browser: Browser, dist: string, base: string, hash: string, token?: string, ready?: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  try {
    // Taro's h5 storage keeps { data } as JSON under the key.
    if (token) await context.addInitScript((t) => localStorage.setItem('lianxin.token', JSON.stringify({ data: t })), token)
    const page = await context.newPage()
    await page.goto(base + '/' + hash, { waitUntil: 'load' })
    const fcp = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => {
            const e = list.getEntries().find((x) => x.name === 'first-contentful-paint')
            if (e) resolve(e.startTime)
          }).observe({ type: 'paint', buffered: true })
        }),
    )
    if (ready) await page.locator(ready).first().waitFor({ timeout: 30_000 })
    await page.waitForLoadState('networkidle')
    const entries = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.initiatorType === 'script' || /\.js(\?|$)/.test(e.name))
        .map((e) => ({ name: e.name, bytes: e.encodedBodySize })),
    )
    const js = entries.filter((e) => /\.js(\?|$)/.test(new URL(e.name).pathname))
    return {
      fcp,
      jsBytes: js.reduce((s, e) => s + e.bytes, 0),
      jsGzip: js.reduce((s, e) => s + gzipOf(dist, new URL(e.name).pathname), 0),
      scripts: js.length,
    }
  } finally {
    await context.close()
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

export async function h5PaintBench(put: Put): Promise<void> {
  if (!fs.existsSync(path.join(APP_DIST, 'index.html'))) {
    put('h5_paint_skipped', 1, 'not built (npm run build:h5)')
    return
  }
  const work = path.join(ROOT, '.tmp', `bench-bare-h5-${process.pid}`)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-paint-'))
  let browser: Browser | undefined
  let bareServer: { url: string; close: () => void } | undefined
  const cloud = await startLocalCloud({ port: 0, dataDir, staticDir: APP_DIST, timeoutMs: 30_000 })
  try {
    seedDemo(cloud.emulator)
    const t0 = Date.now()
    const bareDist = buildBare(work)
    const buildS = (Date.now() - t0) / 1000
    bareServer = await staticServer(bareDist)
    browser = await chromium.launch({ executablePath: execFileSync('which', ['chromium']).toString().trim(), headless: true, args: FLAGS })

    const res = await fetch(`${cloud.url}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: LOGIN_AS }) })
    const { token } = (await res.json()) as { token: string }

    const kinds = {
      bare: () => load(browser!, bareDist, bareServer!.url, '#/pages/index/index', undefined, '.bare'),
      login: () => load(browser!, APP_DIST, cloud.url, '#/pages/login/index', undefined, '[id^="login-"]'),
      home: () => load(browser!, APP_DIST, cloud.url, '#/pages/index/index', token, '.home-hero__greet'),
    }
    const runs: Record<keyof typeof kinds, Load[]> = { bare: [], login: [], home: [] }
    for (const k of Object.keys(kinds) as Array<keyof typeof kinds>) await kinds[k]() // warm up the servers and the disk
    for (let i = 0; i < LOADS; i++) for (const k of Object.keys(kinds) as Array<keyof typeof kinds>) runs[k].push(await kinds[k]())

    const m = (k: keyof typeof kinds, f: keyof Load) => median(runs[k].map((r) => r[f]))
    // Paint times move with the machine's load; the ratios less so (the loads are interleaved).
    put('h5_paint_loadavg_1m', os.loadavg()[0], `${os.loadavg()[0].toFixed(1)} load average over ${os.cpus().length} cores while measuring`)
    put('h5_bare_build_s', buildS, `${buildS.toFixed(0)} s to build the bare Taro h5 app`)
    for (const k of ['bare', 'login', 'home'] as const) {
      put(`h5_${k}_fcp_ms`, m(k, 'fcp'), `${m(k, 'fcp').toFixed(0)} ms FCP (median of ${LOADS} cold loads)`)
      put(`h5_${k}_js_gzip_bytes`, m(k, 'jsGzip'), `${(m(k, 'jsGzip') / 1024).toFixed(1)} KB gzip JS in ${m(k, 'scripts')} scripts (${(m(k, 'jsBytes') / 1024).toFixed(0)} KB sent)`)
    }
    for (const k of ['login', 'home'] as const) {
      const fcp = m(k, 'fcp') / m('bare', 'fcp')
      const js = m(k, 'jsGzip') / m('bare', 'jsGzip')
      const goal = k === 'login' ? ` (goal ≤ ${LOGIN_FCP_GOAL}×: ${fcp <= LOGIN_FCP_GOAL ? 'met' : 'not met'})` : ''
      put(`ratio_h5_${k}_fcp_vs_bare`, fcp, `${fcp.toFixed(2)}×${goal}`)
      put(`ratio_h5_${k}_js_vs_bare`, js, `${js.toFixed(2)}×`)
    }
  } finally {
    await browser?.close()
    bareServer?.close()
    await cloud.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
    fs.rmSync(work, { recursive: true, force: true })
  }
}

if (require.main === module) {
  const rows: Array<[string, string]> = []
  h5PaintBench((name, _value, show) => rows.push([name, show]))
    .then(() => {
      const width = Math.max(...rows.map((r) => r[0].length))
      for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`)
    })
    .catch((err) => {
      console.error(err)
      process.exit(1)
    })
}
