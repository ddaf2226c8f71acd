// Delivers the effects a move wrote into its record's outbox (shared/core/effects.ts). Each effect's
// documents have ids made from the effect's id, so a second delivery (a retry, the sweep) writes nothing
// new. Delivered effects leave the outbox; what fails stays there for the sweep's outbox pass.
import type { Effect, GrantEffect, NoticeEffect, SyncEffect } from '../../shared/core/effects'
import { pointsTexts } from '../../shared/points/texts'
import { applyLedgerEntry } from './balances'
import { _, db } from './cloud'
import { isDuplicate } from './errors'
import { holdersOf } from './org'
import { sendSubscribe } from './subscribe'

/** Adds a document with a deterministic id; false when it was there already (a second delivery). */
async function addOnce(collection: string, doc: Record<string, unknown>): Promise<boolean> {
  try {
    await db.collection(collection).add(doc)
    return true
  } catch (err) {
    if (!isDuplicate(err)) throw err
    return false
  }
}

type Record_ = Record<string, unknown>

async function recipients(n: NoticeEffect, record: Record_): Promise<string[]> {
  const ids = 'ids' in n.to ? n.to.ids : 'field' in n.to ? [String(record[n.to.field] ?? '')] : await holdersOf(n.to.role, Object.fromEntries(Object.entries(n.to.scope).filter(([, v]) => v !== undefined)))
  return [...new Set(ids.filter(Boolean))]
}

const fill = (text: string, record: Record_) => text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(record[k] ?? ''))

/**
 * A role given or taken away, in at most two conditional updates of the user, each safe to repeat: first
 * (only when this source's last applied seq is older) every grant of the role in the community is taken
 * away and the seq recorded; then, for 'add', the grant is put back while the seq is still this one. A
 * late, older effect matches neither; a person who no longer exists matches nothing.
 */
async function applyGrant(e: GrantEffect): Promise<void> {
  const seqField = `grantSeq.${e.source}`
  const users = db.collection('users')
  const same = { role: e.grant.role, communityId: e.grant.communityId }
  await users.where(_.and([{ _id: e.openid }, _.or([{ [seqField]: _.lt(e.seq) }, { [seqField]: _.exists(false) }])])).update({ grants: _.pull(same), [seqField]: e.seq })
  if (e.op === 'add') await users.where({ _id: e.openid, [seqField]: e.seq }).update({ grants: _.addToSet(e.grant) })
}

/** Followers' fields, only where they are older than the move (SyncEffect). */
async function applySync(e: SyncEffect): Promise<void> {
  const set: Record<string, unknown> = { ...e.set, syncSeq: e.seq, version: _.inc(1) }
  for (const k of e.unset ?? []) set[k] = _.remove()
  await db.collection(e.collection).where({ ...e.match, syncSeq: _.lt(e.seq) }).update(set)
}

async function apply(e: Effect, record: Record_, fresh: boolean): Promise<void> {
  if (e.kind === 'notice') {
    const to = await recipients(e, record)
    const title = fill(e.title, record)
    const body = fill(e.body, record)
    await Promise.all(
      to.map(async (openid) => {
        const fresh = await addOnce('notifications', { _id: `${e.id}:${openid}`, openid, type: e.type, title, body, link: e.link, read: false, createdAt: e.at })
        // The subscribe message goes with the first delivery only (a retry finds the inbox notice there).
        if (fresh && e.subscribe) await sendSubscribe(openid, e.subscribe.key, e.subscribe.data, e.link)
      }),
    )
  } else if (e.kind === 'audit') {
    const { kind: _k, id, ...entry } = e
    await addOnce('audit', { _id: id, ...entry })
  } else if (e.kind === 'grant') {
    await applyGrant(e)
  } else if (e.kind === 'sync') {
    await applySync(e)
  } else {
    // Append-only: an entry that exists is kept as it was; the entry and the balance change are one
    // transaction (common/balances.ts), and the earning rules decide what it pays.
    const { kind: _k, ...entry } = e
    const res = await applyLedgerEntry(entry, { fresh })
    if (res.result !== 'applied' && res.result !== 'exists') console.warn(`[outbox] ledger ${e.id}: ${res.result}`)
    // Work the limits paid less for: the person is told why (the source's own notice named what it asked for).
    const capped = res.entry?.capped
    if (capped) {
      const text = pointsTexts.cappedNotice(e.note, res.entry!.points, capped)
      await addOnce('notifications', { _id: `${e.id}:capped`, openid: e.openid, type: 'points', ...text, link: '/packages/points/mine/index', read: false, createdAt: e.at })
    }
  }
}

/**
 * Delivers effects of a record and takes the delivered ones out of its outbox. Never throws: what could
 * not be delivered stays in the outbox and the sweep delivers it. Returns whether all were delivered.
 * `fresh`: the effects were put in the outbox by the write just made (a move's first delivery), so their
 * documents are not looked for before they are written (common/balances.ts applyLedgerEntry).
 */
export async function deliver(collection: string, record: { _id: string }, effects: readonly Effect[], opts: { fresh?: boolean } = {}): Promise<boolean> {
  if (!effects.length) return true
  const recordId = record._id
  const results = await Promise.allSettled(effects.map((e) => apply(e, record as Record_, !!opts.fresh)))
  const done = effects.filter((_e, i) => results[i].status === 'fulfilled').map((e) => e.id)
  for (const r of results) if (r.status === 'rejected') console.warn(`[outbox] ${collection}/${recordId}:`, (r.reason as Error)?.message ?? r.reason)
  if (done.length) {
    try {
      await db.collection(collection).doc(recordId).update({ outbox: _.pull({ id: _.in(done) }) })
    } catch (err) {
      console.warn(`[outbox] ${collection}/${recordId}: could not clear`, (err as Error)?.message ?? err)
      return false
    }
  }
  return done.length === effects.length
}
