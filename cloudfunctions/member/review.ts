// The community admin's side of 报到: the queue, one registration, the decision (通过 / 退回 / 撤销), and
// the roster of approved members and volunteers. Every list pages on an index (collections.json).
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { memberApi, RosterItem } from '../../shared/contracts/member'
import type { RegistrationState } from '../../shared/lifecycles/registration'
import { effectsOf, type RegistrationDoc } from '../../shared/members/model'
import { memberFields, memberTexts } from '../../shared/members/texts'
import { maskPhone } from '../../shared/privacy'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getCommunity, getGrid } from '../common/org'
import { pageOver, type Sort } from '../common/pager'
import { unchanged } from '../common/records'
import { getDoc } from '../common/users'
import { authorize, loadRegistration, readable, registrationMove, REGISTRATIONS, toView } from './registrations'

type Review = typeof memberApi.reviewReport
export async function reviewReport(input: ParsedOf<Review>, ctx: Ctx): Promise<OutputOf<Review>> {
  const first = await loadRegistration(input.registrationId)
  const to: RegistrationState = input.decision === 'approve' ? 'approved' : input.decision === 'return' ? 'returned' : 'revoked'
  const r = await registrationMove(first, (cur) => {
    const a = authorize(cur, input.decision, ctx)
    if (a === 'done') return unchanged
    const by = { openid: ctx.openid, role: a.as }
    const t = { at: ctx.now, by: ctx.openid, role: a.as, action: input.decision, from: cur.status, to, ...(input.reason ? { note: input.reason } : {}) }
    const next: RegistrationDoc = {
      ...cur,
      status: to,
      reviewedBy: ctx.openid,
      updatedAt: ctx.now,
      timeline: [...cur.timeline, t],
      ...(to === 'approved' ? { approvedAt: ctx.now } : {}),
    }
    if (to === 'approved') delete next.reason
    else next.reason = input.reason
    return { next, effects: effectsOf(cur, input.decision, by, ctx.now, input.reason) }
  })
  // Moving community: the approval here revokes the approved registration elsewhere. Done on every
  // answer (a retry too), so that a lost reply never leaves two grants.
  if (r.status === 'approved' && r.replaces) await revokeReplaced(r, ctx)
  return toView(r, ctx)
}

async function revokeReplaced(r: RegistrationDoc, ctx: Ctx): Promise<void> {
  const old = await getDoc<RegistrationDoc>(REGISTRATIONS, r.replaces!)
  if (!old || old.openid !== r.openid) return
  const community = await getCommunity(r.communityId)
  const note = memberTexts.movedTo(community?.name)
  await registrationMove(old, (cur) => {
    if (cur.status !== 'approved') return unchanged
    authorize(cur, 'revoke', ctx, true)
    const t = { at: ctx.now, by: 'system', role: 'system' as const, action: 'revoke' as const, from: cur.status, to: 'revoked' as const, note }
    return { next: { ...cur, status: 'revoked', reason: note, updatedAt: ctx.now, timeline: [...cur.timeline, t] }, effects: effectsOf(cur, 'revoke', { openid: 'system', role: 'system' }, ctx.now, note) }
  })
}

type Get = typeof memberApi.getReport
export async function getReport(input: ParsedOf<Get>, ctx: Ctx): Promise<OutputOf<Get>> {
  return toView(await readable(input.registrationId, ctx), ctx)
}

/** The community whose lists the caller asks for: their own as its admin, or one of their street's. */
async function communityInScope(ctx: Ctx, communityId: string | undefined): Promise<string> {
  const admin = ctx.grants.find((g) => g.role === 'communityAdmin' && (!communityId || g.communityId === communityId))
  if (admin?.communityId) return admin.communityId
  const street = ctx.grants.find((g) => g.role === 'streetAdmin')
  if (street && communityId) {
    const c = await getCommunity(communityId)
    if (c && ctx.grants.some((g) => g.role === 'streetAdmin' && g.streetId === c.streetId)) return c._id
  }
  if (street && !communityId) fail('BAD_INPUT', { communityId: memberFields.chooseCommunity })
  fail('OUT_OF_SCOPE')
}

const SUBMITTED_NEWEST: Sort = { field: 'submittedAt', dir: 'desc', type: 'date' }
const SUBMITTED_OLDEST: Sort = { field: 'submittedAt', dir: 'asc', type: 'date' }
const APPROVED_NEWEST: Sort = { field: 'approvedAt', dir: 'desc', type: 'date' }

type Reports = typeof memberApi.reports
/**
 * 报到审核: the pending ones oldest first (a queue); the other tabs newest first; 全部 runs the states one
 * after another, pending first. Each segment is one (communityId, status) prefix of the index.
 */
export async function reports(input: ParsedOf<Reports>, ctx: Ctx): Promise<OutputOf<Reports>> {
  const communityId = await communityInScope(ctx, input.communityId)
  const statuses: RegistrationState[] =
    input.status === 'all' ? ['pending', 'returned', 'approved', 'withdrawn', 'revoked'] : input.status === 'closed' ? ['withdrawn', 'revoked'] : [input.status]
  const sort = input.status === 'pending' ? SUBMITTED_OLDEST : SUBMITTED_NEWEST
  const page = await pageOver<RegistrationDoc & Record<string, unknown>>(REGISTRATIONS, statuses.map((status) => ({ communityId, status })), sort, input)
  return { items: await Promise.all(page.items.map((r) => toView(r, ctx))), nextCursor: page.nextCursor }
}

type Roster = typeof memberApi.roster
/**
 * Approved members and volunteers. A community's admins and its street's admins see the community's,
 * filtered by grid or skill; a unit's admins see the unit's members wherever they reported. Only the
 * admins of the member's community (who dispatch the work) get the phone; others get it masked.
 */
export async function roster(input: ParsedOf<Roster>, ctx: Ctx): Promise<OutputOf<Roster>> {
  let where: Record<string, unknown>
  const unitAdmin = ctx.grants.find((g) => g.role === 'unitAdmin' && (!input.unitId || g.unitId === input.unitId))
  if (input.unitId || (!input.communityId && unitAdmin && !ctx.grants.some((g) => g.role === 'communityAdmin'))) {
    if (!unitAdmin?.unitId) fail(ctx.grants.some((g) => g.role === 'communityAdmin' || g.role === 'streetAdmin' || g.role === 'unitAdmin') ? 'OUT_OF_SCOPE' : 'ROLE_REQUIRED')
    where = { unitId: unitAdmin.unitId, status: 'approved' }
  } else {
    where = { communityId: await communityInScope(ctx, input.communityId), status: 'approved' }
  }
  // One filter narrows on its index (grid first); a second is checked on what it yields.
  if (input.gridId) where.gridId = input.gridId
  if (input.skill) where.skills = input.skill
  const page = await pageOver<RegistrationDoc & Record<string, unknown>>(REGISTRATIONS, [where], APPROVED_NEWEST, input)
  const names = new Map<string, string | undefined>()
  const nameOf = async (kind: 'c' | 'g', id: string) => {
    const key = `${kind}:${id}`
    if (!names.has(key)) names.set(key, (kind === 'c' ? await getCommunity(id) : await getGrid(id))?.name)
    return names.get(key)
  }
  const items: RosterItem[] = []
  for (const r of page.items) {
    const full = ctx.grants.some((g) => g.role === 'communityAdmin' && g.communityId === r.communityId)
    items.push({
      id: r._id,
      openid: r.openid,
      type: r.type,
      realName: r.realName,
      phone: full ? r.phone : maskPhone(r.phone),
      masked: !full,
      communityId: r.communityId,
      communityName: await nameOf('c', r.communityId),
      gridId: r.gridId,
      gridName: await nameOf('g', r.gridId),
      unitId: r.unitId,
      unitName: r.held.includes('unitName') ? undefined : r.unitName,
      branch: r.held.includes('branch') ? undefined : r.branch,
      skills: r.skills,
      availability: r.availability,
      approvedAt: r.approvedAt ? new Date(r.approvedAt).toISOString() : undefined,
    })
  }
  return { items, nextCursor: page.nextCursor }
}
