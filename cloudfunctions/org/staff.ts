// 人员任命: staff roles are grants on the person's own user document (shared/roleSchemas.ts, one shape per
// role). A grant is given or taken by one conditional update of that document — it applies only if the
// person does not hold it yet (or holds it), so assigning twice, or twenty times at once, gives one
// grant — with the audit entry (who, why) and the person's notice in its outbox, in the same write.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { GrantView, orgApi, PersonView, StaffRole } from '../../shared/contracts/org'
import type { Effect } from '../../shared/core/effects'
import { maskPhone } from '../../shared/org/policy'
import { orgFields, orgNotes, orgNotices } from '../../shared/org/texts'
import { ASSIGNABLE, type Target } from '../../shared/permissions'
import { ROLE_LABELS, type Grant } from '../../shared/roles'
import type { ValidGrant } from '../../shared/roleSchemas'
import { _, db } from '../common/cloud'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import type { PlaceDoc } from '../../shared/org/model'
import { deliver } from '../common/outbox'
import { getDoc, loadUser, type UserDoc } from '../common/users'
import { allow } from './access'
import { auditOf, noticeOf } from './store'

const SCOPE_KEY: Record<StaffRole, 'gridId' | 'communityId' | 'departmentId' | 'unitId'> = {
  gridWorker: 'gridId',
  communityAdmin: 'communityId',
  department: 'departmentId',
  unitAdmin: 'unitId',
  storeVerifier: 'communityId',
}
const SCOPE_COLLECTION: Record<StaffRole, string> = { gridWorker: 'grids', communityAdmin: 'communities', department: 'departments', unitAdmin: 'units', storeVerifier: 'communities' }

/** The grant a role in a place gives (its role's shape), where it is for scopes, and how it is named. */
async function grantFor(role: StaffRole, scopeId: string): Promise<{ grant: Grant; target: Target; place: PlaceDoc }> {
  const place = (await getDoc<PlaceDoc>(SCOPE_COLLECTION[role], scopeId)) ?? fail('PLACE_NOT_FOUND', { scopeId: orgFields.staffPlaceNotFound })
  const streetId = place.streetId ?? (place.communityId ? (await getDoc<PlaceDoc>('communities', place.communityId))?.streetId : undefined)
  if (role === 'gridWorker') return { grant: { role, streetId, communityId: place.communityId, gridId: place._id }, target: { streetId, communityId: place.communityId, gridId: place._id }, place }
  if (role === 'communityAdmin' || role === 'storeVerifier') return { grant: { role, streetId, communityId: place._id }, target: { streetId, communityId: place._id }, place }
  if (role === 'department') return { grant: { role, streetId, departmentId: place._id }, target: { streetId }, place }
  return { grant: { role, streetId, unitId: place._id }, target: { streetId }, place }
}

/** Refuses a caller whose roles in that place may not give this role (a community admin: grid workers only). */
function mayGive(call: 'assign' | 'revoke', ctx: Ctx, role: StaffRole, target: Target): string {
  const by = allow(call, ctx, target)
  const giver = by.find((g) => ASSIGNABLE[g.role]?.includes(role))
  if (!giver) fail('GRANT_NOT_ASSIGNABLE')
  return giver.role
}

async function nameOf(collection: string, id?: string): Promise<string | undefined> {
  return id ? ((await getDoc<PlaceDoc>(collection, id))?.name ?? id) : undefined
}

async function grantView(g: ValidGrant): Promise<GrantView> {
  const parts = await Promise.all([
    g.role === 'streetAdmin' ? nameOf('streets', g.streetId) : undefined,
    nameOf('communities', g.communityId),
    nameOf('grids', g.gridId),
    nameOf('units', g.unitId),
    nameOf('departments', g.departmentId),
  ])
  return { ...g, label: ROLE_LABELS[g.role], scopeName: parts.filter(Boolean).join(' · ') || '—' }
}

async function personView(u: UserDoc): Promise<PersonView> {
  return {
    id: u._id,
    name: u.realName ?? u.nickname,
    ...(maskPhone(u.phone) ? { phone: maskPhone(u.phone) } : {}),
    ...(u.communityId ? { communityName: await nameOf('communities', u.communityId) } : {}),
    grants: await Promise.all(u.grants.map(grantView)),
  }
}

type FindPerson = typeof orgApi.findPerson
/** A person by their phone, inside the caller's scope (where they live). */
export async function findPerson(input: ParsedOf<FindPerson>, ctx: Ctx): Promise<OutputOf<FindPerson>> {
  const res = await db.collection('users').where({ phone: input.phone }).limit(10).get()
  const found = res.data as UserDoc[]
  if (!found.length) fail('USER_NOT_FOUND', { phone: orgFields.noUserWithPhone })
  for (const u of found) {
    try {
      allow('findPerson', ctx, { streetId: u.streetId, communityId: u.communityId })
    } catch {
      continue
    }
    return personView((await loadUser(u._id)) ?? u)
  }
  fail('OUT_OF_SCOPE')
}

type Assign = typeof orgApi.assign
export async function assign(input: ParsedOf<Assign>, ctx: Ctx): Promise<OutputOf<Assign>> {
  const { grant, target, place } = await grantFor(input.role, input.scopeId)
  const as = mayGive('assign', ctx, input.role, target)
  if (place.retired) fail('PLACE_RETIRED')
  if (!(await getDoc<UserDoc>('users', input.userId))) fail('USER_NOT_FOUND')
  const key = { role: input.role, [SCOPE_KEY[input.role]]: input.scopeId }
  const effects: Effect[] = [
    auditOf(ctx, `grant:${input.userId}:assign:${input.role}:${input.scopeId}:${ctx.requestId}`, {
      role: as,
      action: 'assign',
      targetType: 'user',
      targetId: input.userId,
      communityId: target.communityId,
      note: orgNotes.assigned(input.role, place.name, input.reason),
    }),
    noticeOf(`grant:${input.userId}:assign:${input.role}:${input.scopeId}:${ctx.requestId}`, { ids: [input.userId] }, orgNotices.assigned(input.role, place.name), input.role === 'storeVerifier' ? '/packages/points/admin/index' : '/packages/admin/home/index', ctx.now),
  ]
  // Only a person who does not hold it yet gets it: concurrent and repeated calls give one grant.
  await db
    .collection('users')
    .where({ _id: input.userId, grants: _.not(_.elemMatch(key)) })
    .update({ grants: _.push([grant]), outbox: _.push(effects), updatedAt: ctx.now })
  return afterGrantChange(input.userId)
}

type Revoke = typeof orgApi.revoke
export async function revoke(input: ParsedOf<Revoke>, ctx: Ctx): Promise<OutputOf<Revoke>> {
  const { target, place } = await grantFor(input.role, input.scopeId)
  const as = mayGive('revoke', ctx, input.role, target)
  if (!(await getDoc<UserDoc>('users', input.userId))) fail('USER_NOT_FOUND')
  const key = { role: input.role, [SCOPE_KEY[input.role]]: input.scopeId }
  const effects: Effect[] = [
    auditOf(ctx, `grant:${input.userId}:revoke:${input.role}:${input.scopeId}:${ctx.requestId}`, {
      role: as,
      action: 'revoke',
      targetType: 'user',
      targetId: input.userId,
      communityId: target.communityId,
      note: orgNotes.revoked(input.role, place.name, input.reason),
    }),
    noticeOf(`grant:${input.userId}:revoke:${input.role}:${input.scopeId}:${ctx.requestId}`, { ids: [input.userId] }, orgNotices.revoked(input.role, place.name, input.reason), '/pages/mine/index', ctx.now),
  ]
  // Only a person who holds it loses it: revoking twice is revoking once.
  await db
    .collection('users')
    .where({ _id: input.userId, grants: _.elemMatch(key) })
    .update({ grants: _.pull(key), outbox: _.push(effects), updatedAt: ctx.now })
  return afterGrantChange(input.userId)
}

/** Delivers what the person's outbox holds (this change's effects, or an earlier try's) and answers with the person. */
async function afterGrantChange(userId: string): Promise<PersonView> {
  const raw = (await getDoc<UserDoc & { outbox?: Effect[] }>('users', userId)) ?? fail('USER_NOT_FOUND')
  if (raw.outbox?.length) await deliver('users', raw, raw.outbox)
  return personView((await loadUser(userId)) ?? raw)
}
