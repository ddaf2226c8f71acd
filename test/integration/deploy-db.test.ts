// scripts/deploy-db.ts against the local cloud, which answers addCollection as CloudBase does (an
// existing collection is DATABASE_COLLECTION_ALREADY_EXIST): a second run, or a run after a partial
// one, reports what exists and creates only what is missing.
import tcb from '@cloudbase/node-sdk'
import { deployCollections, readCollections } from '../../scripts/deploy-db'
import { startTestCloud, type TestCloud } from '../support/localCloud'

let env: TestCloud
beforeAll(async () => {
  env = await startTestCloud({ world: false })
})
afterAll(() => env.close())

it('creates what is missing, leaves what exists, and can run again', async () => {
  const db = tcb.init({ env: 'local-env' }).database()
  const probe = `deploy_probe_${Date.now().toString(36)}`
  const config = readCollections()
  config.collections[probe] = { indexes: [{ name: 'by_x', keys: [['x', 1]] }] }
  const lines: string[] = []

  const first = await deployCollections(db, config, (l) => lines.push(l))
  expect(Object.keys(first).sort()).toEqual(Object.keys(config.collections).sort())
  expect(first[probe]).toBe('created')
  expect(Object.values(first).every((s) => s === 'created' || s === 'exists')).toBe(true)
  expect(lines).toContain('    索引 by_x: x 升序')

  const second = await deployCollections(db, config, () => undefined)
  expect(new Set(Object.values(second))).toEqual(new Set(['exists']))

  // The collection is really there: a write and a read go through.
  await db.collection(probe).add({ x: 1 })
  expect((await db.collection(probe).where({ x: 1 }).get()).data).toHaveLength(1)
})

it('a refusal other than "exists" is reported as failed, and the rest still run', async () => {
  const db = tcb.init({ env: 'local-env' }).database()
  const states = await deployCollections(db, { collections: { 'bad name!': {}, [`deploy_ok_${Date.now().toString(36)}`]: {} } }, () => undefined)
  expect(Object.values(states)).toEqual(['failed', 'created'])
})
