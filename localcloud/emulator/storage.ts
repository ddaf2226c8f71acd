// Cloud storage: file bytes under dataDir/storage/<cloud path>, written to a temporary file, synced and
// renamed into place before the upload is acknowledged; content types are kept in the journal.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { EmuError } from './errors'

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.bmp': 'image/bmp',
  '.ico': 'image/x-icon',
  '.heic': 'image/heic',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.aac': 'audio/aac',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
}

export function contentTypeFor(p: string): string {
  return TYPES[path.extname(p).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Checks a cloud path. '%', '#' and '?' are refused because the SDK's downloadFile runs encodeURI over
 * the temporary URL, which cannot carry them unambiguously.
 */
export function checkCloudPath(p: unknown): string {
  if (typeof p !== 'string' || !p) throw new EmuError('INVALID_PARAM', 'cloud path is required')
  const clean = p.replace(/^\/+/, '')
  if (
    !clean ||
    clean.length > 1024 ||
    // eslint-disable-next-line no-control-regex -- control characters in a path are refused on purpose
    /[\\%#?\u0000-\u001f]/.test(clean) ||
    clean.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')
  ) {
    throw new EmuError('INVALID_PARAM', `bad cloud path ${JSON.stringify(p)}`)
  }
  return clean
}

export interface FileMeta {
  contentType: string
  size: number
}

export class Storage {
  readonly root: string
  private readonly tmp: string
  /** Metadata of stored files, by cloud path (rebuilt from the journal on start). */
  readonly meta = new Map<string, FileMeta>()

  constructor(
    dataDir: string,
    readonly envId: string,
  ) {
    this.root = path.join(dataDir, 'storage')
    this.tmp = path.join(dataDir, 'storage-tmp')
    fs.mkdirSync(this.root, { recursive: true })
    fs.rmSync(this.tmp, { recursive: true, force: true })
    fs.mkdirSync(this.tmp, { recursive: true })
  }

  get bucket(): string {
    return `${this.envId}-local`
  }

  fileIdFor(p: string): string {
    return `cloud://${this.envId}.${this.bucket}/${p}`
  }

  /** Accepts a fileID (cloud://env.bucket/path) or a bare cloud path. */
  pathOf(fileIdOrPath: string): string {
    const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileIdOrPath)
    return checkCloudPath(m ? m[1] : fileIdOrPath)
  }

  private fileOf(p: string): string {
    return path.join(this.root, ...p.split('/'))
  }

  /** Writes bytes durably (temp file, fsync, rename). The caller journals the metadata. */
  write(p: string, bytes: Buffer): void {
    const target = this.fileOf(p)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    const tmp = path.join(this.tmp, randomBytes(8).toString('hex'))
    const fd = fs.openSync(tmp, 'w')
    try {
      let off = 0
      while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, target)
    try {
      const dfd = fs.openSync(path.dirname(target), 'r')
      fs.fsyncSync(dfd)
      fs.closeSync(dfd)
    } catch {
      // directory sync unsupported here; the rename is still atomic
    }
  }

  read(p: string): Buffer | null {
    try {
      return fs.readFileSync(this.fileOf(p))
    } catch {
      return null
    }
  }

  exists(p: string): boolean {
    try {
      return fs.statSync(this.fileOf(p)).isFile()
    } catch {
      return false
    }
  }

  remove(p: string): boolean {
    try {
      fs.unlinkSync(this.fileOf(p))
      return true
    } catch {
      return false
    }
  }

  contentType(p: string): string {
    return this.meta.get(p)?.contentType ?? contentTypeFor(p)
  }
}
