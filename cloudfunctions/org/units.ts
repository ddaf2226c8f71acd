// 双报到 of a work unit: the unit's party organisation registers the unit with a community as 共建单位
// (its resources, its contact); the community approves or returns it with a reason; the unit fixes and
// sends it again, withdraws it, keeps its resources up to date; the community (or street) may end it.
// Load → decide (shared/lifecycles/unitRegistration.ts) → persist with effects (common/records.ts).
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orgApi, ResourceItem } from '../../shared/contracts/org'
import type { Effect } from '../../shared/core/effects'
import { decideUnitReg, type UnitRegAction } from '../../shared/lifecycles/unitRegistration'
import { messageFor } from '../../shared/messages'
import { COLLECTIONS, type PlaceDoc, type UnitRegDoc } from '../../shared/org/model'
import { alreadyDid, regRelations, regView } from '../../shared/org/policy'
import { orgFields, orgNotices } from '../../shared/org/texts'
import { db } from '../common/cloud'
import { checkContent } from '../common/content'
import { fail, failOn } from '../common/errors'
import type { Ctx } from '../common/handler'
import { create, move, unchanged, type Outcome } from '../common/records'
import { getDoc } from '../common/users'
import { pageOver } from '../common/pager'
import { allow, registrationId, unitOf } from './access'
import { auditOf, entry, noticeOf } from './store'

const C = COLLECTIONS.unitRegistrations
const REVIEW_LINK = '/packages/org/units/index'
const UNIT_LINK = '/packages/org/unit/index'

async function loadReg(id: string): Promise<UnitRegDoc> {
  return (await getDoc<UnitRegDoc>(C, id)) ?? fail('UNIT_REGISTRATION_NOT_FOUND')
}

const adminsOf = (r: UnitRegDoc) => ({ role: 'communityAdmin', scope: { communityId: r.communityId } })
const unitAdminsOf = (r: UnitRegDoc) => ({ role: 'unitAdmin', scope: { unitId: r.unitId } })

/** The resources as the unit sent them: kept ids stay, new ones get the next number, dropped ones are kept retired. */
function mergeResources(old: ResourceItem[], sent: ParsedOf<typeof orgApi.updateResources>['resources'], next: number): { resources: ResourceItem[]; next: number } {
  const out: ResourceItem[] = []
  const seen = new Set<string>()
  sent.forEach((r, i) => {
    if (r.id && !old.some((o) => o.id === r.id)) fail('BAD_INPUT', { [`resources.${i}.id`]: messageFor('RESOURCE_NOT_FOUND') })
    const id = r.id ?? `r${next++}`
    seen.add(id)
    out.push({ id, title: r.title, kind: r.kind, ...(r.detail ? { detail: r.detail } : {}) })
  })
  for (const o of old) if (!seen.has(o.id)) out.push({ ...o, retired: true })
  return { resources: out, next }
}

async function screenReg(ctx: Ctx, input: { intro?: string; contactName?: string; resources: { title: string; detail?: string }[] }): Promise<boolean> {
  const texts: Record<string, string | undefined> = { intro: input.intro, contactName: input.contactName }
  input.resources.forEach((r, i) => {
    texts[`resources.${i}.title`] = r.title
    texts[`resources.${i}.detail`] = r.detail
  })
  return (await checkContent(ctx, { texts, scene: 1 })).verdict === 'review'
}

/** A move of a registration by the table; a refusal says why, a repeat of the caller's own move answers ok. */
function decided(cur: UnitRegDoc, action: UnitRegAction, ctx: Ctx): { as: string } | 'done' {
  const rel = regRelations(cur, ctx.grants)
  const d = decideUnitReg(cur.status, action, rel)
  if (d.ok) return { as: d.as }
  if (alreadyDid(cur, action, ctx.openid)) return 'done'
  if (d.why === 'actor') fail('ROLE_REQUIRED')
  fail('UNIT_REGISTRATION_TRANSITION_NOT_ALLOWED', undefined, orgFields.unitRegNotNow(cur.status, action))
}

const regMove = (first: UnitRegDoc, decideOn: (cur: UnitRegDoc) => Outcome<UnitRegDoc>) => move<UnitRegDoc>(C, first, decideOn, { busy: 'ORG_CONCURRENT_CHANGE' })

type UnitReport = typeof orgApi.unitReport
/** Registers the unit with a community, or sends a returned / withdrawn / revoked registration again. */
export async function unitReport(input: ParsedOf<UnitReport>, ctx: Ctx): Promise<OutputOf<UnitReport>> {
  const unitId = unitOf(ctx, input.unitId)
  const unit = (await getDoc<PlaceDoc>('units', unitId)) ?? fail('UNIT_NOT_FOUND')
  const community = (await getDoc<PlaceDoc>('communities', input.communityId)) ?? failOn('COMMUNITY_NOT_FOUND', 'communityId')
  allow('unitReport', ctx, { unitId, unitStreetId: unit.streetId, streetId: community.streetId, communityId: community._id })
  if (community.retired) fail('PLACE_RETIRED', { communityId: orgFields.communityRetired })
  const id = registrationId(unitId, community._id)
  const existing = await getDoc<UnitRegDoc>(C, id)
  if (existing && (existing.status === 'pending' || existing.status === 'approved')) {
    // A retried report (the first reply was lost) answers with what it made; anything else is a new request.
    if (alreadyDid(existing, existing.timeline[existing.timeline.length - 1]?.action ?? '', ctx.openid) && existing.status === 'pending') return regView(existing, regRelations(existing, ctx.grants))
    fail('UNIT_REGISTRATION_TRANSITION_NOT_ALLOWED', undefined, existing.status === 'approved' ? orgFields.alreadyPartner : orgFields.reportPending)
  }
  const held = await screenReg(ctx, input)
  const notice = (r: UnitRegDoc, key: string): Effect =>
    noticeOf(`unitreg:${r._id}:${key}`, adminsOf(r), orgNotices.unitReported(r), REVIEW_LINK, ctx.now)
  if (!existing) {
    const { resources, next } = mergeResources([], input.resources, 1)
    const doc: UnitRegDoc = {
      _id: id,
      version: 1,
      outbox: [],
      unitId,
      unitName: unit.name,
      streetId: community.streetId!,
      communityId: community._id,
      communityName: community.name,
      status: 'pending',
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      ...(input.intro ? { intro: input.intro } : {}),
      resources,
      nextResourceNo: next,
      held,
      by: ctx.openid,
      timeline: [entry(ctx, 'unitAdmin', 'report', { to: 'pending' })],
      createdAt: ctx.now,
      updatedAt: ctx.now,
    }
    doc.outbox = [notice(doc, 'report')]
    const { doc: saved } = await create(C, doc)
    return regView(saved, regRelations(saved, ctx.grants))
  }
  const saved = await regMove(existing, (cur) => {
    const a = decided(cur, 'resend', ctx)
    if (a === 'done') return unchanged
    const { resources, next } = mergeResources(cur.resources, input.resources.map((r) => ({ ...r, id: r.id && cur.resources.some((o) => o.id === r.id) ? r.id : undefined })), cur.nextResourceNo)
    const nextDoc: UnitRegDoc = {
      ...cur,
      status: 'pending',
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      intro: input.intro,
      resources,
      nextResourceNo: next,
      returnReason: undefined,
      held,
      updatedAt: ctx.now,
      timeline: [...cur.timeline, entry(ctx, a.as, 'resend', { from: cur.status, to: 'pending' })],
    }
    return { next: nextDoc, effects: [notice(cur, `resend:v${cur.version}`)] }
  })
  return regView(saved, regRelations(saved, ctx.grants))
}

type MyUnit = typeof orgApi.myUnit
/** The unit and its registrations with every community (a unit registers with a few). */
export async function myUnit(input: ParsedOf<MyUnit>, ctx: Ctx): Promise<OutputOf<MyUnit>> {
  const unitId = unitOf(ctx, input.unitId)
  const unit = (await getDoc<PlaceDoc>('units', unitId)) ?? fail('UNIT_NOT_FOUND')
  allow('myUnit', ctx, { unitId })
  const res = await db.collection(C).where({ unitId }).orderBy('updatedAt', 'desc').limit(100).get()
  return { unit: { id: unit._id, name: unit.name }, registrations: (res.data as UnitRegDoc[]).map((r) => regView(r, regRelations(r, ctx.grants))) }
}

type WithdrawUnit = typeof orgApi.withdrawUnit
export async function withdrawUnit(input: ParsedOf<WithdrawUnit>, ctx: Ctx): Promise<OutputOf<WithdrawUnit>> {
  const first = await loadReg(input.registrationId)
  allow('withdrawUnit', ctx, { unitId: first.unitId })
  const saved = await regMove(first, (cur) => {
    const a = decided(cur, 'withdraw', ctx)
    if (a === 'done') return unchanged
    return {
      next: { ...cur, status: 'withdrawn', updatedAt: ctx.now, timeline: [...cur.timeline, entry(ctx, a.as, 'withdraw', { from: cur.status, to: 'withdrawn', note: input.reason })] },
      effects: [noticeOf(`unitreg:${cur._id}:withdraw:v${cur.version}`, adminsOf(cur), orgNotices.unitWithdrew(cur), REVIEW_LINK, ctx.now)],
    }
  })
  return regView(saved, regRelations(saved, ctx.grants))
}

type UpdateResources = typeof orgApi.updateResources
/** 我们的资源: the unit edits what it offers (and its contact) while it is registered. */
export async function updateResources(input: ParsedOf<UpdateResources>, ctx: Ctx): Promise<OutputOf<UpdateResources>> {
  const first = await loadReg(input.registrationId)
  allow('updateResources', ctx, { unitId: first.unitId })
  const held = await screenReg(ctx, input)
  const saved = await regMove(first, (cur) => {
    const a = decided(cur, 'edit', ctx)
    if (a === 'done') return unchanged
    const { resources, next } = mergeResources(cur.resources, input.resources, cur.nextResourceNo)
    const nextDoc: UnitRegDoc = {
      ...cur,
      resources,
      nextResourceNo: next,
      contactName: input.contactName ?? cur.contactName,
      contactPhone: input.contactPhone ?? cur.contactPhone,
      held: cur.held || held,
    }
    // Sent again as it is (a retry): nothing to write.
    if (JSON.stringify({ ...nextDoc, updatedAt: 0 }) === JSON.stringify({ ...cur, updatedAt: 0 })) return unchanged
    return { next: { ...nextDoc, updatedAt: ctx.now, timeline: [...cur.timeline, entry(ctx, a.as, 'edit')] }, effects: [] }
  })
  return regView(saved, regRelations(saved, ctx.grants))
}

type Units = typeof orgApi.units
/** 共建单位审核: a community's registrations, newest change first, optionally of one status. */
export async function units(input: ParsedOf<Units>, ctx: Ctx): Promise<OutputOf<Units>> {
  const community = (await getDoc<PlaceDoc>('communities', input.communityId)) ?? fail('COMMUNITY_NOT_FOUND')
  allow('units', ctx, { streetId: community.streetId, communityId: community._id })
  const where = { communityId: community._id, ...(input.status ? { status: input.status } : {}) }
  const page = await pageOver<UnitRegDoc & Record<string, unknown>>(C, [where], { field: 'updatedAt', dir: 'desc', type: 'date' }, input)
  return { items: page.items.map((r) => regView(r, regRelations(r, ctx.grants))), nextCursor: page.nextCursor }
}

const DECISION: Record<'approve' | 'return' | 'revoke', UnitRegAction> = { approve: 'approve', return: 'return', revoke: 'revoke' }

type ReviewUnit = typeof orgApi.reviewUnit
/** The community approves, returns (with the reason the unit reads), or ends the co-building. */
export async function reviewUnit(input: ParsedOf<ReviewUnit>, ctx: Ctx): Promise<OutputOf<ReviewUnit>> {
  const first = await loadReg(input.registrationId)
  allow('reviewUnit', ctx, { streetId: first.streetId, communityId: first.communityId })
  const action = DECISION[input.decision]
  const to = action === 'approve' ? 'approved' : action === 'return' ? 'returned' : 'revoked'
  const saved = await regMove(first, (cur) => {
    const a = decided(cur, action, ctx)
    if (a === 'done') return unchanged
    const text = action === 'approve' ? orgNotices.unitApproved(cur) : action === 'return' ? orgNotices.unitReturned(cur, input.reason!) : orgNotices.unitRevoked(cur, input.reason!)
    return {
      next: {
        ...cur,
        status: to,
        ...(action === 'return' ? { returnReason: input.reason } : {}),
        updatedAt: ctx.now,
        timeline: [...cur.timeline, entry(ctx, a.as, action, { from: cur.status, to, note: input.reason })],
      },
      effects: [
        noticeOf(`unitreg:${cur._id}:${action}:v${cur.version}`, unitAdminsOf(cur), text, UNIT_LINK, ctx.now),
        auditOf(ctx, `unitreg:${cur._id}:${action}:v${cur.version}`, { role: a.as, action: `unit.${action}`, targetType: 'unitRegistration', targetId: cur._id, communityId: cur.communityId, note: input.reason }),
      ],
    }
  })
  return regView(saved, regRelations(saved, ctx.grants))
}
