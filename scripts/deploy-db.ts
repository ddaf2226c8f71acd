// Creates every collection of cloudfunctions/collections.json in a CloudBase environment and prints the
// indexes to add in the console (the SDK has no index API). Idempotent: a collection that exists is
// reported and left alone, so the script can be run again after a partial run or a new collection.
// Needs ENV_ID and the account's TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY.
import tcb from '@cloudbase/node-sdk'
import fs from 'node:fs'
import path from 'node:path'

export interface IndexSpec {
  name: string
  keys: [string, number][]
  unique?: boolean
}
export interface CollectionsFile {
  collections: Record<string, { indexes?: IndexSpec[] }>
}
export type CollectionState = 'created' | 'exists' | 'failed'

/** The part of the SDK's database this script uses. */
export interface CreatesCollections {
  createCollection(name: string): Promise<unknown>
}

export const COLLECTIONS_FILE = path.join(__dirname, '..', 'cloudfunctions', 'collections.json')

export function readCollections(file = COLLECTIONS_FILE): CollectionsFile {
  return JSON.parse(fs.readFileSync(file, 'utf8'))
}

/**
 * Whether an SDK answer (returned or thrown) says the collection is already there. CloudBase answers
 * DATABASE_COLLECTION_ALREADY_EXIST; older services put it in the message only.
 */
export function saysExists(res: unknown): boolean {
  const r = (res ?? {}) as { code?: unknown; message?: unknown }
  return /ALREADY_EXIST|COLLECTION_EXIST/i.test(String(r.code ?? '')) || /already exist|已存在/i.test(String(r.message ?? ''))
}

function failure(res: unknown): string | undefined {
  const r = (res ?? {}) as { code?: unknown; message?: unknown }
  return r.code ? `${r.code} ${r.message ?? ''}`.trim() : undefined
}

/** Creates what is missing; never stops at a collection that exists. Returns each collection's state. */
export async function deployCollections(
  db: CreatesCollections,
  config: CollectionsFile,
  log: (line: string) => void = console.log,
): Promise<Record<string, CollectionState>> {
  const states: Record<string, CollectionState> = {}
  for (const [name, spec] of Object.entries(config.collections)) {
    let state: CollectionState
    let detail = ''
    try {
      // The SDK throws on an error answer in some versions and returns it in others.
      const res = await db.createCollection(name)
      state = saysExists(res) ? 'exists' : failure(res) ? 'failed' : 'created'
      detail = state === 'failed' ? failure(res)! : ''
    } catch (err) {
      state = saysExists(err) ? 'exists' : 'failed'
      detail = state === 'failed' ? (failure(err) ?? String(err)) : ''
    }
    states[name] = state
    log(`${name.padEnd(16)} ${{ created: '已创建', exists: '已存在', failed: `失败：${detail}` }[state]}`)
    for (const ix of spec.indexes ?? []) {
      log(`    索引 ${ix.name}: ${ix.keys.map(([k, d]) => `${k} ${d === 1 ? '升序' : '降序'}`).join(', ')}${ix.unique ? '（唯一）' : ''}`)
    }
  }
  return states
}

async function main() {
  const env = process.env.ENV_ID
  if (!env) throw new Error('请设置 ENV_ID（云开发环境 ID）')
  const db = tcb.init({ env, secretId: process.env.TENCENTCLOUD_SECRETID, secretKey: process.env.TENCENTCLOUD_SECRETKEY }).database()
  const states = await deployCollections(db, readCollections())
  const failed = Object.entries(states).filter(([, s]) => s === 'failed')
  if (failed.length) {
    console.error(`${failed.length} 个集合创建失败：${failed.map(([n]) => n).join('、')}；修正后可再次运行（已有的集合不受影响）`)
    process.exit(1)
  }
  console.log('集合已就绪。请在控制台（数据库 → 索引管理）添加上面列出的索引，并把每个集合的权限设为“仅管理端可读写”。')
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
