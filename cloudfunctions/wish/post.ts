// 发布微心愿: a resident posts a wish for themselves or their family, or a grid worker / community admin
// posts one for a resident without a phone (audited). The wish's id comes from the caller and the
// client's request key, so a retried submission finds the first wish. Every wish waits for the
// community's review before it reaches the board.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import type { wishApi } from '../../shared/contracts/wish'
import type { Effect } from '../../shared/core/effects'
import { settleWish } from '../../shared/wishes/derive'
import { DEFAULT_WISH_VALUE_CAP, WISH_HOURS, WISH_POINTS } from '../../shared/wishes/rules'
import { wishFields, wishNotes, wishNotices } from '../../shared/wishes/texts'
import { fail } from '../common/errors'
import type { Ctx } from '../common/handler'
import { getBuilding, getCommunity, type CommunityDoc } from '../common/org'
import { create, idFor, unchanged } from '../common/records'
import { ownedFiles } from '../common/files'
import { adminsOf, auditOf, authorize, callerFor, entry, loadWish, notice, REVIEW_LINK, screen, wishMove, WISHES, type WishDoc } from './model'
import { toView } from './view'

/** The community's cap on a wish's estimated value (communities.wishValueCap, else the default). */
function capOf(c: CommunityDoc | null): number {
  const cap = (c as (CommunityDoc & { wishValueCap?: number }) | null)?.wishValueCap
  return typeof cap === 'number' && cap >= 0 ? cap : DEFAULT_WISH_VALUE_CAP
}

function overCap(value: number, cap: number): void {
  if (value > cap) fail('WISH_VALUE_OVER_CAP', { value: wishFields.overCap(cap) })
}

type Post = typeof wishApi.post
export async function post(input: ParsedOf<Post>, ctx: Ctx): Promise<OutputOf<Post>> {
  const user = ctx.user ?? fail('NOT_LOGGED_IN')
  const id = idFor('w', ctx.openid, input.requestKey)
  let communityId: string
  let gridId: string | undefined
  let buildingId: string | undefined
  let address: string
  let onBehalf: WishDoc['onBehalf']
  if (input.onBehalfOf) {
    // A grid worker posts inside the grid they serve; a community admin inside their community.
    const b = await getBuilding(input.onBehalfOf.buildingId)
    if (!b || b.retired) fail('BUILDING_NOT_IN_GRID', { 'onBehalfOf.buildingId': wishFields.buildingOfCommunity })
    const asGrid = ctx.grants.find((g) => g.role === 'gridWorker' && g.communityId === b.communityId && g.gridId === b.gridId)
    const asAdmin = ctx.grants.find((g) => g.role === 'communityAdmin' && g.communityId === b.communityId)
    if (!asGrid && !asAdmin) {
      if (!ctx.grants.some((g) => g.role === 'gridWorker' || g.role === 'communityAdmin')) fail('ROLE_REQUIRED', undefined, wishFields.onBehalfOnly)
      fail('OUT_OF_SCOPE', { 'onBehalfOf.buildingId': ctx.grants.some((g) => g.role === 'gridWorker') ? wishFields.buildingOfGrid : wishFields.buildingOfCommunity })
    }
    onBehalf = { role: asGrid ? 'gridWorker' : 'communityAdmin' }
    communityId = b.communityId
    gridId = b.gridId
    buildingId = b._id
    address = `${b.name} ${input.onBehalfOf.room}`
  } else {
    if (!ctx.grants.some((g) => g.role === 'resident')) fail('ROLE_REQUIRED')
    if (!user.communityId || !user.streetId) fail('PROFILE_INCOMPLETE')
    if (!user.gridId) fail('PROFILE_INCOMPLETE', undefined, wishFields.gridFirst)
    communityId = user.communityId
    gridId = user.gridId
    buildingId = user.buildingId
    const b = buildingId ? await getBuilding(buildingId) : null
    address = [b?.name, user.room].filter(Boolean).join(' ')
  }
  const community = await getCommunity(communityId)
  if (!community || community.retired) fail('COMMUNITY_NOT_FOUND')
  overCap(input.value, capOf(community))
  if (input.photo) ownedFiles(ctx.openid, [input.photo], 'photo')
  const checked = await screen(ctx, { title: input.title, story: input.story, deliveryNote: input.deliveryNote }, input.photo ? { photo: [input.photo] } : undefined)
  const name = input.onBehalfOf?.name ?? user.realName ?? user.nickname
  const phone = input.onBehalfOf ? input.onBehalfOf.phone : user.phone
  const draft: WishDoc = {
    _id: id,
    version: 1,
    outbox: [],
    requestKey: input.requestKey,
    streetId: community.streetId,
    communityId,
    gridId: gridId!,
    ...(buildingId ? { buildingId } : {}),
    ownerId: ctx.openid,
    ...(onBehalf ? { onBehalf } : {}),
    beneficiary: { name, ...(phone ? { phone } : {}), address, type: input.beneficiaryType, ageBand: input.ageBand },
    title: input.title,
    story: input.story,
    category: input.category,
    value: input.value,
    ...(input.photo ? { photo: input.photo } : {}),
    photoConsent: !!input.photo && input.photoConsent,
    photoHidden: false,
    wishedBy: input.wishedBy,
    delivery: input.delivery,
    ...(input.deliveryNote ? { deliveryNote: input.deliveryNote } : {}),
    consent: { at: ctx.now, by: ctx.openid },
    held: checked.held,
    status: 'pending_review',
    points: WISH_POINTS,
    hours: WISH_HOURS,
    claims: [],
    timeline: [],
    createdAt: ctx.now,
    updatedAt: ctx.now,
    people: [],
    parties: [],
  }
  const role = onBehalf?.role ?? 'wisher'
  draft.timeline = [{ ...entry(ctx, role, 'post', draft), from: undefined, to: 'pending_review', ...(onBehalf ? { note: wishNotes.postedFor, publicNote: wishNotes.postedFor } : {}) }]
  const effects: Effect[] = [notice(draft, 'posted', adminsOf(draft), wishNotices.posted(draft), ctx.now, REVIEW_LINK)]
  // Posting in someone else's name is acting on their behalf: kept in the audit trail.
  if (onBehalf) effects.push(auditOf(draft, ctx, onBehalf.role, 'post', wishNotes.postedOnBehalf(input.beneficiaryType)))
  const { doc } = await create(WISHES, { ...settleWish(draft), outbox: effects })
  return toView(doc, await callerFor(ctx, doc.communityId))
}

type Resubmit = typeof wishApi.resubmit
/**
 * Returned for a fix: the wisher edits and sends it again for review. The stored photo stays (with the
 * admin's hiding of it) unless the wisher replaces it with a new upload of their own, checked like a
 * post's, or removes it.
 */
export async function resubmit(input: ParsedOf<Resubmit>, ctx: Ctx): Promise<OutputOf<Resubmit>> {
  const first = await loadWish(input.wishId)
  const caller = await callerFor(ctx, first.communityId)
  const a0 = authorize(first, 'resubmit', caller)
  if (a0 !== 'done') {
    overCap(input.value, capOf(await getCommunity(first.communityId)))
    if (input.photo) ownedFiles(ctx.openid, [input.photo], 'photo')
  }
  const checked = a0 === 'done' ? { held: first.held } : await screen(ctx, { title: input.title, story: input.story, deliveryNote: input.deliveryNote }, input.photo ? { photo: [input.photo] } : undefined)
  const w = await wishMove(first, (cur) => {
    const a = authorize(cur, 'resubmit', caller)
    if (a === 'done') return unchanged
    const kept = !input.photo && !input.removePhoto ? cur.photo : undefined
    const photo = input.photo ?? kept
    const next: WishDoc = {
      ...cur,
      title: input.title,
      story: input.story,
      category: input.category,
      value: input.value,
      photo,
      photoConsent: !!photo && input.photoConsent,
      photoHidden: kept ? cur.photoHidden : false,
      wishedBy: input.wishedBy,
      delivery: input.delivery,
      deliveryNote: input.deliveryNote,
      beneficiary: { ...cur.beneficiary, type: input.beneficiaryType, ageBand: input.ageBand },
      held: checked.held,
      status: 'pending_review',
      returnReason: undefined,
      updatedAt: ctx.now,
      timeline: [...cur.timeline, entry(ctx, a.as, 'resubmit', cur, { to: 'pending_review' })],
    }
    return { next, effects: [notice(cur, `resubmit:v${cur.version}`, adminsOf(cur), wishNotices.resubmitted(next), ctx.now, REVIEW_LINK)] }
  })
  return toView(w, caller)
}

type Withdraw = typeof wishApi.withdraw
/** The wisher takes the wish back (before anyone claims it); an admin taking it down is audited. */
export async function withdraw(input: ParsedOf<Withdraw>, ctx: Ctx): Promise<OutputOf<Withdraw>> {
  const first = await loadWish(input.wishId)
  const caller = await callerFor(ctx, first.communityId)
  const { held } = await screen(ctx, { reason: input.reason })
  const w = await wishMove(first, (cur) => {
    const a = authorize(cur, 'withdraw', caller)
    if (a === 'done') return unchanged
    const t = entry(ctx, a.as, 'withdraw', cur, { to: 'withdrawn', ...(input.reason && !held ? { note: input.reason } : {}) })
    const effects: Effect[] = a.as === 'communityAdmin' ? [auditOf(cur, ctx, a.as, 'withdraw', input.reason)] : [notice(cur, `withdraw:v${cur.version}`, adminsOf(cur), wishNotices.withdrawnAdmin(cur), ctx.now, REVIEW_LINK)]
    return { next: { ...cur, status: 'withdrawn', updatedAt: ctx.now, timeline: [...cur.timeline, t] }, effects }
  })
  return toView(w, caller)
}
