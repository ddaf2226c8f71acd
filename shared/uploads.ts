// What a photo upload may be (issue 12, finding 11): one rule for the picker, the client's check before
// it sends, and the gateway's refusal, so that each says the same limit.

/** Largest photo accepted, after the client compressed it. */
export const UPLOAD_MAX_MB = 5
export const UPLOAD_MAX_BYTES = UPLOAD_MAX_MB * 1024 * 1024
/** Photos larger than this are compressed before upload (re-encoded as JPEG at PHOTO_MAX_EDGE). */
export const COMPRESS_ABOVE_BYTES = 1024 * 1024
/** The longest edge of a compressed photo, in pixels. */
export const PHOTO_MAX_EDGE = 1600

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const
const IMAGE_EXTS = ['jpg', 'jpeg', 'png', 'gif', 'webp']

/** Whether a chosen file is a photo we take: by its type, or by its name when the type is unknown. */
export function isImageFile(f: { name?: string; type?: string }): boolean {
  if (f.type) return (IMAGE_TYPES as readonly string[]).includes(f.type.toLowerCase())
  const ext = /\.([a-z0-9]+)$/i.exec(f.name ?? '')?.[1]?.toLowerCase()
  return !!ext && IMAGE_EXTS.includes(ext)
}

/**
 * What the bytes are, from their first ones (the name and the type a client states can be anything):
 * the photo formats we take, or null. The upload endpoint stores only these.
 */
export function imageKindOf(b: Uint8Array): 'jpeg' | 'png' | 'gif' | 'webp' | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => b[i + k] === x)
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg'
  if (at(0, 0x89, 0x50, 0x4e, 0x47)) return 'png'
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'gif'
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp'
  return null
}

export const uploadTexts = {
  /** Under the picker. */
  hint: (max: number) => `最多${max}张，只能传图片（JPG、PNG、GIF、WEBP），每张不超过${UPLOAD_MAX_MB}MB，较大的照片会自动压缩`,
  notImage: (name: string, type?: string) => `“${name}”不是图片${type ? `（${type}）` : ''}，没有上传，请选择照片`,
  tooLarge: (name: string) => `“${name}”压缩后仍超过${UPLOAD_MAX_MB}MB，没有上传，请换一张`,
}
