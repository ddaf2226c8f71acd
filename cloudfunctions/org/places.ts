// 组织架构 (street admin): the street's communities, grids and buildings — made, renamed, retired. A
// retired place keeps its id and name (old records still name it) and leaves the pickers. Every change
// is audited with who and why, in the same write as the change.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { orgApi, PlaceKind, PlaceView } from '../../shared/contracts/org'
import type { PlaceDoc } from '../../shared/org/model'
import { orgFields, orgNotes } from '../../shared/org/texts'
import type { Target } from '../../shared/permissions'
import { _, db } from '../common/cloud'
import { checkContent } from '../common/content'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { readAll } from '../common/org'
import { create, idFor, move, unchanged } from '../common/records'
import { getDoc } from '../common/users'
import { allow } from './access'
import { adopt, auditOf } from './store'

export const PLACE_COLLECTION: Record<PlaceKind, string> = { community: 'communities', grid: 'grids', building: 'buildings' }
const PARENT: Record<PlaceKind, 'streets' | 'communities' | 'grids'> = { community: 'streets', grid: 'communities', building: 'grids' }
const PREFIX: Record<PlaceKind, string> = { community: 'cm', grid: 'gd', building: 'bd' }

const iso = (d?: Date | string) => (d ? new Date(d).toISOString() : undefined)

export function placeView(kind: PlaceKind, p: PlaceDoc): PlaceView {
  const parentId = kind === 'community' ? p.streetId : kind === 'grid' ? p.communityId : p.gridId
  return { id: p._id, kind, name: p.name, parentId: parentId ?? '', retired: !!p.retired, ...(p.retiredAt ? { retiredAt: iso(p.retiredAt) } : {}) }
}

/** Where a place is, for scopes: its street and community (buildings seeded without a street get it from their community). */
async function placeTarget(kind: PlaceKind | 'street', p: PlaceDoc): Promise<Target> {
  if (kind === 'street') return { streetId: p._id }
  if (kind === 'community') return { streetId: p.streetId, communityId: p._id }
  if (kind === 'grid') return { streetId: p.streetId, communityId: p.communityId, gridId: p._id }
  const streetId = p.streetId ?? (await getDoc<PlaceDoc>('communities', p.communityId ?? ''))?.streetId
  return { streetId, communityId: p.communityId, gridId: p.gridId }
}

type Tree = typeof orgApi.tree
export async function tree(input: ParsedOf<Tree>, ctx: Ctx): Promise<OutputOf<Tree>> {
  const streetId = input.streetId ?? ctx.grants.find((g) => g.role === 'streetAdmin')?.streetId ?? fail('ROLE_REQUIRED')
  const street = (await getDoc<{ _id: string; name: string }>('streets', streetId)) ?? fail('PLACE_NOT_FOUND')
  allow('tree', ctx, { streetId })
  const communities = await readAll<PlaceDoc>('communities', { streetId })
  const ids = communities.map((c) => c._id)
  const [grids, buildings, units, departments] = await Promise.all([
    ids.length ? readAll<PlaceDoc>('grids', { communityId: _.in(ids) }) : [],
    ids.length ? readAll<PlaceDoc>('buildings', { communityId: _.in(ids) }) : [],
    readAll<PlaceDoc>('units', { streetId }),
    readAll<PlaceDoc>('departments', { streetId }),
  ])
  return {
    street: { id: street._id, name: street.name },
    communities: communities.map((c) => placeView('community', c)),
    grids: grids.map((g) => placeView('grid', g)),
    buildings: buildings.map((b) => placeView('building', b)),
    units: units.map((u) => ({ id: u._id, name: u.name })),
    departments: departments.map((d) => ({ id: d._id, name: d.name })),
  }
}

async function checkName(ctx: Ctx, name: string) {
  const r = await checkContent(ctx, { texts: { name }, scene: 1 })
  // A place's name is shown to everyone at once: a name the checker is unsure of is not used.
  if (r.verdict === 'review') fail('CONTENT_RISKY', { name: orgFields.nameToChange })
}

/** Siblings may not share a name (among places not retired). */
async function nameTaken(kind: PlaceKind, parent: Record<string, string>, name: string, except?: string): Promise<boolean> {
  const res = await db
    .collection(PLACE_COLLECTION[kind])
    .where({ ...parent, name })
    .limit(20)
    .get()
  return (res.data as PlaceDoc[]).some((p) => !p.retired && p._id !== except)
}

const parentField = (kind: PlaceKind) => (kind === 'community' ? 'streetId' : kind === 'grid' ? 'communityId' : 'gridId')

type CreatePlace = typeof orgApi.createPlace
export async function createPlace(input: ParsedOf<CreatePlace>, ctx: Ctx): Promise<OutputOf<CreatePlace>> {
  const parent = (await getDoc<PlaceDoc>(PARENT[input.kind], input.parentId)) ?? fail('PLACE_NOT_FOUND', { parentId: orgFields.parentNotFound })
  const target = await placeTarget(input.kind === 'community' ? 'street' : input.kind === 'grid' ? 'community' : 'grid', parent)
  allow('createPlace', ctx, target)
  if (parent.retired) fail('PLACE_RETIRED', { parentId: orgFields.parentRetired })
  const id = idFor(PREFIX[input.kind], ctx.openid, input.requestKey)
  const existing = await getDoc<PlaceDoc>(PLACE_COLLECTION[input.kind], id)
  if (existing) return placeView(input.kind, existing)
  if (await nameTaken(input.kind, { [parentField(input.kind)]: input.parentId }, input.name)) fail('BAD_INPUT', { name: orgFields.nameTaken(input.kind) })
  await checkName(ctx, input.name)
  const where =
    input.kind === 'community'
      ? { streetId: parent._id }
      : input.kind === 'grid'
        ? { streetId: target.streetId, communityId: parent._id }
        : { streetId: target.streetId, communityId: parent.communityId, gridId: parent._id }
  const doc: PlaceDoc = {
    _id: id,
    name: input.name,
    ...where,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    version: 1,
    outbox: [
      auditOf(ctx, `place:${id}:create`, { role: 'streetAdmin', action: 'createPlace', targetType: input.kind, targetId: id, communityId: target.communityId ?? (input.kind === 'community' ? id : undefined), note: orgNotes.placeCreated(input.kind, input.name) }),
    ],
  }
  const { doc: saved } = await create(PLACE_COLLECTION[input.kind], doc)
  return placeView(input.kind, saved)
}

/** The place and where it is, once the caller may act on it (adopting an older document only then). */
async function loadPlace(call: 'renamePlace' | 'retirePlace', kind: PlaceKind, id: string, ctx: Ctx): Promise<{ first: PlaceDoc; target: Target }> {
  const raw = (await getDoc<PlaceDoc>(PLACE_COLLECTION[kind], id)) ?? fail('PLACE_NOT_FOUND')
  const target = await placeTarget(kind, raw)
  allow(call, ctx, target)
  return { first: (await adopt<PlaceDoc>(PLACE_COLLECTION[kind], id)) ?? fail('PLACE_NOT_FOUND'), target }
}

type RenamePlace = typeof orgApi.renamePlace
export async function renamePlace(input: ParsedOf<RenamePlace>, ctx: Ctx): Promise<OutputOf<RenamePlace>> {
  const { first, target } = await loadPlace('renamePlace', input.kind, input.id, ctx)
  if (first.name !== input.name) {
    const parentId = (first as unknown as Record<string, string>)[parentField(input.kind)]
    if (await nameTaken(input.kind, { [parentField(input.kind)]: parentId }, input.name, first._id)) fail('BAD_INPUT', { name: orgFields.nameTaken(input.kind) })
    await checkName(ctx, input.name)
  }
  const saved = await move<PlaceDoc>(
    PLACE_COLLECTION[input.kind],
    first,
    (cur) => {
      if (cur.name === input.name) return unchanged
      if (cur.retired) fail('PLACE_RETIRED')
      const note = orgNotes.placeRenamed(cur.name, input.name)
      return {
        next: { ...cur, name: input.name, updatedAt: ctx.now },
        effects: [auditOf(ctx, `place:${cur._id}:rename:v${cur.version}`, { role: 'streetAdmin', action: 'renamePlace', targetType: input.kind, targetId: cur._id, communityId: target.communityId, note })],
      }
    },
    { busy: 'ORG_CONCURRENT_CHANGE' },
  )
  return placeView(input.kind, saved)
}

type RetirePlace = typeof orgApi.retirePlace
export async function retirePlace(input: ParsedOf<RetirePlace>, ctx: Ctx): Promise<OutputOf<RetirePlace>> {
  const { first, target } = await loadPlace('retirePlace', input.kind, input.id, ctx)
  const saved = await move<PlaceDoc>(
    PLACE_COLLECTION[input.kind],
    first,
    (cur) => {
      // Retiring twice is retiring once; the first reason stands.
      if (cur.retired) return unchanged
      return {
        next: { ...cur, retired: true, retiredAt: ctx.now, retiredBy: ctx.openid, retireReason: input.reason, updatedAt: ctx.now },
        effects: [auditOf(ctx, `place:${cur._id}:retire:v${cur.version}`, { role: 'streetAdmin', action: 'retirePlace', targetType: input.kind, targetId: cur._id, communityId: target.communityId, note: input.reason })],
      }
    },
    { busy: 'ORG_CONCURRENT_CHANGE' },
  )
  return placeView(input.kind, saved)
}
