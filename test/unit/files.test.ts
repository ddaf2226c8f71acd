import { Failure } from '../../cloudfunctions/common/errors'
import { fileOwner, ownedFiles, parseFileId, uploadPath } from '../../cloudfunctions/common/files'

const ENV = 'lianxin-9g2x1abc.6c69-lianxin-9g2x1abc-1300000000'
const LOCAL = 'local-env.local-env-local'
const id = (path: string, env = LOCAL) => `cloud://${env}/${path}`

describe('parseFileId', () => {
  it('reads env, bucket and path of the ids CloudBase and the local emulator produce', () => {
    expect(parseFileId(id('uploads/o1/202611/a.jpg', ENV))).toEqual({ env: 'lianxin-9g2x1abc', bucket: '6c69-lianxin-9g2x1abc-1300000000', path: 'uploads/o1/202611/a.jpg' })
    expect(parseFileId(id('uploads/o1/202611/a.jpg'))).toEqual({ env: 'local-env', bucket: 'local-env-local', path: 'uploads/o1/202611/a.jpg' })
  })

  it.each([undefined, 42, '', 'uploads/o1/202611/a.jpg', 'https://x/uploads/o1/202611/a.jpg', 'cloud://env/uploads/o1/202611/a.jpg', 'cloud://.b/p', 'cloud://e.b/'])(
    'refuses %j',
    (v) => expect(parseFileId(v)).toBeNull(),
  )
})

describe('fileOwner', () => {
  it('is the openid the upload path names', () => {
    expect(fileOwner(id('uploads/oAbC_12-x/202611/0f3a9c1d2e4b5a69-photo.png', ENV))).toBe('oAbC_12-x')
    expect(fileOwner(id('uploads/demo-resident-1/202612/abc'))).toBe('demo-resident-1')
  })

  it.each([
    ['another folder', 'photos/o1/202611/a.jpg'],
    ['no month', 'uploads/o1/a.jpg'],
    ['a month that does not exist', 'uploads/o1/202613/a.jpg'],
    ['a climb out of the folder', 'uploads/o1/../o2/202611/a.jpg'],
    ['a climb in the month', 'uploads/o1/../202611/a.jpg'],
    ['an encoded climb', 'uploads/o1/202611/%2e%2e/a.jpg'],
    ['a deeper path', 'uploads/o1/202611/x/a.jpg'],
    ['an empty segment', 'uploads//202611/a.jpg'],
    ['a query', 'uploads/o1/202611/a.jpg?x=1'],
    ['a trailing slash', 'uploads/o1/202611/'],
    ['a non-ASCII openid', 'uploads/张三/202611/a.jpg'],
  ])('is null for %s', (_what, path) => expect(fileOwner(id(path))).toBeNull())
})

describe('ownedFiles', () => {
  const mine = [id('uploads/o-alice/202611/a1.jpg'), id('uploads/o-alice/202612/a2.png', ENV)]

  it('answers the caller’s own uploads as given', () => {
    expect(ownedFiles('o-alice', mine)).toEqual(mine)
    expect(ownedFiles('o-alice', [])).toEqual([])
  })

  function refusal(f: () => unknown): Failure {
    try {
      f()
    } catch (e) {
      if (e instanceof Failure) return e
      throw e
    }
    throw new Error('not refused')
  }

  it.each([
    ['someone else’s photo', id('uploads/o-bob/202611/b1.jpg')],
    ['an id whose folder only starts with the openid', id('uploads/o-alice2/202611/a1.jpg')],
    ['a path outside uploads', id('avatars/o-alice/202611/a1.jpg')],
    ['a malformed id', 'cloud://env/x.jpg'],
    ['a URL', 'https://example.com/uploads/o-alice/202611/a1.jpg'],
  ])('refuses %s among the caller’s own with FILE_NOT_OWNED naming the field', (_what, bad) => {
    const f = refusal(() => ownedFiles('o-alice', [...mine, bad], 'completion.photos'))
    expect(f.toBody()).toEqual({
      code: 'PERMISSION_DENIED',
      reason: 'FILE_NOT_OWNED',
      message: '只能使用自己上传的图片',
      fields: { 'completion.photos': '只能使用自己上传的图片' },
    })
  })

  it('refuses everything when there is no caller', () => {
    expect(refusal(() => ownedFiles('', [])).reason).toBe('FILE_NOT_OWNED')
  })

  it('accepts what uploadPath builds, in the Beijing month', () => {
    // 2026-11-30 20:00 UTC is already December in Beijing.
    const p = uploadPath('o-alice', new Date('2026-11-30T20:00:00Z'), 'x1.jpg')
    expect(p).toBe('uploads/o-alice/202612/x1.jpg')
    expect(ownedFiles('o-alice', [id(p)])).toEqual([id(p)])
  })
})
