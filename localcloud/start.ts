// npm start: builds the h5 app if missing, starts the local cloud with demo data on one address, prints
// it and the demo identities, and stops cleanly on Ctrl-C.
import { execSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { RECORD_VERIFY_PATH } from '../shared/points/texts'
import { ROOT } from './runtime'
import { ensureDemoData } from './seed'
import { startLocalCloud } from './server'

async function main() {
  const port = Number(process.env.PORT ?? 8080)
  const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(ROOT, '.data'))
  const staticDir = path.join(ROOT, 'miniprogram', 'dist', 'h5')
  if (!fs.existsSync(path.join(staticDir, 'index.html')) && process.env.SKIP_BUILD !== '1') {
    console.log('首次启动：正在构建 h5 页面（约半分钟）……')
    execSync('npm run build:h5', { cwd: ROOT, stdio: 'inherit' })
  }
  // LOCALCLOUD_FAULTS='{"errorRate":0.05}' runs the app on a flaky cloud (docs/local-cloud.md).
  const faults = process.env.LOCALCLOUD_FAULTS ? JSON.parse(process.env.LOCALCLOUD_FAULTS) : undefined
  // Not ready until the demo data is all there: /dev/users answers 正在准备演示数据 meanwhile.
  const cloud = await startLocalCloud({ port, dataDir, staticDir, timers: true, timeoutMs: 10_000, faults, ready: false })
  if (faults) console.log(`故障注入：${JSON.stringify(faults)}`)
  // The public page a 志愿服务记录's PDF names for its check: here the h5 app's (in the cloud, the
  // function environment's RECORD_VERIFY_URL, docs/deploy.md).
  process.env.RECORD_VERIFY_URL ||= `${cloud.url}/#${RECORD_VERIFY_PATH}`
  let seeded: boolean
  try {
    seeded = await ensureDemoData(cloud, dataDir)
  } catch (err) {
    console.error('演示数据写入失败（下次启动会接着写）：', err)
    await cloud.close()
    process.exit(1)
  }
  const users = cloud.emulator.db.find('users', { demo: true }, { limit: 1000 })
  const show = users.filter((u: { _id: string }) => !/^demo-member-(0[4-9]|[1-9]\d)$/.test(u._id))
  console.log(`\n连心桥 本地云已启动${seeded ? '（已写入演示数据）' : ''}`)
  console.log(`  打开：      ${cloud.url}/`)
  console.log(`  数据目录：  ${dataDir}（npm run reset 清空）`)
  console.log(`  云开发接口：${cloud.url}/admin`)
  console.log('\n演示身份（登录页可直接选择）：')
  for (const u of show) {
    const roles = (u.grants ?? []).map((g: { role: string }) => g.role).join(',') || 'resident'
    console.log(`  ${u._id.padEnd(18)} ${String(u.realName).padEnd(4, '　')} ${roles}`)
  }
  console.log(`  ……以及 demo-member-04 至 demo-member-64 共 ${users.length - show.length} 名党员\n按 Ctrl-C 停止。`)

  let closing = false
  const stop = async () => {
    if (closing) return
    closing = true
    console.log('\n正在停止……')
    await cloud.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
