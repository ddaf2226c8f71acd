// Choosing and preparing photos before upload (shared/uploads.ts has the limits). In the mini-program
// Taro.chooseImage offers images only, and Taro.compressImage shrinks a large one. In h5 a file input is
// used instead of Taro.chooseImage (which drops a file it cannot draw without a word), so that a
// non-image is seen and refused by name and type; a large photo is drawn to a canvas and re-encoded as
// JPEG at PHOTO_MAX_EDGE.
import Taro from '@tarojs/taro'
import { COMPRESS_ABOVE_BYTES, isImageFile, PHOTO_MAX_EDGE, UPLOAD_MAX_BYTES, uploadTexts } from '@shared/uploads'

export interface Chosen {
  /** A temp path (weapp) or a blob: URL (h5) that uploadFile takes. */
  path: string
  size: number
  name: string
  type?: string
  file?: Blob
}

/** The person's choice, or [] when they closed the chooser. */
export async function choosePhotos(count: number): Promise<Chosen[]> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const res = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
      return res.tempFiles.slice(0, count).map((f) => ({ path: f.path, size: f.size, name: f.path.split('/').pop() ?? f.path }))
    } catch {
      return []
    }
  }
  const files = await pickFiles(count)
  return files.slice(0, count).map((f) => ({ path: '', size: f.size, name: f.name, type: f.type, file: f }))
}

function pickFiles(count: number): Promise<File[]> {
  return new Promise((resolve) => {
    const el = document.createElement('input')
    el.type = 'file'
    el.accept = 'image/*'
    el.multiple = count > 1
    el.style.display = 'none'
    el.className = 'lx-photos__input'
    const done = (files: File[]) => {
      el.remove()
      resolve(files)
    }
    el.addEventListener('change', () => done(Array.from(el.files ?? [])))
    el.addEventListener('cancel', () => done([]))
    document.body.appendChild(el)
    el.click()
  })
}

export type Prepared = { ok: true; path: string } | { ok: false; message: string }

/** A chosen file made ready to upload: refused if it is no image or still too large, compressed if large. */
export async function preparePhoto(c: Chosen): Promise<Prepared> {
  if (!isImageFile(c)) return { ok: false, message: uploadTexts.notImage(c.name, c.type) }
  if (process.env.TARO_ENV === 'weapp') {
    let path = c.path
    let size = c.size
    if (size > COMPRESS_ABOVE_BYTES) {
      try {
        path = (await Taro.compressImage({ src: c.path, quality: 80, compressedWidth: PHOTO_MAX_EDGE } as Parameters<typeof Taro.compressImage>[0])).tempFilePath
        size = await new Promise<number>((resolve) => Taro.getFileSystemManager().getFileInfo({ filePath: path, success: (r) => resolve(r.size), fail: () => resolve(size) }))
      } catch {
        // Not compressed: the original goes if it is within the limit.
      }
    }
    return size > UPLOAD_MAX_BYTES ? { ok: false, message: uploadTexts.tooLarge(c.name) } : { ok: true, path }
  }
  let blob: Blob = c.file!
  if (blob.size > COMPRESS_ABOVE_BYTES && c.type !== 'image/gif') blob = (await reencode(blob)) ?? blob
  if (blob.size > UPLOAD_MAX_BYTES) return { ok: false, message: uploadTexts.tooLarge(c.name) }
  return { ok: true, path: URL.createObjectURL(blob) }
}

/** The photo drawn to a canvas at PHOTO_MAX_EDGE and re-encoded as JPEG; undefined if the browser cannot draw it. */
async function reencode(file: Blob): Promise<Blob | undefined> {
  const url = URL.createObjectURL(file)
  try {
    const img = await new Promise<HTMLImageElement>((resolve, reject) => {
      const i = new Image()
      i.onload = () => resolve(i)
      i.onerror = reject
      i.src = url
    })
    const scale = Math.min(1, PHOTO_MAX_EDGE / Math.max(img.naturalWidth, img.naturalHeight))
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale))
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale))
    const g = canvas.getContext('2d')
    if (!g) return undefined
    g.fillStyle = '#fff'
    g.fillRect(0, 0, canvas.width, canvas.height)
    g.drawImage(img, 0, 0, canvas.width, canvas.height)
    return (await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82))) ?? undefined
  } catch {
    return undefined
  } finally {
    URL.revokeObjectURL(url)
  }
}
