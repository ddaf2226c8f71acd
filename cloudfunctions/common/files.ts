// Uploads are owned. The functions turn a file id into a download link with admin rights, so a file id
// a client names is used only when its path names the caller as the uploader:
//   uploads/<openid>/<yyyymm>/<name>.<ext>
// In WeChat the mini-program uploads there itself (Taro.cloud.uploadFile with that cloudPath; the
// storage security rule in docs/deploy.md refuses writes over someone else's file); in h5/local mode
// the gateway's /api/_upload picks the path from the caller's token.
import { CONTENT_FIELD_MESSAGES } from '../../shared/messages'
import { fail } from './errors'

/** What a CloudBase (and the local emulator's) file id is made of: cloud://<env>.<bucket>/<path>. */
export interface ParsedFileId {
  env: string
  bucket: string
  path: string
}

const FILE_ID_RE = /^cloud:\/\/([A-Za-z0-9][A-Za-z0-9-]*)\.([A-Za-z0-9][A-Za-z0-9-]*)\/(.+)$/
/** openids are [A-Za-z0-9_-] (WeChat's are 28 of them; the local dev login allows 1-64). */
const UPLOAD_PATH_RE = /^uploads\/([A-Za-z0-9_-]{1,64})\/(\d{6})\/([A-Za-z0-9_-]{1,64}(?:\.[A-Za-z0-9]{1,5})?)$/

export function parseFileId(fileId: unknown): ParsedFileId | null {
  if (typeof fileId !== 'string' || fileId.length > 1024) return null
  const m = FILE_ID_RE.exec(fileId)
  return m ? { env: m[1], bucket: m[2], path: m[3] } : null
}

/**
 * The openid of the person who uploaded the file, read from its path; null for an id that is malformed
 * or not an upload (the strict path pattern also refuses `..`, `%`, empty segments and the like).
 */
export function fileOwner(fileId: unknown): string | null {
  const parsed = parseFileId(fileId)
  if (!parsed) return null
  const m = UPLOAD_PATH_RE.exec(parsed.path)
  if (!m) return null
  const month = Number(m[2].slice(4))
  return month >= 1 && month <= 12 ? m[1] : null
}

/** The cloud path the caller uploads to (the client and the gateway build the same shape). */
export function uploadPath(openid: string, at: Date, name: string): string {
  const beijing = new Date(at.getTime() + 8 * 3600_000)
  const yyyymm = `${beijing.getUTCFullYear()}${String(beijing.getUTCMonth() + 1).padStart(2, '0')}`
  return `uploads/${openid}/${yyyymm}/${name}`
}

/**
 * The caller's own uploads, as given; throws Failure('FILE_NOT_OWNED', { [field]: … }) before anything
 * is written when any id is malformed or lies outside the caller's folder.
 */
export function ownedFiles(openid: string, fileIds: readonly string[], field = 'photos'): string[] {
  if (!openid) fail('FILE_NOT_OWNED', { [field]: CONTENT_FIELD_MESSAGES.fileNotOwned })
  for (const id of fileIds) {
    if (fileOwner(id) !== openid) fail('FILE_NOT_OWNED', { [field]: CONTENT_FIELD_MESSAGES.fileNotOwned })
  }
  return [...fileIds]
}
