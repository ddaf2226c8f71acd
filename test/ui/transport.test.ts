import { contracts } from '@shared/contracts'
import { REASON_MESSAGES } from '@shared/messages'
import { api, ApiError, callApi, uploadFile } from '../../miniprogram/src/api'
import { aProfile, fail, installFetch, ok } from './fake-network'
import { taroStub } from './taro-stub'

const TOKEN_KEY = 'lianxin.token'

beforeEach(() => {
  taroStub.reset()
  process.env.TARO_ENV = 'h5'
})

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError)
    return e as ApiError
  }
  throw new Error('expected the call to fail')
}

describe('h5 transport', () => {
  test('posts { action, payload } to /api/<fn> with the bearer token and returns data', async () => {
    taroStub.storage.set(TOKEN_KEY, 'tok-123')
    const profile = aProfile({ nickname: '李师傅' })
    const net = installFetch(() => ok(profile))

    const got = await api.member.profile()

    expect(got).toEqual(profile)
    expect(net.requests).toHaveLength(1)
    const [req] = net.requests
    expect(req.url).toBe('/api/member')
    expect(req.method).toBe('POST')
    expect(req.headers['content-type']).toBe('application/json')
    expect(req.headers.authorization).toBe('Bearer tok-123')
    expect(req.body).toEqual({ action: 'profile', payload: {} })
  })

  test('an error envelope becomes an ApiError with code, reason, message and fields', async () => {
    taroStub.storage.set(TOKEN_KEY, 'tok')
    installFetch(() => fail('GRID_NOT_IN_COMMUNITY', { gridId: '所选网格不属于该社区' }))

    const e = await rejection(api.member.updateProfile({ communityId: 'c1', gridId: 'g9' }))

    expect(e.code).toBe('INVALID_ARGUMENT')
    expect(e.reason).toBe('GRID_NOT_IN_COMMUNITY')
    expect(e.message).toBe('所选网格不属于该社区')
    expect(e.fields).toEqual({ gridId: '所选网格不属于该社区' })
    // Other failures leave the session alone.
    expect(taroStub.storage.get(TOKEN_KEY)).toBe('tok')
    expect(taroStub.recorded.reLaunch).toEqual([])
  })

  test('UNAUTHENTICATED clears the token and sends the person to the login page', async () => {
    taroStub.storage.set(TOKEN_KEY, 'expired')
    taroStub.pages = [{ route: 'pages/mine/index' }]
    installFetch(() => fail('TOKEN_INVALID'))

    const e = await rejection(api.member.profile())

    expect(e.code).toBe('UNAUTHENTICATED')
    expect(e.message).toBe(REASON_MESSAGES.TOKEN_INVALID)
    expect(taroStub.storage.has(TOKEN_KEY)).toBe(false)
    expect(taroStub.recorded.reLaunch).toEqual(['/pages/login/index'])
  })

  test('UNAUTHENTICATED on the login page itself does not reload it', async () => {
    taroStub.pages = [{ route: 'pages/login/index' }]
    installFetch(() => fail('NOT_LOGGED_IN'))

    await rejection(api.member.login({}))

    expect(taroStub.recorded.reLaunch).toEqual([])
  })

  test('a network failure is UNAVAILABLE / SERVICE_BUSY with the shared message', async () => {
    installFetch(() => 'network-error')

    const e = await rejection(api.member.profile())

    expect([e.code, e.reason, e.message]).toEqual(['UNAVAILABLE', 'SERVICE_BUSY', REASON_MESSAGES.SERVICE_BUSY])
  })

  test('a reply that is not an envelope (a proxy error page) is UNAVAILABLE too', async () => {
    installFetch(() => ({ status: 502, text: '<html>Bad Gateway</html>' }))

    const e = await rejection(api.member.profile())

    expect(e.code).toBe('UNAVAILABLE')
  })

  test('input is checked with the contract schema before anything is sent', async () => {
    const net = installFetch(() => ok(aProfile()))

    const e = await rejection(api.member.updateProfile({ phone: '12345', nickname: ' ' }))

    expect(e.code).toBe('INVALID_ARGUMENT')
    expect(e.reason).toBe('BAD_INPUT')
    expect(e.fields).toEqual({ phone: '请输入11位手机号', nickname: '请填写昵称' })
    expect(net.requests).toHaveLength(0)
  })

  test('callApi is typed by the contract and sends exactly the given input', async () => {
    const net = installFetch(() => ok({ streets: [], communities: [], grids: [], buildings: [] }))

    const tree = await callApi(contracts.member.orgTree, { streetId: 's1' })

    expect(tree.communities).toEqual([])
    expect(net.requests[0].body).toEqual({ action: 'orgTree', payload: { streetId: 's1' } })
  })
})

describe('weapp transport', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
  })

  test('calls the cloud function with { action, payload } and reads result as the envelope', async () => {
    const profile = aProfile()
    taroStub.cloudAnswer = () => ({ ok: true, data: profile })
    const net = installFetch(() => ok('never'))

    const got = await api.member.login({ nickname: '王阿姨' })

    expect(got).toEqual(profile)
    expect(taroStub.recorded.cloudCalls).toEqual([{ name: 'member', data: { action: 'login', payload: { nickname: '王阿姨' } } }])
    expect(net.requests).toHaveLength(0)
  })

  test('an error envelope in result is thrown as ApiError', async () => {
    taroStub.cloudAnswer = () => ({ ok: false, error: { code: 'PERMISSION_DENIED', reason: 'OUT_OF_SCOPE', message: '只能处理本辖区的事项' } })

    const e = await rejection(api.member.profile())

    expect([e.code, e.reason, e.message]).toEqual(['PERMISSION_DENIED', 'OUT_OF_SCOPE', '只能处理本辖区的事项'])
  })

  test('callFunction failing (timeout, function crashed) is UNAVAILABLE', async () => {
    taroStub.cloudAnswer = () => {
      throw new Error('cloud.callFunction:fail Error: errCode: -504003 timeout')
    }

    const e = await rejection(api.member.profile())

    expect(e.code).toBe('UNAVAILABLE')
  })

  test('uploadFile puts the file under the uploader’s own folder and answers the fileID', async () => {
    const res = await uploadFile('wxfile://tmp_abc.jpg', 'o-me')

    expect(res.fileID).toMatch(/^cloud:\/\/local-env\/uploads\/o-me\/\d{6}\/\d{14}-[a-z0-9]+\.jpg$/)
    expect(taroStub.recorded.uploads[0].filePath).toBe('wxfile://tmp_abc.jpg')
  })

  test('uploadFile without the signed-in person refuses rather than upload outside their folder', async () => {
    await expect(uploadFile('wxfile://tmp_abc.jpg')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', reason: 'NOT_LOGGED_IN' })
  })
})

describe('h5 upload', () => {
  test('reads the blob URL, posts the bytes to /api/_upload and answers { fileID, url }', async () => {
    taroStub.storage.set(TOKEN_KEY, 'tok')
    const bytes = new Blob(['fake-jpeg'], { type: 'image/jpeg' })
    const net = installFetch((req) => {
      if (req.url.startsWith('blob:')) return { blob: bytes }
      return ok({ fileID: 'local://uploads/x.jpg', url: '/files/x.jpg' })
    })

    const res = await uploadFile('blob:http://127.0.0.1:8080/1234')

    expect(res).toEqual({ fileID: 'local://uploads/x.jpg', url: '/files/x.jpg' })
    const post = net.requests[1]
    expect(post.url).toBe('/api/_upload')
    expect(post.method).toBe('POST')
    expect(post.headers['content-type']).toBe('image/jpeg')
    expect(post.headers.authorization).toBe('Bearer tok')
    expect(decodeURIComponent(post.headers['x-file-name'])).toMatch(/\.jpg$/)
    expect(post.body).toBe(bytes)
  })
})
