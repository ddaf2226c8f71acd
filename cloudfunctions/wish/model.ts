// The wish's load → decide → persist plumbing (common/records.ts): loading, the caller's relations
// (with the partner units read from unit_registrations), the refusal a person would be given, the
// timeline entry and effects of a move, and the one way every move is written.
import type { AuditEffect, NoticeEffect, Recipients } from '../../shared/core/effects'
import type { Grant } from '../../shared/roles'
import { checkWish, type WishAction, type WishRelation, type WishState } from '../../shared/lifecycles/wish'
import { settleWish } from '../../shared/wishes/derive'
import type { WishDoc, WishEntry } from '../../shared/wishes/model'
import { canSeeWish, relationsTo, type WishCaller } from '../../shared/wishes/policy'
import { wishFields } from '../../shared/wishes/texts'
import { _, db } from '../common/cloud'
import { checkContent } from '../common/content'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { move, type Outcome } from '../common/records'
import { getDoc } from '../common/users'
import { registrationId } from '../org/access'

export const WISHES = 'wishes'

export async function loadWish(id: string): Promise<WishDoc> {
  return (await getDoc<WishDoc>(WISHES, id)) ?? fail('WISH_NOT_FOUND')
}

/** The caller's units that are approved 共建单位 of a community (one read by id per unit). */
export async function partnerUnits(ctx: Pick<Ctx, 'grants'>, communityId: string): Promise<string[]> {
  const units = [...new Set(ctx.grants.filter((g) => g.role === 'unitAdmin' && g.unitId).map((g) => g.unitId!))]
  if (!units.length) return []
  const res = await db
    .collection('unit_registrations')
    .where({ _id: _.in(units.map((u) => registrationId(u, communityId))), status: 'approved' })
    .limit(units.length)
    .get()
  return (res.data as Array<{ unitId: string }>).map((r) => r.unitId)
}

/** The caller as the policy sees them for one wish's community. */
export async function callerFor(ctx: Pick<Ctx, 'openid' | 'grants'>, communityId: string): Promise<WishCaller> {
  return { openid: ctx.openid, grants: ctx.grants, partnerUnits: await partnerUnits(ctx, communityId) }
}

/** The state-changing entry this caller made last, if it is the one that left the wish where it is. */
export function alreadyDid(w: WishDoc, action: WishAction, openid: string): boolean {
  for (let i = w.timeline.length - 1; i >= 0; i--) {
    const t = w.timeline[i]
    if (!t.to) continue
    return t.action === action && t.by === openid && t.to === w.status
  }
  return false
}

const ADMINISH = new Set(['communityAdmin', 'streetAdmin'])

/** Not ours to see: an admin elsewhere is told so; anyone else learns nothing about the wish. */
export function hidden(ctx: { grants: readonly Grant[] }): never {
  if (ctx.grants.some((g) => ADMINISH.has(g.role))) fail('OUT_OF_SCOPE')
  fail('WISH_NOT_FOUND')
}

/**
 * Refuses a move the table does not allow, with the reason a person would give. Returns the relation in
 * whose name the move is made; 'done' when this caller's same move already happened (a retry after a
 * lost reply), which the use case answers with ok and the current view.
 */
export function authorize(w: WishDoc, action: WishAction, caller: WishCaller): { as: WishRelation; rel: WishRelation[] } | 'done' {
  const rel = relationsTo(w, caller)
  if (!canSeeWish(w, rel)) hidden(caller)
  const d = checkWish(w.status, action, rel)
  if (d.ok) return { as: d.as, rel }
  if (alreadyDid(w, action, caller.openid)) return 'done'
  if (d.why === 'state') {
    if (action === 'claim') fail('WISH_TAKEN')
    fail('WISH_TRANSITION_NOT_ALLOWED', undefined, wishFields.notNow(w.status, action))
  }
  // An admin of somewhere else is told so before anything about whose the wish is.
  if (caller.grants.some((g) => ADMINISH.has(g.role)) && !rel.length) fail('OUT_OF_SCOPE')
  if (['resubmit', 'withdraw', 'confirm', 'thank'].includes(action)) fail('WISH_NOT_YOURS')
  if (['cancel', 'fulfil'].includes(action)) fail('WISH_NOT_CLAIMED_BY_YOU')
  if (action === 'claim' && w.ownerId === caller.openid) fail('ROLE_REQUIRED', undefined, wishFields.ownWish)
  if (caller.grants.some((g) => ADMINISH.has(g.role)) && !rel.includes('communityAdmin')) fail('OUT_OF_SCOPE')
  fail('ROLE_REQUIRED')
}

export function entry(ctx: { openid: string; now: Date }, role: WishEntry['role'], action: WishEntry['action'], w: Pick<WishDoc, 'status'>, extra: Partial<WishEntry> = {}): WishEntry {
  return { at: ctx.now, by: ctx.openid, role, action, from: w.status, ...extra }
}

export const WISH_LINK = '/packages/wish/detail/index'
export const REVIEW_LINK = '/packages/wish/review/index'

export function notice(w: Pick<WishDoc, '_id'>, key: string, to: Recipients, text: { title: string; body: string }, at: Date, link = WISH_LINK): NoticeEffect {
  return { kind: 'notice', id: `wish:${w._id}:${key}`, to, type: 'wish', ...text, link: `${link}?id=${w._id}`, at }
}

export const adminsOf = (w: Pick<WishDoc, 'communityId'>): Recipients => ({ role: 'communityAdmin', scope: { communityId: w.communityId } })
export const gridWorkersOf = (w: Pick<WishDoc, 'communityId' | 'gridId'>): Recipients => ({ role: 'gridWorker', scope: { communityId: w.communityId, gridId: w.gridId } })

export function auditOf(w: Pick<WishDoc, '_id' | 'communityId' | 'version'>, ctx: Pick<Ctx, 'openid' | 'now'>, role: string, action: string, note?: string): AuditEffect {
  return { kind: 'audit', id: `wish:${w._id}:${action}:v${w.version}`, by: ctx.openid, role, action: `wish.${action}`, targetType: 'wish', targetId: w._id, communityId: w.communityId, note, at: ctx.now }
}

/** A move of a wish: decided on the current wish, its derived fields recomputed, written with its effects. */
export function wishMove(w: WishDoc, decideOn: (cur: WishDoc) => Outcome<WishDoc>): Promise<WishDoc> {
  return move<WishDoc>(
    WISHES,
    w,
    (cur) => {
      const out = decideOn(cur)
      if ('unchanged' in out) return out
      return { next: settleWish(out.next), effects: out.effects }
    },
    { busy: 'WISH_CONCURRENT_CHANGE' },
  )
}

/** The one content rule for a wish call's text and images: risky is refused naming the field, review is held. */
export async function screen(ctx: Pick<Ctx, 'openid' | 'now'>, texts: Record<string, string | undefined>, images?: Record<string, string[]>): Promise<{ held: boolean; fields: Record<string, 'pass' | 'review'> }> {
  const r = await checkContent(ctx, { texts, images, scene: 1 })
  return { held: r.verdict === 'review', fields: r.fields }
}

export type { WishDoc, WishEntry, WishState }
