// 爱心超市: goods the community's admin keeps (name, image, points price, stock, per-person limit, on/off)
// and redemptions (shared/lifecycles/redemption.ts). A redemption takes two things that live in two
// documents, so it is a record with steps, each safe to repeat and each undone by a step of its own:
//   stock: one conditional update of the goods (`stock > 0` and the redemption not yet holding one):
//          stock never goes below zero, and a repeat finds its hold;
//   points: a ledger entry `store:<redemption>:<person>` applied with the balance in one transaction,
//          refused below zero or past the per-person limit: points are taken exactly once.
// The record is created (placed) before either step, so a call that dies halfway leaves a record the
// timer finishes (pointsSweep); what a rejected or cancelled redemption took is given back by the
// same kind of steps (release the stock, refund the points), again safe to repeat.
import { createHash } from 'node:crypto'
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { GoodsView, pointsApi, RedemptionView } from '../../shared/contracts/points'
import type { Effect } from '../../shared/core/effects'
import type { Reason } from '../../shared/errors'
import { decideRedemption, REDEMPTION_STATE_LABELS, redemptionActions, type RedemptionAction, type RedemptionRelation, type RedemptionState } from '../../shared/lifecycles/redemption'
import { maskName } from '../../shared/privacy'
import { messageFor } from '../../shared/messages'
import { pointsTexts } from '../../shared/points/texts'
import { applyEntry } from '../common/balances'
import { _, db } from '../common/cloud'
import { checkContent, shownImages } from '../common/content'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { pageOver } from '../common/pager'
import { create, idFor, move, unchanged, type Rec } from '../common/records'
import { getDoc } from '../common/users'
import { allowing, POINTS_PERMISSIONS } from '../../shared/permissions'
import { allow, communityOf, communityTarget } from './access'
import { balanceOf } from './balance'

export const GOODS = 'goods'
export const REDEMPTIONS = 'redemptions'

export interface GoodsDoc extends Rec {
  communityId: string
  name: string
  image?: string
  price: number
  stock: number
  limit: number
  on: boolean
  /** Redemptions holding one of the stock (ready ones); a hold is taken once and given back once. */
  holds: string[]
  createdBy: string
  createdAt: Date
  updatedAt: Date
}

type Step = 'release' | 'refund' | 'unhold'

export interface RedemptionDoc extends Rec {
  openid: string
  communityId: string
  goodsId: string
  goodsName: string
  price: number
  limit: number
  status: RedemptionState
  code?: string
  personName?: string
  rejectReason?: Reason
  /** Steps still to do after a move (giving back stock and points); `due` is set while any are left. */
  todo?: Step[]
  due?: Date
  timeline: Array<{ at: Date; action: RedemptionAction | 'place'; by: string; note?: string }>
  createdAt: Date
  updatedAt: Date
}

// ------------------------------------------------------------------------------------------- goods

async function goodsView(g: GoodsDoc, shown?: Set<string>): Promise<GoodsView> {
  const image = g.image && (shown ? shown.has(g.image) : (await shownImages([g.image])).length) ? g.image : undefined
  return { id: g._id, communityId: g.communityId, name: g.name, ...(image ? { image } : {}), price: g.price, stock: g.stock, limit: g.limit, on: g.on, updatedAt: new Date(g.updatedAt).toISOString() }
}

type Goods = typeof pointsApi.goods
export async function goods(input: ParsedOf<Goods>, ctx: Ctx): Promise<OutputOf<Goods>> {
  const communityId = communityOf('goods', ctx, input.communityId)
  const by = allow('goods', ctx, await communityTarget(communityId))
  // Goods that are off the shelf are the admin's to see.
  const all = input.all && by.some((g) => g.role === 'communityAdmin')
  const page = await pageOver<GoodsDoc & Record<string, unknown>>(GOODS, [all ? { communityId } : { communityId, on: true }], { field: 'updatedAt', dir: 'desc', type: 'date' }, input)
  const shown = new Set(await shownImages(page.items.map((g) => g.image).filter((x): x is string => !!x)))
  return { items: await Promise.all(page.items.map((g) => goodsView(g, shown))), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }
}

type SaveGoods = typeof pointsApi.saveGoods
/** New goods (the request key makes the id), or an edit of the admin's community's goods, on its version. */
export async function saveGoods(input: ParsedOf<SaveGoods>, ctx: Ctx): Promise<OutputOf<SaveGoods>> {
  const existing = input.id ? await getDoc<GoodsDoc>(GOODS, input.id) : null
  if (input.id && !existing) fail('GOODS_NOT_FOUND')
  const communityId = existing?.communityId ?? communityOf('saveGoods', ctx, input.communityId)
  allow('saveGoods', ctx, await communityTarget(communityId))
  // The image must be the admin's own upload, and is checked; the name too.
  await checkContent(ctx, { texts: { name: input.name }, images: { image: input.image && input.image !== existing?.image ? [input.image] : [] }, scene: 1 })
  const fields = { name: input.name, price: input.price, stock: input.stock, limit: input.limit, on: input.on, ...(input.image ? { image: input.image } : {}) }
  if (existing) {
    // Redemptions move the stock and the version together, so an edit never overwrites a redemption.
    const saved = await move<GoodsDoc>(GOODS, existing, (cur) => ({ next: { ...cur, ...fields, updatedAt: ctx.now }, effects: [] }), { busy: 'POINTS_CONCURRENT_CHANGE' })
    return goodsView(saved)
  }
  const doc: GoodsDoc = { _id: idFor('gd', ctx.openid, input.requestKey!), version: 1, outbox: [], communityId, ...fields, holds: [], createdBy: ctx.openid, createdAt: ctx.now, updatedAt: ctx.now }
  return goodsView((await create(GOODS, doc)).doc)
}

// ----------------------------------------------------------------------------------------- the steps

/** Takes one of the stock for the redemption (or finds it taken already). */
async function reserve(r: RedemptionDoc): Promise<true | Reason> {
  const res = await db
    .collection(GOODS)
    .where({ _id: r.goodsId, on: true, stock: _.gt(0), holds: _.neq(r._id) })
    .update({ stock: _.inc(-1), holds: _.push([r._id]), version: _.inc(1) })
  if ((res as { updated?: number }).updated === 1) return true
  const g = await getDoc<GoodsDoc>(GOODS, r.goodsId)
  if (g?.holds?.includes(r._id)) return true
  if (!g) return 'GOODS_NOT_FOUND'
  return g.on ? 'GOODS_SOLD_OUT' : 'GOODS_OFF_SHELF'
}

/** Gives the stock back, if the redemption holds one. */
const release = (r: RedemptionDoc) => db.collection(GOODS).where({ _id: r.goodsId, holds: r._id }).update({ stock: _.inc(1), holds: _.pull(r._id), version: _.inc(1) })
/** Lets go of the hold without returning the stock (the goods left the store). */
const unhold = (r: RedemptionDoc) => db.collection(GOODS).where({ _id: r.goodsId, holds: r._id }).update({ holds: _.pull(r._id), version: _.inc(1) })

const debitId = (r: RedemptionDoc) => `store:${r._id}:${r.openid}`

const debit = (r: RedemptionDoc) =>
  applyEntry({ id: debitId(r), openid: r.openid, communityId: r.communityId, sourceType: 'store', sourceId: r._id, points: -r.price, hours: 0, note: pointsTexts.redeem(r.goodsName), at: r.createdAt, hold: { key: r.goodsId, id: r._id, max: r.limit } })

/** The points back (only if they were taken), and the person's place under the limit. */
const refund = (r: RedemptionDoc, at: Date) =>
  applyEntry({ id: `store:${r._id}-refund:${r.openid}`, openid: r.openid, communityId: r.communityId, sourceType: 'store', sourceId: `${r._id}-refund`, points: r.price, hours: 0, note: pointsTexts.refund(r.goodsName), at, requires: debitId(r), release: { key: r.goodsId, id: r._id } })

/** Runs the record's remaining steps, then clears them (only if no move came between). */
export async function runTodo(r: RedemptionDoc, at: Date): Promise<boolean> {
  if (!r.todo?.length) return false
  for (const step of r.todo) {
    if (step === 'release') await release(r)
    else if (step === 'unhold') await unhold(r)
    else await refund(r, at)
  }
  await db.collection(REDEMPTIONS).where({ _id: r._id, version: r.version }).update({ todo: _.remove(), due: _.remove() })
  return true
}

export const pickupCode = (id: string) => String(parseInt(createHash('sha256').update(id).digest('hex').slice(0, 12), 16) % 1e8).padStart(8, '0')

const UNDO: Step[] = ['release', 'refund']

function moved(cur: RedemptionDoc, action: RedemptionAction, as: RedemptionRelation, by: string, at: Date, extra: Partial<RedemptionDoc>): RedemptionDoc {
  const d = decideRedemption(cur.status, action, [as])
  if (!d.ok) fail('REDEMPTION_TRANSITION_NOT_ALLOWED')
  return { ...cur, status: d.to as RedemptionState, updatedAt: at, timeline: [...cur.timeline, { at, action, by }], ...extra }
}

const notice = (r: RedemptionDoc, key: string, title: string, body: string, at: Date): Effect => ({ kind: 'notice', id: `redemption:${r._id}:${key}`, to: { ids: [r.openid] }, type: 'points', title, body, link: '/packages/points/store/index', at })

/**
 * Takes the stock, then the points, then makes the redemption ready with its pickup code; or, when
 * either cannot be taken, gives back what was and rejects it. Safe to run again at any point.
 */
export async function advance(first: RedemptionDoc, at: Date): Promise<RedemptionDoc> {
  if (first.status !== 'placed') {
    if (first.todo?.length) await runTodo(first, at)
    return first
  }
  let refused: Reason | undefined
  const held = await reserve(first)
  if (held !== true) refused = held
  else {
    const res = await debit(first)
    if (res === 'insufficient') refused = 'POINTS_INSUFFICIENT'
    else if (res === 'limit') refused = 'GOODS_LIMIT_REACHED'
    if (refused) await release(first)
  }
  const r = await move<RedemptionDoc>(
    REDEMPTIONS,
    first,
    (cur) => {
      if (cur.status !== 'placed') return unchanged
      if (refused) return { next: moved(cur, 'reject', 'system', 'system', at, { rejectReason: refused, todo: UNDO, due: at }), effects: [] }
      const code = pickupCode(cur._id)
      return { next: moved(cur, 'confirm', 'system', 'system', at, { code, due: undefined }), effects: [notice(cur, 'ready', pointsTexts.readyTitle, pointsTexts.readyBody(cur.goodsName, code), at)] }
    },
    { busy: 'POINTS_CONCURRENT_CHANGE' },
  )
  // Rejected (by this run or another): whatever was taken goes back.
  if (r.todo?.length) await runTodo(r, at)
  return r
}

// ------------------------------------------------------------------------------------- redemptions

/**
 * Who the caller is to a redemption. The store's side ('verifier') is whoever the matrix lets make the
 * call in the redemption's community through a store role: the admins for everything, the 核销员
 * (storeVerifier) for checking off pickups and seeing what they checked; a 核销员 who is also a member
 * there cancels nobody's redemption but their own.
 */
function relationsOf(r: RedemptionDoc, ctx: Pick<Ctx, 'openid' | 'grants'>, call: 'verifyPickup' | 'cancelRedemption' = 'verifyPickup'): RedemptionRelation[] {
  const rel: RedemptionRelation[] = []
  if (r.openid === ctx.openid) rel.push('owner')
  const store = ctx.grants.filter((g) => g.role === 'communityAdmin' || g.role === 'storeVerifier')
  if (allowing(POINTS_PERMISSIONS, call, store, { communityId: r.communityId }).length) rel.push('verifier')
  return rel
}

export function redemptionView(r: RedemptionDoc, ctx: Pick<Ctx, 'openid' | 'grants'>): RedemptionView {
  const rel = relationsOf(r, ctx, 'cancelRedemption')
  // The actions offered are the store's (cancel, by the admins); the pickup's details show to the 核销员 too.
  const sees = relationsOf(r, ctx)
  return {
    id: r._id,
    goodsId: r.goodsId,
    goodsName: r.goodsName,
    price: r.price,
    status: r.status,
    statusLabel: REDEMPTION_STATE_LABELS[r.status],
    ...(r.code && (rel.includes('owner') ? r.status === 'ready' || r.status === 'collected' : r.status === 'collected') ? { code: r.code } : {}),
    ...(sees.includes('verifier') && r.personName ? { personName: maskName(r.personName) } : {}),
    ...(r.rejectReason ? { rejectReason: messageFor(r.rejectReason) } : {}),
    actions: redemptionActions(r.status, rel),
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  }
}

type Redeem = typeof pointsApi.redeem
export async function redeem(input: ParsedOf<Redeem>, ctx: Ctx): Promise<OutputOf<Redeem>> {
  const id = idFor('rd', ctx.openid, input.requestKey)
  let r = await getDoc<RedemptionDoc>(REDEMPTIONS, id)
  if (!r) {
    const g = await getDoc<GoodsDoc>(GOODS, input.goodsId)
    if (!g) fail('GOODS_NOT_FOUND')
    allow('redeem', ctx, await communityTarget(g.communityId))
    if (!g.on) fail('GOODS_OFF_SHELF')
    // What is plainly impossible is refused before anything is written.
    if (g.stock <= 0) fail('GOODS_SOLD_OUT')
    const b = await balanceOf(ctx.openid)
    if (b.points < g.price) fail('POINTS_INSUFFICIENT')
    if ((b.holds?.[g._id]?.length ?? 0) >= g.limit) fail('GOODS_LIMIT_REACHED')
    const doc: RedemptionDoc = {
      _id: id,
      version: 1,
      outbox: [],
      openid: ctx.openid,
      communityId: g.communityId,
      goodsId: g._id,
      goodsName: g.name,
      price: g.price,
      limit: g.limit,
      status: 'placed',
      personName: ctx.user?.realName ?? ctx.user?.nickname,
      due: ctx.now,
      timeline: [{ at: ctx.now, action: 'place', by: ctx.openid }],
      createdAt: ctx.now,
      updatedAt: ctx.now,
    }
    r = (await create(REDEMPTIONS, doc)).doc
  }
  r = await advance(r, ctx.now)
  // Refused on the way (sold out meanwhile, points or the limit): the same answer to every retry.
  if (r.status === 'rejected' && r.rejectReason) fail(r.rejectReason)
  return redemptionView(r, ctx)
}

type Cancel = typeof pointsApi.cancelRedemption
export async function cancelRedemption(input: ParsedOf<Cancel>, ctx: Ctx): Promise<OutputOf<Cancel>> {
  const first = await getDoc<RedemptionDoc>(REDEMPTIONS, input.redemptionId)
  if (!first) fail('REDEMPTION_NOT_FOUND')
  allow('cancelRedemption', ctx, await communityTarget(first.communityId))
  if (!relationsOf(first, ctx, 'cancelRedemption').length) fail('REDEMPTION_NOT_FOUND')
  const r = await move<RedemptionDoc>(
    REDEMPTIONS,
    first,
    (cur) => {
      if (cur.status === 'cancelled') return unchanged
      const rel = relationsOf(cur, ctx, 'cancelRedemption')
      const as = rel.find((x) => decideRedemption(cur.status, 'cancel', [x]).ok) ?? rel[0]
      const next = moved(cur, 'cancel', as, ctx.openid, ctx.now, { todo: UNDO, due: ctx.now })
      return { next, effects: [notice(cur, 'cancelled', pointsTexts.cancelledTitle, pointsTexts.cancelledBody(cur.goodsName, cur.price), ctx.now)] }
    },
    { busy: 'POINTS_CONCURRENT_CHANGE' },
  )
  await runTodo(r, ctx.now)
  return redemptionView(r, ctx)
}

type VerifyPickup = typeof pointsApi.verifyPickup
/** 核销: the verifier types (or scans) the code; the redemption is collected and its hold let go. */
export async function verifyPickup(input: ParsedOf<VerifyPickup>, ctx: Ctx): Promise<OutputOf<VerifyPickup>> {
  const communityId = communityOf('verifyPickup', ctx, input.communityId)
  allow('verifyPickup', ctx, await communityTarget(communityId))
  const res = await db.collection(REDEMPTIONS).where({ communityId, code: input.code }).limit(5).get()
  const found = (res.data as RedemptionDoc[]).sort((a, b) => (a.status === 'ready' ? -1 : b.status === 'ready' ? 1 : 0))[0]
  if (!found || (found.status !== 'ready' && found.status !== 'collected')) fail('PICKUP_CODE_UNKNOWN')
  const r = await move<RedemptionDoc>(
    REDEMPTIONS,
    found,
    (cur) => {
      if (cur.status === 'collected') return unchanged
      if (cur.status !== 'ready') fail('PICKUP_CODE_UNKNOWN')
      return { next: moved(cur, 'collect', 'verifier', ctx.openid, ctx.now, { todo: ['unhold'], due: ctx.now }), effects: [notice(cur, 'collected', pointsTexts.collectedTitle, pointsTexts.collectedBody(cur.goodsName), ctx.now)] }
    },
    { busy: 'POINTS_CONCURRENT_CHANGE' },
  )
  await runTodo(r, ctx.now)
  return redemptionView(r, ctx)
}

type Mine = typeof pointsApi.redemptions
export async function redemptions(input: ParsedOf<Mine>, ctx: Ctx): Promise<OutputOf<Mine>> {
  const page = await pageOver<RedemptionDoc & Record<string, unknown>>(REDEMPTIONS, [{ openid: ctx.openid, ...(input.status ? { status: input.status } : {}) }], { field: 'createdAt', dir: 'desc', type: 'date' }, input)
  return { items: page.items.map((r) => redemptionView(r, ctx)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }
}

type Store = typeof pointsApi.storeRedemptions
export async function storeRedemptions(input: ParsedOf<Store>, ctx: Ctx): Promise<OutputOf<Store>> {
  const communityId = communityOf('storeRedemptions', ctx, input.communityId)
  allow('storeRedemptions', ctx, await communityTarget(communityId))
  const page = await pageOver<RedemptionDoc & Record<string, unknown>>(REDEMPTIONS, [{ communityId, ...(input.status ? { status: input.status } : {}) }], { field: 'createdAt', dir: 'desc', type: 'date' }, input)
  return { items: page.items.map((r) => redemptionView(r, ctx)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }
}
