// 志愿服务记录: the person's confirmed service (dates, hours, points, the confirming organisation) from
// the ledger, with a verification code anyone can check without logging in (points.verifyRecord). The
// code is made from the person and their balance's version, so asking again without new entries gives
// the same record and code; each issued record is kept (service_records) as it was issued.
import { createHash } from 'node:crypto'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { pointsApi, ServiceRecordView } from '../../shared/contracts/points'
import { maskName } from '../../shared/privacy'
import { dayOf, isWork } from '../../shared/points/rules'
import { starLevel } from '../../shared/points/stars'
import { pointsTexts, recordPdfTexts } from '../../shared/points/texts'
import { LEDGER, type LedgerDoc } from '../common/balances'
import { app, db } from '../common/cloud'
import { fail, isDuplicate } from '../common/errors'
import type { Ctx } from '../common/handler'
import { pdf } from '../common/pdf'
import { getDoc } from '../common/users'
import { balanceOf } from './balance'
import { recordPages, verifyAddress } from './recordPdf'

export const RECORDS = 'service_records'
const MAX_ITEMS = 200

interface RecordDoc extends Omit<ServiceRecordView, 'star' | 'issuedAt' | 'code'> {
  _id: string
  openid: string
  communityId?: string
  issuedAt: Date
}

const codeOf = (openid: string, version: number) => {
  const n = BigInt(`0x${createHash('sha256').update(`record\u0000${openid}\u0000${version}`).digest('hex').slice(0, 15)}`)
  return n.toString(36).toUpperCase().padStart(10, '0').slice(-10)
}

async function communityNames(ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  await Promise.all([...new Set(ids)].map(async (id) => out.set(id, (await getDoc<{ name: string }>('communities', id))?.name ?? pointsTexts.unknownOrg)))
  return out
}

/**
 * The caller's record as it stands: the one issued under the current code, or a new one (`fresh`, not yet
 * kept: the caller keeps it once whatever else it does has worked).
 */
async function issue(ctx: Ctx): Promise<{ doc: RecordDoc; fresh: boolean }> {
  const b = await balanceOf(ctx.openid)
  const code = codeOf(ctx.openid, b.version)
  const stored = await getDoc<RecordDoc>(RECORDS, code)
  if (stored) return { doc: stored, fresh: false }
  // Confirmed work, and hours an admin entered (flagged as such), newest first.
  const res = await db.collection(LEDGER).where({ openid: ctx.openid }).orderBy('at', 'desc').limit(1000).get()
  const entries = (res.data as LedgerDoc[]).filter((e) => isWork(e.sourceType) || (e.sourceType === 'adjust' && e.hours !== 0)).slice(0, MAX_ITEMS)
  const orgs = await communityNames([...entries.map((e) => e.communityId), ...(b.communityId ? [b.communityId] : [])])
  const communityId = b.communityId ?? ctx.user?.communityId
  const doc: RecordDoc = {
    _id: code,
    openid: ctx.openid,
    communityId,
    name: ctx.user?.realName ?? ctx.user?.nickname ?? '',
    communityName: communityId ? orgs.get(communityId) ?? (await communityNames([communityId])).get(communityId)! : pointsTexts.unknownOrg,
    confirmedHours: b.confirmedHours,
    issuedAt: ctx.now,
    items: entries.map((e) => ({ date: dayOf(e.at), hours: e.hours, points: e.points, note: e.note, org: orgs.get(e.communityId) ?? pointsTexts.unknownOrg, ...(e.flagged ? { flagged: true } : {}) })),
  }
  return { doc, fresh: true }
}

async function keep(doc: RecordDoc): Promise<void> {
  try {
    await db.collection(RECORDS).add(doc)
  } catch (err) {
    if (!isDuplicate(err)) throw err
  }
}

const viewOf = ({ _id, openid: _o, communityId: _c, ...doc }: RecordDoc): ServiceRecordView => ({ ...doc, code: _id, star: starLevel(doc.confirmedHours), issuedAt: new Date(doc.issuedAt).toISOString() })

type Record_ = typeof pointsApi.record
export async function record(_input: ParsedOf<Record_>, ctx: Ctx): Promise<OutputOf<Record_>> {
  const { doc, fresh } = await issue(ctx)
  if (fresh) await keep(doc)
  return viewOf(doc)
}

type RecordPdf = typeof pointsApi.recordPdf
/**
 * The caller's record as a PDF (the same record and code as points.record), written to storage and linked
 * for an hour. Nothing is kept when the file could not be written; a new record is kept before its link is
 * given, so the code on the paper is always one the public check knows.
 */
export async function recordPdf(_input: ParsedOf<RecordPdf>, ctx: Ctx): Promise<OutputOf<RecordPdf>> {
  const { doc, fresh } = await issue(ctx)
  const view = viewOf(doc)
  const pages = recordPages(view, verifyAddress(view.code))
  const bytes = pdf(pages, { title: recordPdfTexts.title, author: recordPdfTexts.author, subject: view.code, created: new Date(doc.issuedAt) })
  const up = await app.uploadFile({ cloudPath: `exports/records/${ctx.openid}/${view.code}.pdf`, fileContent: bytes })
  const fileID = (up as { fileID?: string }).fileID ?? fail('SERVICE_BUSY')
  if (fresh) await keep(doc)
  const link = await app.getTempFileURL({ fileList: [{ fileID, maxAge: 3600 }] })
  const url = (link.fileList?.[0] as { tempFileURL?: string } | undefined)?.tempFileURL ?? fail('SERVICE_BUSY')
  return { url, fileName: recordPdfTexts.file(view.code), code: view.code, pages: pages.length }
}

type Verify = typeof pointsApi.verifyRecord
/**
 * Public: whether a code is a record we issued, and of whom. Answers only what a record check needs (the
 * masked name, the organisation, hours and dates); the notes of the work and the person's identity stay out.
 */
export async function verifyRecord(input: ParsedOf<Verify>): Promise<OutputOf<Verify>> {
  const r = await getDoc<RecordDoc>(RECORDS, input.code)
  if (!r) return { valid: false, code: input.code }
  const days = r.items.map((it) => it.date).sort()
  return {
    valid: true,
    code: input.code,
    name: maskName(r.name),
    communityName: r.communityName,
    confirmedHours: r.confirmedHours,
    starLabel: starLevel(r.confirmedHours).label,
    count: r.items.length,
    issuedAt: new Date(r.issuedAt).toISOString(),
    ...(days.length ? { from: days[0], to: days[days.length - 1] } : {}),
    items: r.items.map((it) => ({ date: it.date, hours: it.hours, org: it.org, ...(it.flagged ? { flagged: true } : {}) })),
  }
}
