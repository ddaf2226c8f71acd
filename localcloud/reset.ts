// npm run reset: deletes the local cloud's data folder (the next start seeds demo data again).
import fs from 'node:fs'
import path from 'node:path'
import { ROOT } from './runtime'

const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(ROOT, '.data'))
fs.rmSync(dataDir, { recursive: true, force: true })
console.log(`已清空 ${dataDir}`)
