// The registration's load → decide → persist plumbing (common/records.ts) and its view.
import { createHash } from 'node:crypto'
import type { RegistrationView } from '../../shared/contracts/member'
import { decideRegistration, registrationActions, type RegistrationAction, type RegistrationRelation } from '../../shared/lifecycles/registration'
import { alreadyDid, canRead, relationsTo, type RegistrationDoc } from '../../shared/members/model'
import { memberFields } from '../../shared/members/texts'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getBuilding, getCommunity, getGrid } from '../common/org'
import { move, type Outcome } from '../common/records'
import { getDoc } from '../common/users'

export const REGISTRATIONS = 'registrations'

/** One registration per person per community: its id is made from both. */
export function registrationId(openid: string, communityId: string): string {
  return `r${createHash('sha256').update(`${openid}\u0000${communityId}`).digest('hex').slice(0, 24)}`
}

export async function loadRegistration(id: string): Promise<RegistrationDoc> {
  return (await getDoc<RegistrationDoc>(REGISTRATIONS, id)) ?? fail('REGISTRATION_NOT_FOUND')
}

type Who = Pick<Ctx, 'openid' | 'grants'>

const isAdmin = (ctx: Who) => ctx.grants.some((g) => g.role === 'communityAdmin' || g.role === 'streetAdmin' || g.role === 'unitAdmin')

/** Someone else's registration the caller may not touch: refused as the permission matrix says (PERMISSION_DENIED). */
function denied(ctx: Who): never {
  fail(isAdmin(ctx) ? 'OUT_OF_SCOPE' : 'ROLE_REQUIRED')
}

/** A registration the caller may read (MEMBER_PERMISSIONS.getReport), or the refusal. */
export async function readable(id: string, ctx: Who): Promise<RegistrationDoc> {
  const r = await getDoc<RegistrationDoc>(REGISTRATIONS, id)
  if (!r) fail('REGISTRATION_NOT_FOUND')
  if (canRead(r, ctx)) return r
  denied(ctx)
}

/**
 * Refuses a move the table does not allow, with the reason a person would give; 'done' when this
 * caller's same move already happened (a retry after a lost reply, a double tap).
 */
export function authorize(r: RegistrationDoc, action: RegistrationAction, ctx: Who, system = false): { as: RegistrationRelation } | 'done' {
  const rel: RegistrationRelation[] = system ? ['system'] : relationsTo(r, ctx)
  const d = decideRegistration(r.status, action, rel)
  if (d.ok) return { as: d.as }
  if (alreadyDid(r, action, system ? 'system' : ctx.openid)) return 'done'
  if (d.why === 'state') {
    fail('REGISTRATION_TRANSITION_NOT_ALLOWED', undefined, memberFields.notNow(r.status, action))
  }
  denied(ctx)
}

export function registrationMove(r: RegistrationDoc, decideOn: (cur: RegistrationDoc) => Outcome<RegistrationDoc>): Promise<RegistrationDoc> {
  return move<RegistrationDoc>(REGISTRATIONS, r, decideOn, { busy: 'REGISTRATION_CONCURRENT_CHANGE' })
}

const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : undefined)

/** What the caller sees: the person and the admins everything; a unit admin the member without the held text. */
export async function toView(r: RegistrationDoc, ctx: Who): Promise<RegistrationView> {
  const rel = relationsTo(r, ctx)
  const [community, grid, building] = await Promise.all([getCommunity(r.communityId), getGrid(r.gridId), getBuilding(r.buildingId)])
  const mayHeld = rel.length > 0
  const shown = (field: 'promise' | 'branch' | 'unitName', v: string | undefined) => (v && (mayHeld || !r.held.includes(field)) ? v : undefined)
  return {
    id: r._id,
    type: r.type,
    status: r.status,
    communityId: r.communityId,
    communityName: community?.name,
    gridId: r.gridId,
    gridName: grid?.name,
    buildingId: r.buildingId,
    buildingName: building?.name,
    realName: r.realName,
    phone: r.phone,
    unitId: r.unitId,
    unitName: shown('unitName', r.unitName),
    branch: shown('branch', r.branch),
    skills: r.skills,
    availability: r.availability,
    promise: shown('promise', r.promise),
    held: mayHeld ? r.held : [],
    reason: r.reason,
    replaces: r.replaces,
    submittedAt: iso(r.submittedAt)!,
    approvedAt: iso(r.approvedAt),
    updatedAt: iso(r.updatedAt)!,
    actions: registrationActions(r.status, rel),
    timeline: r.timeline.map((t) => ({ at: iso(t.at)!, action: t.action, to: t.to, note: t.note, byAdmin: t.role === 'communityAdmin' })),
  }
}
