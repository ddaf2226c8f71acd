// 注销账号: the person's data erased everywhere, or anonymised where the record must stay. The ledger
// (points and hours are append-only) and the audit trail keep their entries under a stable anonymous id
// instead of the openid; orders keep their history with the person's name, phone, room and photos taken
// out; their own notices, image checks, uploads, registrations and user document are removed. Every step
// is safe to repeat, and the user document goes last, so a retry after a failure still knows the names.
import { createHash } from 'node:crypto'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { memberApi } from '../../shared/contracts/member'
import type { RegistrationDoc } from '../../shared/members/model'
import { memberTexts } from '../../shared/members/texts'
import { _, app, db } from '../common/cloud'
import { isDuplicate } from '../common/errors'
import type { Ctx } from '../common/handler'
import { MEDIA_CHECKS } from '../common/content'
import { REGISTRATIONS } from './registrations'
import { erasePoints } from '../common/balances'

export const ERASED_NAME = memberTexts.erasedName

/** The anonymous id that replaces an openid where an entry must stay (stable, so a retry writes the same). */
export function anonIdOf(openid: string): string {
  const salt = process.env.ACCOUNT_ANON_SALT ?? 'lianxin-anon'
  return `anon_${createHash('sha256').update(`${salt}\u0000${openid}`).digest('hex').slice(0, 20)}`
}

interface Scrubber {
  openid: string
  anon: string
  names: string[]
  phones: string[]
  uploads: string
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function scrubText(v: string, s: Scrubber): string {
  let out = v.split(s.openid).join(s.anon)
  for (const n of s.names) out = out.replace(new RegExp(escape(n), 'g'), ERASED_NAME)
  for (const p of s.phones) out = out.split(p).join('')
  return out
}

/** The value with the person taken out: their openid anonymised, names and phones erased, their uploads dropped. */
function scrub(v: unknown, s: Scrubber): unknown {
  if (typeof v === 'string') return scrubText(v, s)
  if (Array.isArray(v)) return v.filter((x) => !(typeof x === 'string' && x.includes(s.uploads))).map((x) => scrub(x, s))
  if (v instanceof Date || v === null || typeof v !== 'object') return v
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, scrub(x, s)]))
}

async function readSome<T>(collection: string, where: object, limit = 100): Promise<T[]> {
  return (await db.collection(collection).where(where).limit(limit).get()).data as T[]
}

/** Orders the person ordered, joined, worked on or moved: rewritten without them (conditioned on the version). */
async function scrubOrders(s: Scrubber, touched: Set<string>): Promise<string[]> {
  const files: string[] = []
  const related = _.or([{ people: s.openid }, { parties: `p:${s.openid}` }, { 'timeline.by': s.openid }, { 'onBehalf.by': s.openid }, { 'assignee.id': s.openid }])
  for (let round = 0; round < 1000; round++) {
    const batch = await readSome<Record<string, unknown> & { _id: string; version: number }>('orders', related)
    if (!batch.length) return files
    for (const o of batch) {
      touched.add(o._id)
      collectFiles(o, s.uploads, files)
      const next = scrub(o, s) as Record<string, unknown>
      const patch: Record<string, unknown> = {}
      for (const k of Object.keys(o)) {
        if (k === '_id' || k === 'version') continue
        if (JSON.stringify(o[k]) !== JSON.stringify(next[k])) patch[k] = _.set(next[k])
      }
      if (next.ordererId === s.anon) {
        for (const k of ['ordererPhone', 'room', 'point']) if (k in o) patch[k] = _.remove()
        patch.ordererName = ERASED_NAME
      }
      const claims = next.claims as Array<Record<string, unknown>> | undefined
      if (claims?.some((c) => c.openid === s.anon)) {
        patch.claims = _.set(claims.map((c) => (c.openid === s.anon ? Object.fromEntries(Object.entries({ ...c, name: ERASED_NAME }).filter(([k]) => k !== 'phone')) : c)))
      }
      patch.version = _.inc(1)
      // Changed meanwhile: the next round reads it again.
      await db.collection('orders').where({ _id: o._id, version: o.version }).update(patch)
    }
  }
  return files
}

function collectFiles(v: unknown, uploads: string, into: string[]): void {
  if (typeof v === 'string') {
    if (v.includes(uploads)) into.push(v)
  } else if (Array.isArray(v)) v.forEach((x) => collectFiles(x, uploads, into))
  else if (v && typeof v === 'object' && !(v instanceof Date)) Object.values(v).forEach((x) => collectFiles(x, uploads, into))
}

async function addOnce(collection: string, doc: Record<string, unknown>): Promise<void> {
  try {
    await db.collection(collection).add(doc)
  } catch (err) {
    if (!isDuplicate(err)) throw err
  }
}

/**
 * Others' notices about these orders whose ids were made with the person's openid (a claim's notice to
 * the orderer, say): kept for their reader under an id made with the anonymous one.
 */
async function rekeyNotices(orderIds: Iterable<string>, s: Scrubber): Promise<void> {
  for (const id of orderIds) {
    const prefix = `order:${id}:`
    const res = await db.collection('notifications').where({ _id: db.RegExp({ regexp: `^${escape(prefix)}` }) }).limit(1000).get()
    for (const n of res.data as Array<Record<string, unknown> & { _id: string }>) {
      if (!n._id.includes(s.openid)) continue
      const { _id, ...rest } = n
      await addOnce('notifications', { ...(scrub(rest, s) as Record<string, unknown>), _id: scrubText(_id, s) })
      await db.collection('notifications').doc(_id).remove()
    }
  }
}

/** Ledger entries stay (append-only) under the anonymous id: copied to an id made with it, then the old removed. */
async function anonymiseLedger(s: Scrubber): Promise<void> {
  for (let round = 0; round < 1000; round++) {
    const batch = await readSome<Record<string, unknown> & { _id: string }>('ledger', { openid: s.openid })
    if (!batch.length) return
    for (const e of batch) {
      const { _id, ...rest } = e
      await addOnce('ledger', { ...(scrub(rest, s) as Record<string, unknown>), _id: scrubText(_id, s) })
      await db.collection('ledger').doc(_id).remove()
    }
  }
}

async function removeAll(collection: string, where: object): Promise<void> {
  for (let round = 0; round < 1000; round++) {
    const res = await db.collection(collection).where(where).remove()
    if (!((res as { deleted?: number }).deleted ?? 0)) return
  }
}

type Delete = typeof memberApi.deleteAccount
export async function deleteAccount(_input: ParsedOf<Delete>, ctx: Ctx): Promise<OutputOf<Delete>> {
  const openid = ctx.openid
  const regs = await readSome<RegistrationDoc>(REGISTRATIONS, { openid }, 1000)
  const user = ctx.user
  const names = [...new Set([user?.realName, user?.nickname, ...regs.map((r) => r.realName)].filter((n): n is string => !!n && Array.from(n).length >= 2))]
  const phones = [...new Set([user?.phone, ...regs.map((r) => r.phone)].filter((p): p is string => !!p))]
  const s: Scrubber = { openid, anon: anonIdOf(openid), names, phones, uploads: `/uploads/${openid}/` }

  const touched = new Set<string>()
  const files = await scrubOrders(s, touched)
  await rekeyNotices(touched, s)
  await anonymiseLedger(s)
  await erasePoints(openid, s.anon)
  // The audit trail keeps what was done, not who did it.
  await db.collection('audit').where({ by: openid }).update({ by: s.anon })
  const checks = await readSome<{ fileId: string }>(MEDIA_CHECKS, { openid }, 1000)
  const fileList = [...new Set([...files, ...checks.map((c) => c.fileId)])]
  for (let i = 0; i < fileList.length; i += 50) await app.deleteFile({ fileList: fileList.slice(i, i + 50) })
  await removeAll(MEDIA_CHECKS, { openid })
  await removeAll('notifications', { openid })
  await removeAll(REGISTRATIONS, { openid })
  await db.collection('users').doc(openid).remove()
  return { deleted: true }
}
