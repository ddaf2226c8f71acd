// An upload over the limit (issue 12, finding 11) answers a closed-set code with a sentence that says
// the limit, not 服务繁忙 and not a reset connection, and stores nothing; one within it is kept.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { signToken } from '../../localcloud/gateway'
import { startLocalCloud, type LocalCloud } from '../../localcloud/server'
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_MB } from '../../shared/uploads'

jest.setTimeout(60_000)

let dir: string
let cloud: LocalCloud
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-upload-'))
  cloud = await startLocalCloud({ port: 0, dataDir: dir })
})
afterAll(async () => {
  await cloud.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const upload = (token: string, bytes: Buffer) =>
  fetch(cloud.url + '/api/_upload', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg', 'x-file-name': 'photo.jpg' }, body: new Uint8Array(bytes) })

/** The files stored under someone's upload folder. */
function stored(openid: string): string[] {
  const root = path.join(dir, 'storage', 'uploads', openid)
  return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(root, f)).isFile()) : []
}

it('a photo over the limit is refused with UPLOAD_TOO_LARGE and the limit in Chinese; nothing is stored', async () => {
  const token = signToken(cloud.secret, 'o-upload-1')
  const res = await upload(token, Buffer.alloc(UPLOAD_MAX_BYTES + 1, 0xff))
  expect(res.status).toBe(413)
  const body = await res.json()
  expect(body).toEqual({ ok: false, error: expect.objectContaining({ code: 'RESOURCE_EXHAUSTED', reason: 'UPLOAD_TOO_LARGE' }) })
  expect(body.error.message).toBe(`图片不能超过${UPLOAD_MAX_MB}MB，请换一张或压缩后再传`)
  expect(stored('o-upload-1')).toEqual([])

  // Just within the limit it is kept (a JPEG's first bytes, then filler).
  const jpeg = Buffer.alloc(UPLOAD_MAX_BYTES, 0xff)
  jpeg[1] = 0xd8
  const ok = await (await upload(token, jpeg)).json()
  expect(ok).toMatchObject({ ok: true, data: { fileID: expect.stringMatching(/^cloud:\/\//) } })
  expect(stored('o-upload-1')).toHaveLength(1)
})

it('a file that is not a photo is refused by its bytes, whatever its name and type say; nothing is stored', async () => {
  const token = signToken(cloud.secret, 'o-upload-2')
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n')
  const res = await upload(token, pdf)
  expect(res.status).toBe(415)
  const body = await res.json()
  expect(body).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_ARGUMENT', reason: 'UPLOAD_NOT_IMAGE' }) })
  expect(body.error.message).toBe('只能上传照片（JPG、PNG、GIF、WEBP），这个文件不是图片')
  expect(stored('o-upload-2')).toEqual([])
  // Each photo format we take gets through.
  const heads = [[0xff, 0xd8, 0xff, 0xe0], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], [0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]]
  for (const h of heads) expect(await (await upload(token, Buffer.from([...h, 1, 2, 3]))).json()).toMatchObject({ ok: true })
  expect(stored('o-upload-2')).toHaveLength(4)
})
