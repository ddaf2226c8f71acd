// What deploys is what was tested: the esbuild bundles in dist/cloudfunctions (built by `npm run build`
// before this project runs) are loaded as CloudBase would load them and run against the emulator.
import fs from 'node:fs'
import path from 'node:path'
import { ROOT } from '../../localcloud/runtime'
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { acceptInput, must, orderInput } from '../support/orders'

const DIST = path.join(ROOT, 'dist', 'cloudfunctions')

let env: TestCloud
beforeAll(async () => {
  env = await startTestCloud({ functions: 'bundle' })
})
afterAll(() => env.close())

it('every function is bundled with a package.json that names only the SDK', () => {
  const names = fs.readdirSync(path.join(ROOT, 'cloudfunctions')).filter((n) => fs.existsSync(path.join(ROOT, 'cloudfunctions', n, 'index.ts')))
  expect(env.cloud.runtime.names()).toEqual(names.sort())
  for (const n of names) {
    const pkg = JSON.parse(fs.readFileSync(path.join(DIST, n, 'package.json'), 'utf8'))
    expect(Object.keys(pkg.dependencies)).toEqual(['@cloudbase/node-sdk'])
    const code = fs.readFileSync(path.join(DIST, n, 'index.js'), 'utf8')
    expect(code).not.toMatch(/require\(["']\.\.\/\.\.\/shared/) // the shared code is inside the bundle
  }
})

it('the bundled member and order functions run the core loop', async () => {
  const resident = await env.user({ community: 'c1', name: '王秀兰' })
  const admin = await env.user({ community: 'c1', roles: ['communityAdmin'] })
  const member = await env.user({ community: 'c1', roles: ['member'] })
  expect(await must(resident.call('member', 'profile', {}))).toMatchObject({ communityName: '和平社区', complete: true })
  const o = await must(resident.call('order', 'submit', orderInput()))
  await must(admin.call('order', 'accept', acceptInput(env, o.id)))
  await must(admin.call('order', 'publish', { orderId: o.id }))
  await must(member.call('order', 'claim', { orderId: o.id }))
  expect(env.find('orders', o.id)).toMatchObject({ status: 'published', taken: 1, slotsFree: 0, claims: [{ openid: member.openid, status: 'claimed' }] })
  expect(await resident.call('order', 'nope', {})).toMatchObject({ ok: false, error: { reason: 'UNKNOWN_ACTION', message: '请求的操作不存在' } })
})
