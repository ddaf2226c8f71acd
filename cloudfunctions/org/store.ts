// The org function's plumbing on the consistency core (common/records.ts): audit entries and notices as
// effects written with the move, the timeline entry of a move, and adopting older documents (places
// seeded before they had a version) into versioned moves.
import type { AuditEffect, NoticeEffect, Recipients } from '../../shared/core/effects'
import type { OrgEntry } from '../../shared/org/model'
import { _, db } from '../common/cloud'
import { getDoc } from '../common/users'
import type { Ctx } from '../common/handler'

type Who = Pick<Ctx, 'openid' | 'now'>

export function auditOf(ctx: Who, id: string, a: { role: string; action: string; targetType: string; targetId: string; communityId?: string; note?: string }): AuditEffect {
  return { kind: 'audit', id, by: ctx.openid, at: ctx.now, ...a }
}

export function noticeOf(id: string, to: Recipients, text: { title: string; body: string }, link: string, at: Date): NoticeEffect {
  return { kind: 'notice', id, to, type: 'org', ...text, link, at }
}

export function entry(ctx: Who, role: string, action: string, extra: Partial<OrgEntry> = {}): OrgEntry {
  return { at: ctx.now, by: ctx.openid, role, action, ...extra }
}

/**
 * A document as a versioned record: one written before records had a version (the seeded places) is
 * given version 1 and an empty outbox first, by a write that only applies while it has none, so two
 * callers adopting it at once agree.
 */
export async function adopt<T extends { _id: string; version?: number; outbox?: unknown[] }>(collection: string, id: string): Promise<T | null> {
  const doc = await getDoc<T>(collection, id)
  if (!doc) return null
  if (typeof doc.version === 'number') return { ...doc, outbox: doc.outbox ?? [] }
  await db.collection(collection).where({ _id: id, version: _.exists(false) }).update({ version: 1, outbox: [] })
  return getDoc<T>(collection, id)
}
