// The one content rule on 微心愿: risky text is refused naming the field (nothing written); text the
// checker holds waits for the community's review (the approval is the person's look); a held thank-you
// is kept from the 圆梦墙 (and the donor) and shown to the wisher's side; a photo whose check asks for a
// person is never shown on the board, even with the wisher's consent.
import { uploadPath } from '../../cloudfunctions/common/files'
import { startTestCloud, type TestCloud } from '../support/localCloud'
import { cast, type Cast } from '../support/orders'
import { must, openWish, wishInput } from '../support/wishes'

jest.setTimeout(60_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

it('risky text is refused naming the field, and nothing is written', async () => {
  const before = env.findAll('wishes').length
  const r = await c.resident.call('wish', 'post', wishInput(env, { story: '想找人一起赌博' }))
  expect(r).toMatchObject({ ok: false, error: { reason: 'CONTENT_RISKY', fields: { story: expect.any(String) } } })
  expect(env.findAll('wishes')).toHaveLength(before)
})

it('held text waits for the review; the approval clears it', async () => {
  const w = await must(c.resident.call('wish', 'post', wishInput(env, { story: '需要的话可以加微信联系' })))
  expect(env.find('wishes', w.id)).toMatchObject({ held: true, status: 'pending_review' })
  await must(c.admin.call('wish', 'review', { wishId: w.id, decision: 'redact', story: '需要的话请联系社区' }))
  await must(c.admin.call('wish', 'review', { wishId: w.id, decision: 'approve' }))
  expect(env.find('wishes', w.id)).toMatchObject({ held: false, status: 'open', story: '需要的话请联系社区' })
})

it('a held thank-you stays off the wall and from the donor until cleared; the wisher reads it', async () => {
  const id = await openWish(env, c.resident, c.admin, { title: '想要一个保温杯' })
  await must(c.member.call('wish', 'claim', { wishId: id }))
  const photo = env.cloud.emulator.storage.put(uploadPath(c.member.openid, new Date(env.clock.now()), 'cup.jpg'), Buffer.from('jpeg'), 'image/jpeg')
  await must(c.member.call('wish', 'fulfil', { wishId: id, note: '已送到', photos: [photo] }))
  await must(c.resident.call('wish', 'confirm', { wishId: id, thanks: '谢谢，返利给你' }))
  const wall = await must(c.volunteer.call('wish', 'wall', {}))
  const card = wall.items.find((x: { id: string }) => x.id === id)
  expect(card).toBeDefined()
  expect(card.thanks).toBeUndefined()
  expect((await must(c.resident.call('wish', 'get', { wishId: id }))).thanks).toBe('谢谢，返利给你')
  expect((await must(c.member.call('wish', 'get', { wishId: id }))).thanks).toBeUndefined()
})

it('a photo the image check holds is never on the board, consent or not', async () => {
  const photo = env.cloud.emulator.storage.put(uploadPath(c.resident.openid, new Date(env.clock.now()), 'review-me.jpg'), Buffer.from('jpeg'), 'image/jpeg')
  const id = await openWish(env, c.resident, c.admin, { title: '想要一盆绿植', photo, photoConsent: true })
  for (let i = 0; i < 100 && env.findAll('media_checks', { status: 'pending' }).length; i++) await new Promise((r) => setTimeout(r, 50))
  const board = await must(c.member.call('wish', 'board', {}))
  expect(board.items.find((x: { id: string }) => x.id === id).photo).toBeUndefined()
  expect((await must(c.admin.call('wish', 'get', { wishId: id }))).photo).toMatch(/review-me/)
})
