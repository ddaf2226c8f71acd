// Issue 7, Trust: uploads are owned, and one content rule (pass → shown, review → held, risky →
// refused naming the field) for every text and every image, through the real SDK and the local cloud.
import { signToken } from '../../localcloud/gateway'
import { startTestCloud, type TestCloud, type TestUser } from '../support/localCloud'

type ContentModule = typeof import('../../cloudfunctions/common/content')
type FilesModule = typeof import('../../cloudfunctions/common/files')

let env: TestCloud
let content: ContentModule
let files: FilesModule
beforeAll(async () => {
  env = await startTestCloud()
  // After the cloud is up: the SDK of common/cloud.ts is pointed at it when the runtime starts.
  content = await import('../../cloudfunctions/common/content')
  files = await import('../../cloudfunctions/common/files')
})
afterAll(() => env.close())

const ctxOf = (u: TestUser | string) => ({ openid: typeof u === 'string' ? u : u.openid, now: new Date(env.clock.now()) })
const calls = (apiName: string) => env.cloud.emulator.openapi.calls({ apiName })

async function refusal(p: Promise<unknown>): Promise<{ reason: string; code: string; fields?: Record<string, string> }> {
  try {
    await p
  } catch (e) {
    return (e as { toBody(): { reason: string; code: string; fields?: Record<string, string> } }).toBody()
  }
  throw new Error('not refused')
}

/** Puts a file into the emulator's storage the way an upload by `openid` would land. */
function uploaded(openid: string, name: string): string {
  return env.cloud.emulator.storage.put(`uploads/${openid}/202611/${name}`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), 'image/png')
}

async function until<T>(f: () => T | null | undefined | false, ms = 8000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = f()
    if (v) return v
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('uploads are owned', () => {
  async function upload(openid: string, name: string): Promise<{ fileID: string; url: string }> {
    const res = await fetch(env.url + '/api/_upload', {
      method: 'POST',
      headers: { authorization: `Bearer ${signToken(env.cloud.secret, openid)}`, 'content-type': 'image/png', 'x-file-name': name },
      body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 9]),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { data: { fileID: string; url: string } }).data
  }

  it.each([
    ['a plain name', 'photo.png'],
    ['a Chinese name', encodeURIComponent('照片.png')],
    ['a name that climbs into another folder', '../../o-victim/202611/x.png'],
    ['an encoded climb', encodeURIComponent('../o-victim/x.png')],
    ['a malformed escape', '%E0%A4%A'],
  ])('the gateway stores an h5 upload under the uploader’s folder whatever the name says (%s)', async (_what, name) => {
    const up = await upload('o-uploader', name)
    expect(files.fileOwner(up.fileID)).toBe('o-uploader')
    expect(up.fileID).toMatch(/^cloud:\/\/local-env\.local-env-local\/uploads\/o-uploader\/\d{6}\/[0-9a-f]{16}[A-Za-z0-9_-]*(\.png)?$/)
    expect(files.ownedFiles('o-uploader', [up.fileID])).toEqual([up.fileID])
    expect(env.cloud.emulator.storage.get(up.fileID)).not.toBeNull()
  })

  it('a resident naming another person’s file id is refused with FILE_NOT_OWNED, and nothing is written or sent', async () => {
    const bob = uploaded('o-bob', 'b0b0b0b0-private.png')
    const mine = uploaded('o-alice', 'a1a1a1a1.png')
    const before = { checks: env.findAll('media_checks').length, media: calls('security.mediaCheckAsync').length, text: calls('security.msgSecCheck').length }
    const err = await refusal(content.checkContent(ctxOf('o-alice'), { texts: { text: '门口路灯不亮' }, images: { photos: [mine, bob] }, scene: 2 }))
    expect(err).toMatchObject({ code: 'PERMISSION_DENIED', reason: 'FILE_NOT_OWNED', fields: { photos: '只能使用自己上传的图片' } })
    expect(env.findAll('media_checks').length).toBe(before.checks)
    expect(calls('security.mediaCheckAsync').length).toBe(before.media)
    expect(calls('security.msgSecCheck').length).toBe(before.text)
  })

  it('an id in one’s own folder that was never uploaded is refused too', async () => {
    const ghost = 'cloud://local-env.local-env-local/uploads/o-alice/202611/never-uploaded.png'
    const err = await refusal(content.checkContent(ctxOf('o-alice'), { images: { photos: [ghost] }, scene: 2 }))
    expect(err).toMatchObject({ reason: 'FILE_NOT_OWNED', fields: { photos: '只能使用自己上传的图片' } })
    expect(env.findAll('media_checks', { fileId: ghost })).toEqual([])
  })
})

describe('images: sent to mediaCheckAsync, held until the verdict is pushed', () => {
  it('records the check pending, holds the image, then shows it when the pass verdict arrives', async () => {
    const photo = uploaded('o-carol', 'c3c3c3c3-street-lamp.png')
    const res = await content.checkContent(ctxOf('o-carol'), { texts: { text: '路灯坏了' }, images: { photos: [photo] }, scene: 2 })
    expect(res).toEqual({ verdict: 'review', fields: { text: 'pass', photos: 'review' }, held: ['photos'] })

    const sent = calls('security.mediaCheckAsync').at(-1)!
    expect(sent.request).toEqual({ media_url: expect.stringContaining('/__cos/uploads/o-carol/202611/c3c3c3c3-street-lamp.png'), media_type: 2, version: 2, openid: 'o-carol', scene: 2 })
    expect(sent.response).toMatchObject({ errcode: 0, trace_id: expect.any(String) })
    const id = content.mediaCheckId(photo)
    expect(env.find('media_checks', id)).toMatchObject({ fileId: photo, openid: 'o-carol', traceId: sent.response.trace_id, status: 'pending', scene: 2 })
    expect(await content.shownImages([photo])).toEqual([])

    // The local cloud pushes the verdict (wxa_media_check) to member, as WeChat would.
    const done = await until(() => env.find('media_checks', id)?.status !== 'pending' && env.find('media_checks', id))
    expect(done).toMatchObject({ status: 'pass', label: 100 })
    expect(await content.shownImages([photo])).toEqual([photo])

    // The same photo sent again keeps its verdict and is not checked twice.
    const again = await content.checkContent(ctxOf('o-carol'), { images: { photos: [photo] }, scene: 2 })
    expect(again).toEqual({ verdict: 'pass', fields: { photos: 'pass' }, held: [] })
    expect(calls('security.mediaCheckAsync').filter((c) => c.request.media_url.includes('c3c3c3c3'))).toHaveLength(1)
  })

  it('a risky verdict deletes the file, and the image is refused afterwards naming the field', async () => {
    const photo = uploaded('o-dan', 'd4d4d4d4-risky.png')
    const res = await content.checkContent(ctxOf('o-dan'), { images: { 'completion.photos': [photo] }, scene: 2 })
    expect(res.verdict).toBe('review')
    const id = content.mediaCheckId(photo)
    await until(() => env.find('media_checks', id)?.status === 'risky')
    await until(() => env.cloud.emulator.storage.get(photo) === null)
    const err = await refusal(content.checkContent(ctxOf('o-dan'), { images: { 'completion.photos': [photo] }, scene: 2 }))
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'CONTENT_RISKY', fields: { 'completion.photos': '图片未通过内容安全检查，请更换' } })
  })

  it('a review verdict keeps the image held for an admin', async () => {
    const photo = uploaded('o-erin', 'e5e5e5e5-review.png')
    await content.checkContent(ctxOf('o-erin'), { images: { photos: [photo] }, scene: 2 })
    await until(() => env.find('media_checks', content.mediaCheckId(photo))?.status === 'review')
    expect(await content.shownImages([photo])).toEqual([])
    expect(env.cloud.emulator.storage.get(photo)).not.toBeNull()
  })

  it('only a trace id the server was given changes a check; a forged push from a caller changes nothing', async () => {
    const photo = uploaded('o-fay', 'f6f6f6f6-risky.png')
    env.cloud.emulator.openapi.setHandler('security.mediaCheckAsync', () => ({ errcode: 0, errmsg: 'ok', trace_id: 'trace-held-back' }))
    try {
      await content.checkContent(ctxOf('o-fay'), { images: { photos: [photo] }, scene: 2 })
    } finally {
      env.cloud.emulator.openapi.setHandler('security.mediaCheckAsync')
    }
    const id = content.mediaCheckId(photo)
    expect(env.find('media_checks', id)).toMatchObject({ status: 'pending', traceId: 'trace-held-back' })

    const forged = { MsgType: 'event', Event: 'wxa_media_check', trace_id: 'guessed-trace', errcode: 0, result: { suggest: 'pass', label: 100 } }
    // What Taro.cloud.callFunction({ name: 'member', data: forged }) from a resident would run.
    const invoked = await env.cloud.runtime.invoke('member', forged, { openid: 'o-fay' })
    expect(invoked).toEqual({ ok: true, data: { handled: false } })
    expect(env.find('media_checks', id)).toMatchObject({ status: 'pending' })

    // The real push for that trace (no caller identity, as the platform sends it) decides, once.
    const push = { ...forged, trace_id: 'trace-held-back', result: { suggest: 'risky', label: 20002 } }
    expect(await env.cloud.runtime.invoke('member', push, {})).toEqual({ ok: true, data: { handled: true, status: 'risky' } })
    expect(await env.cloud.runtime.invoke('member', { ...push, result: { suggest: 'pass', label: 100 } }, {})).toEqual({ ok: true, data: { handled: true, status: 'risky' } })
    expect(env.find('media_checks', id)).toMatchObject({ status: 'risky', label: 20002 })
    expect(env.cloud.emulator.storage.get(photo)).toBeNull()
  })

  it('an image the checker refuses to take is held for a person, never shown unchecked', async () => {
    const photo = uploaded('o-gus', 'a7a7a7a7.png')
    env.cloud.emulator.openapi.setHandler('security.mediaCheckAsync', () => ({ errcode: 45009, errmsg: 'reach max api daily quota limit' }))
    try {
      expect(await content.checkContent(ctxOf('o-gus'), { images: { photos: [photo] }, scene: 2 })).toMatchObject({ verdict: 'review', held: ['photos'] })
    } finally {
      env.cloud.emulator.openapi.setHandler('security.mediaCheckAsync')
    }
    expect(env.find('media_checks', content.mediaCheckId(photo))).toMatchObject({ status: 'review' })
    expect(env.find('media_checks', content.mediaCheckId(photo)).traceId).toBeUndefined()
  })
})

describe('text: the rule in every member call', () => {
  it.each([
    ['nickname', { nickname: '赌博达人' }],
    ['realName', { realName: '赌博王' }],
    ['room', { room: '3单元赌博室' }],
  ])('updateProfile refuses risky %s naming the field, and writes nothing', async (field, payload) => {
    const p = await env.user({ community: 'c1' })
    const before = env.find('users', p.openid)
    const res = await p.call('member', 'updateProfile', payload)
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', reason: 'CONTENT_RISKY', fields: { [field]: '含有不当信息，请修改' } } })
    expect(!res.ok && Object.keys(res.error.fields!)).toEqual([field])
    expect(env.find('users', p.openid)).toEqual(before)
  })

  it('names every risky field of one call, and refuses the whole call', async () => {
    const p = await env.user({ community: 'c1' })
    const before = env.find('users', p.openid)
    const res = await p.call('member', 'updateProfile', { nickname: '色情', realName: '李四', room: '毒品仓库', communityId: 'c2' })
    expect(!res.ok && res.error.fields).toEqual({ nickname: '含有不当信息，请修改', room: '含有不当信息，请修改' })
    expect(env.find('users', p.openid)).toEqual(before)
  })

  it('checks the text sent: every changed text field goes to msgSecCheck v2 as 资料 (scene 1)', async () => {
    const p = await env.user({ community: 'c1' })
    const n = calls('security.msgSecCheck').length
    const res = await p.call('member', 'updateProfile', { nickname: '热心邻居', realName: '王五', room: '2单元302', phone: '13900002222' })
    expect(res).toMatchObject({ ok: true, data: { nickname: '热心邻居', realName: '王五', room: '2单元302' } })
    const sent = calls('security.msgSecCheck').slice(n)
    expect(sent.map((c) => c.request.content).sort()).toEqual(['2单元302', '热心邻居', '王五'].sort())
    for (const c of sent) expect(c.request).toMatchObject({ version: 2, openid: p.openid, scene: 1 })
  })

  it('holds review text: the shown value stays until an admin clears it, and the rest of the call applies', async () => {
    const p = await env.user({ community: 'c1', name: '赵六' })
    const res = await p.call('member', 'updateProfile', { nickname: '加微信领红包', room: '5单元501' })
    expect(res).toMatchObject({ ok: true, data: { nickname: '赵六', room: '5单元501' } })
    const stored = env.find('users', p.openid)
    expect(stored).toMatchObject({ nickname: '赵六', room: '5单元501', held: { nickname: { value: '加微信领红包' } } })
    expect(new Date(stored.held.nickname.at).getTime()).toBe(env.clock.now())
    expect(stored.held.room).toBeUndefined()

    // A later change of that field replaces what was held.
    const next = await p.call('member', 'updateProfile', { nickname: '好邻居' })
    expect(next).toMatchObject({ ok: true, data: { nickname: '好邻居' } })
    expect(env.find('users', p.openid).held?.nickname).toBeUndefined()
  })

  it('holds text when the checker cannot answer, rather than showing it unchecked', async () => {
    const p = await env.user({ community: 'c1', name: '孙七' })
    env.cloud.emulator.openapi.setHandler('security.msgSecCheck', () => ({ errcode: -1, errmsg: 'system error' }))
    try {
      expect(await p.call('member', 'updateProfile', { nickname: '新昵称' })).toMatchObject({ ok: true, data: { nickname: '孙七' } })
    } finally {
      env.cloud.emulator.openapi.setHandler('security.msgSecCheck')
    }
    expect(env.find('users', p.openid).held.nickname.value).toBe('新昵称')
  })

  it('login refuses a risky nickname naming it, and creates nobody', async () => {
    const res = await env.as('o-new-risky').call('member', 'login', { nickname: '裸聊客服' })
    expect(res).toMatchObject({ ok: false, error: { reason: 'CONTENT_RISKY', fields: { nickname: '含有不当信息，请修改' } } })
    expect(env.find('users', 'o-new-risky')).toBeNull()
  })

  it('login holds a review nickname: the person starts with the default one', async () => {
    const res = await env.as('o-new-review').call('member', 'login', { nickname: '返利小助手' })
    expect(res).toMatchObject({ ok: true, data: { nickname: '居民view' } })
    expect(env.find('users', 'o-new-review')).toMatchObject({ nickname: '居民view', held: { nickname: { value: '返利小助手' } } })
  })

  it('an unchanged value is not sent again', async () => {
    const p = await env.user({ community: 'c1', name: '周八' })
    const n = calls('security.msgSecCheck').length
    expect(await p.call('member', 'updateProfile', { realName: '周八', largeText: true })).toMatchObject({ ok: true })
    expect(calls('security.msgSecCheck').length).toBe(n)
  })
})
