import Taro from '@tarojs/taro'
import dayjs from 'dayjs'
import { ApiError, unavailable } from './errors'
import { getToken } from './token'
import { unwrap } from './transport'

export interface Uploaded {
  /** cloud://… in the mini-program; the gateway's id in h5. Store this, not the URL. */
  fileID: string
  /** h5 only: a URL the browser can show right away. */
  url?: string
}

const EXT_BY_TYPE: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
}

function randomName(ext: string) {
  const rand = Math.random().toString(36).slice(2, 10)
  return `${dayjs().format('YYYYMMDDHHmmss')}-${rand}${ext ? '.' + ext : ''}`
}

function extOf(path: string) {
  const m = /\.([a-z0-9]{1,5})(?:\?.*)?$/i.exec(path)
  return m ? m[1].toLowerCase() : ''
}

/**
 * The cloud path of an upload: uploads are owned, so the path names the uploader,
 * uploads/<openid>/<yyyymm>/<name>.<ext>. The functions accept only file ids under the caller's own
 * folder (cloudfunctions/common/files.ts); the storage security rule (docs/deploy.md) keeps anyone from
 * overwriting another person's file.
 */
export function uploadCloudPath(openid: string, localPath: string): string {
  return `uploads/${openid}/${dayjs().format('YYYYMM')}/${randomName(extOf(localPath))}`
}

/**
 * Uploads a file picked with Taro.chooseMedia / chooseImage (a temp path, or a blob: URL in h5).
 * `openid` is the signed-in person's (useSession().profile.openid): the mini-program uploads into their
 * folder itself; in h5 the gateway takes it from the token instead.
 */
export async function uploadFile(localPath: string, openid?: string): Promise<Uploaded> {
  if (process.env.TARO_ENV === 'weapp') {
    if (!openid) throw new ApiError('UNAUTHENTICATED', 'NOT_LOGGED_IN')
    const cloudPath = uploadCloudPath(openid, localPath)
    try {
      const res = await Taro.cloud.uploadFile({ cloudPath, filePath: localPath })
      return { fileID: res.fileID }
    } catch {
      throw unavailable()
    }
  }
  let blob: Blob
  try {
    blob = await (await fetch(localPath)).blob()
  } catch {
    throw unavailable()
  }
  const type = blob.type || 'application/octet-stream'
  const headers: Record<string, string> = {
    'content-type': type,
    'x-file-name': encodeURIComponent(randomName(EXT_BY_TYPE[type] || extOf(localPath))),
  }
  const token = getToken()
  if (token) headers.authorization = 'Bearer ' + token
  let body: unknown
  try {
    const res = await fetch('/api/_upload', { method: 'POST', headers, body: blob })
    body = await res.json()
  } catch {
    throw unavailable()
  }
  return unwrap<Uploaded>(body)
}
