// One content rule for every piece of user text and every image (issue 7):
//   pass → shown, review → held for an admin, risky → refused (naming the field).
// Text goes to WeChat's security.msgSecCheck v2 and is judged at once. Images go to
// security.mediaCheckAsync v2, whose verdict arrives later by message push (event wxa_media_check,
// routed to a function; see receiveMediaCheck): until it does, an image counts as held. Locally the
// emulator answers both through the same open-API calls (localcloud/emulator/openapi.ts).
import { createHash } from 'node:crypto'
import { CONTENT_FIELD_MESSAGES } from '../../shared/messages'
import { _, app, db } from './cloud'
import { fail, isDuplicate } from './errors'
import { ownedFiles } from './files'
import type { Ctx } from './handler'
import { getDoc } from './users'

export type Verdict = 'pass' | 'review'

/** Scenes of msgSecCheck / mediaCheckAsync v2: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export type Scene = 1 | 2 | 3 | 4

export interface ContentInput {
  /** Every piece of user text of the call, by the field name a refusal should name. Empty ones pass. */
  texts?: Record<string, string | null | undefined>
  /** The call's images (file ids), by field name; each must be the caller's own upload. */
  images?: Record<string, readonly string[] | null | undefined>
  scene: Scene
}

export interface ContentResult {
  /** 'review' when anything is held: show nothing of it to others until an admin clears it. */
  verdict: Verdict
  /** The verdict of each field that was given. */
  fields: Record<string, Verdict>
  /** The fields whose verdict is 'review', for callers that hold field by field. */
  held: string[]
}

/** An image's check, one per file (doc id from the file id, so a platform retry checks it once). */
export interface MediaCheckDoc {
  _id: string
  fileId: string
  openid: string
  scene: Scene
  /** WeChat's trace_id; the push that carries the verdict names it. Never leaves the server. */
  traceId?: string
  status: 'pending' | 'pass' | 'review' | 'risky'
  label?: number
  createdAt: Date
  decidedAt?: Date
}

export const MEDIA_CHECKS = 'media_checks'

type OpenApiBody = { errcode?: number; errmsg?: string; result?: { suggest?: string; label?: number }; trace_id?: string }

async function openApi(apiName: string, requestData: object): Promise<OpenApiBody> {
  const res = await app.callWxOpenApi({ apiName, requestData })
  const raw = (res as { result?: unknown }).result
  return (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as OpenApiBody
}

async function textVerdict(openid: string, text: string, scene: Scene): Promise<Verdict | 'risky'> {
  if (!text.trim()) return 'pass'
  const body = await openApi('security.msgSecCheck', { version: 2, openid, scene, content: text.slice(0, 2500) })
  // The checker is down or refused us: hold for a person rather than publish unchecked.
  if (body.errcode && body.errcode !== 0) return 'review'
  const suggest = body.result?.suggest
  return suggest === 'risky' ? 'risky' : suggest === 'pass' ? 'pass' : 'review'
}

export function mediaCheckId(fileId: string): string {
  return createHash('sha256').update(fileId).digest('hex').slice(0, 32)
}

/** Submits one image to mediaCheckAsync and records the pending check. */
async function submitImage(ctx: Pick<Ctx, 'openid' | 'now'>, fileId: string, scene: Scene, field: string): Promise<MediaCheckDoc> {
  const links = await app.getTempFileURL({ fileList: [{ fileID: fileId, maxAge: 3600 }] })
  const url = links.fileList?.[0]?.tempFileURL
  // Named in the caller's folder but never uploaded: not an upload of theirs.
  if (!url) fail('FILE_NOT_OWNED', { [field]: CONTENT_FIELD_MESSAGES.fileNotOwned })
  const body = await openApi('security.mediaCheckAsync', { media_url: url, media_type: 2, version: 2, openid: ctx.openid, scene })
  const accepted = (!body.errcode || body.errcode === 0) && !!body.trace_id
  const doc: MediaCheckDoc = {
    _id: mediaCheckId(fileId),
    fileId,
    openid: ctx.openid,
    scene,
    // Refused or down: no verdict will ever come, so a person looks at it.
    ...(accepted ? { traceId: body.trace_id, status: 'pending' as const } : { status: 'review' as const }),
    createdAt: ctx.now,
  }
  try {
    await db.collection(MEDIA_CHECKS).add(doc)
    return doc
  } catch (err) {
    if (!isDuplicate(err)) throw err
    // Another call (or a platform retry) submitted the same file first: its record is the one.
    return (await getDoc<MediaCheckDoc>(MEDIA_CHECKS, doc._id)) ?? doc
  }
}

/**
 * The one content rule. Checks every text (msgSecCheck v2) and every image (ownership, then
 * mediaCheckAsync v2). Throws Failure('CONTENT_RISKY', { field: message, … }) naming every risky field,
 * or Failure('FILE_NOT_OWNED', { field }) for an image that is not the caller's, before it writes
 * anything of the caller's record; the only write is the image's check record (`media_checks`).
 * Call it after the use case's own checks, right before it writes.
 */
export async function checkContent(ctx: Pick<Ctx, 'openid' | 'now'>, input: ContentInput): Promise<ContentResult> {
  const texts = Object.entries(input.texts ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string')
  const images = Object.entries(input.images ?? {}).map(([field, ids]) => [field, ownedFiles(ctx.openid, ids ?? [], field)] as const)

  const fields: Record<string, Verdict> = {}
  const risky: Record<string, string> = {}
  const textVerdicts = await Promise.all(texts.map(([, text]) => textVerdict(ctx.openid, text, input.scene)))
  texts.forEach(([field], i) => {
    const v = textVerdicts[i]
    if (v === 'risky') risky[field] = CONTENT_FIELD_MESSAGES.risky
    else fields[field] = v
  })

  // Images checked before (the same file sent again) keep their verdict; a known risky one is refused.
  const known = new Map<string, MediaCheckDoc>()
  const allIds = [...new Set(images.flatMap(([, ids]) => ids))]
  if (allIds.length) {
    const res = await db
      .collection(MEDIA_CHECKS)
      .where({ _id: _.in(allIds.map(mediaCheckId)) })
      .limit(allIds.length)
      .get()
    for (const d of res.data as MediaCheckDoc[]) known.set(d.fileId, d)
  }
  for (const [field, ids] of images) {
    if (ids.some((id) => known.get(id)?.status === 'risky')) risky[field] = CONTENT_FIELD_MESSAGES.imageRisky
  }
  if (Object.keys(risky).length) fail('CONTENT_RISKY', risky)

  const submitted = new Map<string, Promise<MediaCheckDoc>>()
  for (const [field, ids] of images) {
    for (const id of ids) if (!known.has(id) && !submitted.has(id)) submitted.set(id, submitImage(ctx, id, input.scene, field))
  }
  for (const [id, p] of submitted) known.set(id, await p)
  for (const [field, ids] of images) {
    fields[field] = ids.every((id) => known.get(id)?.status === 'pass') ? 'pass' : 'review'
  }

  const held = Object.keys(fields).filter((f) => fields[f] === 'review')
  return { verdict: held.length ? 'review' : 'pass', fields, held }
}

/** The images that may be shown to others now: those whose check has come back 'pass', in order. */
export async function shownImages(fileIds: readonly string[]): Promise<string[]> {
  if (!fileIds.length) return []
  const res = await db
    .collection(MEDIA_CHECKS)
    .where({ _id: _.in(fileIds.map(mediaCheckId)), status: 'pass' })
    .limit(fileIds.length)
    .get()
  const passed = new Set((res.data as MediaCheckDoc[]).map((d) => d.fileId))
  return fileIds.filter((id) => passed.has(id))
}

// ---- the verdict, by message push

/** The push WeChat sends when a mediaCheckAsync verdict is ready (MsgType event, Event wxa_media_check). */
export interface MediaCheckPush {
  MsgType: 'event'
  Event: 'wxa_media_check'
  trace_id: string
  errcode?: number
  result?: { suggest?: string; label?: number }
}

export function isMediaCheckPush(event: unknown): event is MediaCheckPush {
  const e = event as Record<string, unknown> | null
  return !!e && typeof e === 'object' && e.Event === 'wxa_media_check' && e.MsgType === 'event' && typeof e.trace_id === 'string'
}

/**
 * Records a verdict pushed by WeChat. Only a pending check with that trace id changes (trace ids are
 * random and never leave the server, so a caller cannot forge a verdict for an image it submitted);
 * a risky image is deleted from storage, so no link to it can be made again. `handled: false` means
 * no check has that trace id (yet).
 */
export async function receiveMediaCheck(push: MediaCheckPush, now: Date): Promise<{ handled: boolean; status?: MediaCheckDoc['status'] }> {
  if (!push.trace_id) return { handled: false }
  const res = await db.collection(MEDIA_CHECKS).where({ traceId: push.trace_id }).limit(1).get()
  const doc = (res.data as MediaCheckDoc[])[0]
  if (!doc) return { handled: false }
  const suggest = push.result?.suggest
  const status: MediaCheckDoc['status'] = push.errcode ? 'review' : suggest === 'pass' || suggest === 'risky' ? suggest : 'review'
  // Pushes may come more than once: the first verdict stands.
  if (doc.status === 'pending') {
    await db
      .collection(MEDIA_CHECKS)
      .where({ _id: doc._id, status: 'pending' })
      .update({ status, ...(push.result?.label !== undefined ? { label: push.result.label } : {}), decidedAt: now })
  }
  const stored = (await getDoc<MediaCheckDoc>(MEDIA_CHECKS, doc._id)) ?? doc
  if (stored.status === 'risky') await app.deleteFile({ fileList: [doc.fileId] })
  return { handled: true, status: stored.status }
}
