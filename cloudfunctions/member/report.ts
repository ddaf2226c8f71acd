// 双报到 and volunteer applications: report (submit, or send again), my registrations, withdraw, and the
// options a form offers. Each move is load → decide (the table via authorize) → persist with its effects.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { memberApi } from '../../shared/contracts/member'
import { DEFAULT_SKILLS, effectsOf, PRIVACY_VERSION, type RegistrationDoc } from '../../shared/members/model'
import { memberFields } from '../../shared/members/texts'
import { FIELD_MESSAGES } from '../../shared/messages'
import { db } from '../common/cloud'
import { checkContent } from '../common/content'
import { fail, failOn } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getBuilding, getCommunity, getGrid, readAll } from '../common/org'
import { create, unchanged } from '../common/records'
import { getDoc } from '../common/users'
import { authorize, loadRegistration, registrationId, registrationMove, REGISTRATIONS, toView } from './registrations'

interface UnitDoc {
  _id: string
  name: string
  streetId: string
  /** Set by the org function's 共建单位 review; units without it predate that review and count as registered. */
  status?: string
}

const isRegisteredUnit = (u: UnitDoc | null): u is UnitDoc => !!u && (u.status === undefined || u.status === 'approved')

export async function skillsOf(communityId: string): Promise<string[]> {
  const c = (await getCommunity(communityId)) as { skills?: string[] } | null
  return c?.skills?.length ? c.skills : [...DEFAULT_SKILLS]
}

/** Personal data is asked only of a person who agreed to the current privacy notice. */
export function requireConsent(ctx: Ctx): void {
  const consent = (ctx.user as { consent?: { version: string } } | null)?.consent
  if (consent?.version !== PRIVACY_VERSION) fail('CONSENT_REQUIRED')
}

type Options = typeof memberApi.reportOptions
export async function reportOptions(input: ParsedOf<Options>, ctx: Ctx): Promise<OutputOf<Options>> {
  const communityId = input.communityId ?? ctx.user?.communityId
  if (!communityId) return { skills: [...DEFAULT_SKILLS], units: [] }
  const community = await getCommunity(communityId)
  if (!community) fail('COMMUNITY_NOT_FOUND')
  const units = (await readAll<UnitDoc>('units', { streetId: community.streetId })).filter(isRegisteredUnit)
  return { communityId, skills: await skillsOf(communityId), units: units.map((u) => ({ id: u._id, name: u.name })) }
}

type Report = typeof memberApi.report
/**
 * Submits a 报到, or sends it again (after a return, a withdrawal, a revocation). The record's id comes
 * from the person and the community, so there is one per person per community whatever the races; the
 * request key tells a retry of the same submission (answered with the record) from a new one.
 */
export async function report(input: ParsedOf<Report>, ctx: Ctx): Promise<OutputOf<Report>> {
  const user = ctx.user ?? fail('NOT_LOGGED_IN')
  requireConsent(ctx)
  const id = registrationId(ctx.openid, input.communityId)
  const existing = await getDoc<RegistrationDoc>(REGISTRATIONS, id)
  // A retry of a submission that was made: its answer, whatever the reply that was lost.
  if (existing?.requestKey === input.requestKey) return toView(existing, ctx)

  if (user.communityId !== input.communityId) fail('REGISTRATION_NOT_YOUR_COMMUNITY', { communityId: memberFields.ownCommunityOnly })
  const [community, grid, building] = await Promise.all([getCommunity(input.communityId), getGrid(input.gridId), getBuilding(input.buildingId)])
  if (!community) failOn('COMMUNITY_NOT_FOUND', 'communityId')
  if (!grid || grid.communityId !== community._id) failOn('GRID_NOT_IN_COMMUNITY', 'gridId')
  if (!building || building.gridId !== grid._id) failOn('BUILDING_NOT_IN_GRID', 'buildingId')
  // A retired place stays on old records but takes no new 报到 (the org function's 撤销).
  if (community.retired) failOn('PLACE_RETIRED', 'communityId')
  if (grid.retired) failOn('PLACE_RETIRED', 'gridId')
  if (building.retired) failOn('PLACE_RETIRED', 'buildingId')
  const offered = await skillsOf(community._id)
  const unknown = input.skills.findIndex((s) => !offered.includes(s))
  if (unknown >= 0) failOn('SKILL_UNKNOWN', `skills.${unknown}`)
  let unitName = input.unitName
  if (input.unitId) {
    const unit = await getDoc<UnitDoc>('units', input.unitId)
    if (!isRegisteredUnit(unit) || unit.streetId !== community.streetId) fail('UNIT_NOT_FOUND', { unitId: FIELD_MESSAGES.partnerUnitNotFound })
    unitName = unit.name
  }
  // One registration waits at a time; an approved one elsewhere is replaced when this one is approved.
  const others = (await db.collection(REGISTRATIONS).where({ openid: ctx.openid }).limit(20).get()).data as RegistrationDoc[]
  if (others.some((o) => o._id !== id && o.status === 'pending')) fail('REGISTRATION_PENDING_ELSEWHERE')
  const replaces = others.find((o) => o._id !== id && o.status === 'approved')?._id

  // The person's own words pass the content rule: risky refused naming the field, review held.
  const texts = { promise: input.promise, branch: input.branch, ...(input.unitId ? {} : { unitName: input.unitName }) }
  const checked = await checkContent(ctx, { texts, scene: 1 })

  const content = {
    type: input.type,
    requestKey: input.requestKey,
    streetId: community.streetId,
    communityId: community._id,
    gridId: grid._id,
    buildingId: building._id,
    realName: input.realName,
    phone: input.phone,
    unitId: input.unitId,
    unitName,
    branch: input.branch,
    skills: input.skills,
    availability: input.availability,
    promise: input.promise,
    held: checked.held,
    replaces,
    reason: undefined,
    submittedAt: ctx.now,
    updatedAt: ctx.now,
  }

  if (!existing) {
    const draft = { _id: id, openid: ctx.openid, status: 'pending', version: 1, createdAt: ctx.now, approvedAt: undefined, outbox: [], timeline: [], ...content } as RegistrationDoc
    draft.timeline = [{ at: ctx.now, by: ctx.openid, role: 'person', action: 'report', to: 'pending' }]
    const doc = clean({ ...draft, outbox: effectsOf(draft, 'report', { openid: ctx.openid, role: 'person' }, ctx.now) })
    const made = await create(REGISTRATIONS, doc)
    if (made.created || made.doc.requestKey === input.requestKey) return toView(made.doc, ctx)
    // Someone else's submission (another request key of the same person) made it first: send again below.
    return resend(made.doc, content, ctx)
  }
  return resend(existing, content, ctx)
}

/** Fields set to undefined are left out of the stored document. */
function clean<T extends object>(doc: T): T {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as T
}

async function resend(first: RegistrationDoc, content: Partial<RegistrationDoc>, ctx: Ctx) {
  const r = await registrationMove(first, (cur) => {
    if (cur.requestKey === content.requestKey) return unchanged
    if (cur.status === 'pending') fail('REGISTRATION_PENDING')
    if (cur.status === 'approved') fail('REGISTRATION_ALREADY_APPROVED')
    const a = authorize(cur, 'resend', ctx)
    if (a === 'done') return unchanged
    const next = clean({ ...cur, ...content, status: 'pending', approvedAt: undefined, timeline: [...cur.timeline, { at: ctx.now, by: ctx.openid, role: a.as, action: 'resend', from: cur.status, to: 'pending' }] }) as RegistrationDoc
    return { next, effects: effectsOf(cur, 'resend', { openid: ctx.openid, role: a.as }, ctx.now) }
  })
  return toView(r, ctx)
}

type Mine = typeof memberApi.myReport
/** The caller's registrations (the person index), the live one first. */
export async function myReport(_input: ParsedOf<Mine>, ctx: Ctx): Promise<OutputOf<Mine>> {
  const res = await db.collection(REGISTRATIONS).where({ openid: ctx.openid }).orderBy('updatedAt', 'desc').limit(20).get()
  const docs = res.data as RegistrationDoc[]
  const live = docs.find((d) => d.status === 'pending' || d.status === 'returned' || d.status === 'approved') ?? docs[0]
  const views = await Promise.all(docs.map((d) => toView(d, ctx)))
  return { current: live ? views[docs.indexOf(live)] : undefined, others: views.filter((_v, i) => docs[i] !== live) }
}

type Withdraw = typeof memberApi.withdrawReport
export async function withdrawReport(input: ParsedOf<Withdraw>, ctx: Ctx): Promise<OutputOf<Withdraw>> {
  const first = await loadRegistration(input.registrationId)
  const r = await registrationMove(first, (cur) => {
    const a = authorize(cur, 'withdraw', ctx)
    if (a === 'done') return unchanged
    const effects = effectsOf(cur, 'withdraw', { openid: ctx.openid, role: a.as }, ctx.now)
    const t = { at: ctx.now, by: ctx.openid, role: a.as, action: 'withdraw' as const, from: cur.status, to: 'withdrawn' as const, note: input.reason }
    return { next: clean({ ...cur, status: 'withdrawn', updatedAt: ctx.now, timeline: [...cur.timeline, clean(t)] }) as RegistrationDoc, effects }
  })
  return toView(r, ctx)
}
