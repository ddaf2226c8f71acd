// A returned wish sent again keeps its photo unless the wisher replaces or removes it: the stored photo
// (and the admin's hiding of it) stays when the resubmission names none; a replacement must be the
// wisher's own upload and is checked like a post's; a refused resubmission writes nothing.
import { uploadPath } from '../../cloudfunctions/common/files'
import type { WishDoc } from '../../shared/wishes/model'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'
import { cast, type Cast } from '../support/orders'
import { must, wishInput } from '../support/wishes'

jest.setTimeout(60_000)

let env: TestCloud
let c: Cast
beforeAll(async () => {
  env = await startTestCloud()
  c = await cast(env)
})
afterAll(() => env.close())

const stored = (id: string) => env.find<WishDoc>('wishes', id)!
const upload = (u: TestUser, name: string) => env.cloud.emulator.storage.put(uploadPath(u.openid, new Date(env.clock.now()), name), Buffer.from('jpeg'), 'image/jpeg')
/** What the wisher sends again: the form's fields without the post's request key and consent. */
function fields(over: Record<string, unknown> = {}) {
  const { requestKey: _k, consent: _c, photo: _p, ...rest } = wishInput(env, { title: '想要一个新书包（蓝色）', ...over }) as ReturnType<typeof wishInput> & { photo?: string }
  return { ...rest, ...over }
}
const returnIt = (id: string) => must(c.admin.call('wish', 'review', { wishId: id, decision: 'return', reason: '请补充孩子的年级' }))
const sorted = (k: string) => env.findAll(k).sort((a, b) => (a._id < b._id ? -1 : 1))
/** What a call could write; of the image checks only which exist (a verdict arrives later by push). */
function world() {
  return [...['wishes', 'notifications', 'audit'].map(sorted), sorted('media_checks').map((m) => m._id)]
}

it('keeps the photo (and its consent) when the resubmission names none', async () => {
  const photo = upload(c.resident, 'bag.jpg')
  const w = await must(c.resident.call('wish', 'post', wishInput(env, { photo, photoConsent: true })))
  await returnIt(w.id)
  const v = await must(c.resident.call('wish', 'resubmit', { wishId: w.id, ...fields({ photoConsent: true }) }))
  expect(stored(w.id)).toMatchObject({ status: 'pending_review', title: '想要一个新书包（蓝色）', photo, photoConsent: true, photoHidden: false })
  // The wisher still sees it (a link made by the server, never the file id).
  expect(v.photo).toEqual(expect.any(String))
  expect(v.photo).not.toContain('cloud://')
})

it('a photo the admin hid stays hidden when kept; a replacement starts unhidden', async () => {
  const photo = upload(c.resident, 'face.jpg')
  const w = await must(c.resident.call('wish', 'post', wishInput(env, { photo, photoConsent: true })))
  await must(c.admin.call('wish', 'review', { wishId: w.id, decision: 'redact', hidePhoto: true }))
  await returnIt(w.id)
  await must(c.resident.call('wish', 'resubmit', { wishId: w.id, ...fields({ photoConsent: true }) }))
  expect(stored(w.id)).toMatchObject({ photo, photoHidden: true })

  await returnIt(w.id)
  const fresh = upload(c.resident, 'bag-only.jpg')
  const checks = env.findAll('media_checks').length
  await must(c.resident.call('wish', 'resubmit', { wishId: w.id, ...fields({ photo: fresh, photoConsent: true }) }))
  expect(stored(w.id)).toMatchObject({ photo: fresh, photoConsent: true, photoHidden: false })
  // The new photo goes to the content check like a post's.
  expect(env.findAll('media_checks').length).toBe(checks + 1)
  expect(env.findAll('media_checks', { fileId: fresh })).toHaveLength(1)
})

it('removes the photo when asked; the consent goes with it', async () => {
  const w = await must(c.resident.call('wish', 'post', wishInput(env, { photo: upload(c.resident, 'old.jpg'), photoConsent: true })))
  await returnIt(w.id)
  const v = await must(c.resident.call('wish', 'resubmit', { wishId: w.id, ...fields({ removePhoto: true, photoConsent: true }) }))
  expect(stored(w.id).photo).toBeUndefined()
  expect(stored(w.id).photoConsent).toBe(false)
  expect(v.photo).toBeUndefined()
})

it("refuses someone else's file, or a replacement and a removal at once, writing nothing", async () => {
  const photo = upload(c.resident, 'mine.jpg')
  const w = await must(c.resident.call('wish', 'post', wishInput(env, { photo, photoConsent: true })))
  await returnIt(w.id)
  const before = world()
  expect(await c.resident.call('wish', 'resubmit', { wishId: w.id, ...fields({ photo: upload(c.member, 'theirs.jpg') }) })).toMatchObject({
    ok: false,
    error: { code: 'PERMISSION_DENIED', reason: 'FILE_NOT_OWNED', fields: { photo: expect.any(String) } },
  })
  expect(await c.resident.call('wish', 'resubmit', { wishId: w.id, ...fields({ photo: upload(c.resident, 'new.jpg'), removePhoto: true }) })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', fields: { photo: '请选择更换照片或删除照片' } },
  })
  expect(world()).toEqual(before)
  expect(stored(w.id)).toMatchObject({ status: 'returned', photo })
})
