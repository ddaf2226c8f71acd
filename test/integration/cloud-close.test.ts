// The local cloud closes cleanly: a mediaCheckAsync verdict it would push later (wxa_media_check, run as
// the member function against this same server) is dropped when the server closes, and one under way is
// waited for, so no function is left running against a closed server. (One used to fail with "socket hang
// up" after its test file had ended, and a log after the end fails the whole jest run.)
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { must, orderInput } from '../support/orders'

jest.setTimeout(120_000)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A resident's order with a photo: the photo goes to mediaCheckAsync, its verdict is pushed later. */
async function orderWithPhoto(env: TestCloud, name: string) {
  const resident = await env.user({ community: 'c1', name: '王阿姨' })
  // A first order warms the functions up, so the one with the photo answers well before its push is due.
  await must(resident.call('order', 'submit', orderInput()))
  const photo = env.cloud.emulator.storage.put(`uploads/${resident.openid}/202611/${name}.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), 'image/png')
  const t0 = Date.now()
  await must(resident.call('order', 'submit', orderInput({ photos: [photo] })))
  expect(env.cloud.emulator.openapi.calls({ apiName: 'security.mediaCheckAsync' })).toHaveLength(1)
  return { t0, check: () => env.findAll('media_checks')[0] as { status: string } }
}

let errors: Array<{ at: number; text: string }>
let spy: jest.SpyInstance
beforeEach(() => {
  errors = []
  spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push({ at: Date.now(), text: args.map(String).join(' ') }))
})
afterEach(() => spy.mockRestore())

it('a push under way when the server closes runs to its end first', async () => {
  const env = await startTestCloud()
  env.cloud.emulator.openapi.setPushDelay(1500)
  const { t0, check } = await orderWithPhoto(env, 'lamp')
  // From now on the database is slow, so the push (due 1.5 s after the check) is still running when
  // the server is told to close.
  env.cloud.emulator.setFaults({ delayMs: 1000 })
  await sleep(Math.max(0, t0 + 1800 - Date.now()))
  await env.close()
  const closed = Date.now()
  // It ended: the verdict is stored.
  expect(check().status).toBe('pass')
  await sleep(1500)
  expect(errors.filter((e) => e.at >= closed)).toEqual([])
  expect(errors.filter((e) => /socket hang up|ECONNRE/.test(e.text))).toEqual([])
})

it('a push not yet due when the server closes is dropped', async () => {
  const env = await startTestCloud()
  env.cloud.emulator.openapi.setPushDelay(200)
  await orderWithPhoto(env, 'bench')
  await env.close()
  // Long enough for the push and its retries to have run, had they not been dropped.
  await sleep(2000)
  expect(errors).toEqual([])
})
