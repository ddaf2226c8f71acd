// Creates every collection of cloudfunctions/collections.json in a CloudBase environment (idempotent:
// existing ones are left alone) and prints the indexes to add. Needs ENV_ID and the account's
// TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY.
import tcb from '@cloudbase/node-sdk'
import fs from 'node:fs'
import path from 'node:path'

async function main() {
  const env = process.env.ENV_ID
  if (!env) throw new Error('请设置 ENV_ID（云开发环境 ID）')
  const config = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cloudfunctions', 'collections.json'), 'utf8'))
  const db = tcb.init({ env, secretId: process.env.TENCENTCLOUD_SECRETID, secretKey: process.env.TENCENTCLOUD_SECRETKEY }).database()
  for (const [name, spec] of Object.entries<{ indexes?: Array<{ name: string; keys: [string, number][]; unique?: boolean }> }>(config.collections)) {
    const res = (await db.createCollection(name)) as { code?: string; message?: string }
    const state = !res?.code ? '已创建' : /exist/i.test(`${res.code} ${res.message}`) ? '已存在' : `失败：${res.code} ${res.message}`
    console.log(`${name.padEnd(16)} ${state}`)
    for (const ix of spec.indexes ?? []) console.log(`    索引 ${ix.name}: ${ix.keys.map(([k, d]) => `${k} ${d === 1 ? '升序' : '降序'}`).join(', ')}${ix.unique ? '（唯一）' : ''}`)
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
