// Who the caller is to a wish, and what each kind of caller may see of it: the fields and the timeline
// alike (个人信息保护法, minimum necessary; the people behind these wishes are children, elders and
// families in difficulty). Pure: the server applies it to every answer, and nothing else decides what
// leaves the server.
//
//   the wisher's side (the poster, the grid worker of the grid, the community's admins): everything;
//   the live claimer: the name, phone, address and delivery instructions — but with 代转交 only where to
//     bring the gift (never the address, the phone or the full name);
//   everyone else (the board, candidates, former claimers, the donor after the confirmation): 张*, the age
//     band, the grid; never the address or phone; the photo only with the wisher's consent, not hidden,
//     and once its check passed; each timeline entry's public note only.
import type { WishCard, WishTimelineView, WishView } from '../contracts/wish'
import { BOARD_STATES, checkWish, WISH_ACTION_LABELS, WISH_ACTIONS, WISH_CLAIM_STATE_LABELS, WISH_STATE_LABELS, type WishAction, type WishRelation } from '../lifecycles/wish'
import { maskName } from '../privacy'
import { hasRole, type Grant } from '../roles'
import { liveClaim } from './derive'
import type { WishClaim, WishDoc } from './model'
import { PROGRESS_LABELS, WISH_ROLE_LABELS, WISH_TIMELINE_LABELS, wishNotes } from './texts'

export interface WishCaller {
  openid: string
  grants: readonly Grant[]
  /** The caller's units that are approved 共建单位 of the wish's community (read by the server). */
  partnerUnits?: readonly string[]
}

/** Whether the caller holds this claim: the person who made it, or (a unit's claim) an admin of the unit. */
export function holds(c: WishClaim, caller: WishCaller): boolean {
  if (c.openid === caller.openid) return true
  return c.as === 'unit' && !!c.unitId && caller.grants.some((g) => g.role === 'unitAdmin' && g.unitId === c.unitId)
}

export function relationsTo(w: WishDoc, caller: WishCaller): WishRelation[] {
  const place = { streetId: w.streetId, communityId: w.communityId, gridId: w.gridId }
  const g = caller.grants
  const out: WishRelation[] = []
  if (w.ownerId === caller.openid) out.push('wisher')
  if (hasRole(g, 'gridWorker', place)) out.push('gridWorker')
  if (hasRole(g, 'communityAdmin', place)) out.push('communityAdmin')
  const live = liveClaim(w)
  if (live && holds(live, caller)) out.push('claimer')
  else if (w.ownerId !== caller.openid && canClaimWish(w, caller)) out.push('candidate')
  return out
}

/** Members and volunteers of the wish's community, and the admins of its partner units. */
export function canClaimWish(w: Pick<WishDoc, 'communityId'>, caller: WishCaller): boolean {
  const place = { communityId: w.communityId }
  if (hasRole(caller.grants, 'member', place) || hasRole(caller.grants, 'volunteer', place)) return true
  return caller.grants.some((g) => g.role === 'unitAdmin' && !!g.unitId && !!caller.partnerUnits?.includes(g.unitId))
}

/** The wisher's side: the poster, the grid worker of the grid, the community's admins. */
export const isWisherSide = (rel: readonly WishRelation[]) => rel.includes('wisher') || rel.includes('gridWorker') || rel.includes('communityAdmin')

/** Whether the wish is on the public board (approved, not withdrawn). */
export const onBoard = (w: Pick<WishDoc, 'status' | 'approvedAt'>) => BOARD_STATES.includes(w.status) && !!w.approvedAt

/** Who may see the wish at all: its side and its live claimer always; everyone else only on the board. */
export function canSeeWish(w: WishDoc, rel: readonly WishRelation[]): boolean {
  return isWisherSide(rel) || rel.includes('claimer') || onBoard(w)
}

/** Whether the photo may be shown to this caller (a temporary link is made only then). */
export function photoShown(w: WishDoc, rel: readonly WishRelation[], passed: ReadonlySet<string>): boolean {
  if (!w.photo) return false
  if (isWisherSide(rel)) return true
  return w.photoConsent && !w.photoHidden && passed.has(w.photo)
}

function donorOf(w: WishDoc): string | undefined {
  const c = liveClaim(w) ?? w.claims.find((x) => x.status === 'confirmed')
  if (!c) return undefined
  return wishNotes.donor(c.as, c.as === 'unit' ? c.unitName ?? '' : maskName(c.name))
}

const iso = (d?: Date | string) => (d ? new Date(d).toISOString() : '')

/** The list card: the same masking as the full view. The photo is a file id here; the server makes the link. */
export function wishCardOf(w: WishDoc, caller: WishCaller, passed: ReadonlySet<string> = new Set(), rel = relationsTo(w, caller)): WishCard {
  const side = isWisherSide(rel)
  const claimer = rel.includes('claimer')
  const progress = onBoard(w) ? (w.progress ?? undefined) : undefined
  const thanksShown = w.thanks && (!w.thanks.held || side || claimer)
  return {
    id: w._id,
    title: w.title,
    story: w.story,
    category: w.category,
    beneficiaryType: w.beneficiary.type,
    ageBand: w.beneficiary.ageBand,
    name: side || (claimer && w.delivery === 'direct') ? w.beneficiary.name : maskName(w.beneficiary.name),
    communityName: '',
    gridName: '',
    value: w.value,
    wishedBy: w.wishedBy,
    status: w.status,
    statusLabel: WISH_STATE_LABELS[w.status],
    ...(progress ? { progress, progressLabel: PROGRESS_LABELS[progress] } : {}),
    ...(photoShown(w, rel, passed) ? { photo: w.photo } : {}),
    ...(donorOf(w) ? { donor: donorOf(w) } : {}),
    ...(thanksShown ? { thanks: w.thanks!.text } : {}),
    delivery: w.delivery,
    createdAt: iso(w.createdAt),
    updatedAt: iso(w.updatedAt),
  }
}

/** The timeline as this caller may read it: notes for the wisher's side (and each author's own), public notes for the rest. */
export function wishTimelineFor(w: WishDoc, rel: readonly WishRelation[], caller: WishCaller): WishTimelineView[] {
  const side = isWisherSide(rel)
  return w.timeline.map((t) => ({
    at: iso(t.at),
    action: t.action,
    label: (WISH_ACTION_LABELS as Record<string, string>)[t.action] ?? WISH_TIMELINE_LABELS[t.action] ?? t.action,
    byRole: WISH_ROLE_LABELS[t.role] ?? '',
    note: side || t.by === caller.openid ? t.note ?? t.publicNote : t.publicNote,
  }))
}

/** The moves the caller can make now (for the buttons), narrowed by what the calls' role gates admit. */
export function allowedFor(w: WishDoc, rel: readonly WishRelation[], callable: (a: WishAction) => boolean = () => true): WishAction[] {
  return WISH_ACTIONS.filter((a) => {
    if (a === 'release' || !callable(a)) return false
    if (a === 'thank' && w.thanks) return false
    if (a === 'claim' && w.held) return false
    return checkWish(w.status, a, rel).ok
  })
}

/** The full view. Photo fields carry file ids the policy let through; the server turns them into links. */
export function wishViewOf(w: WishDoc, caller: WishCaller, passed: ReadonlySet<string> = new Set(), callable?: (a: WishAction) => boolean, gridName = ''): WishView {
  const rel = relationsTo(w, caller)
  const side = isWisherSide(rel)
  const claimer = rel.includes('claimer')
  const direct = w.delivery === 'direct'
  const live = liveClaim(w)
  const mine = [...w.claims].reverse().find((c) => holds(c, caller))
  const b = w.beneficiary
  // The live claimer of a direct delivery gets what they need to deliver; with 代转交, only where to bring it.
  const contact = side || (claimer && direct) ? { name: b.name, ...(b.phone ? { phone: b.phone } : {}), address: b.address } : undefined
  const seesEvidence = side || claimer
  const ev = live?.evidence ?? w.claims.find((c) => c.status === 'confirmed')?.evidence
  return {
    ...wishCardOf(w, caller, passed, rel),
    communityId: w.communityId,
    onBehalf: !!w.onBehalf,
    entitled: !!contact,
    ...(contact ? { contact } : {}),
    ...((side || (claimer && direct)) && w.deliveryNote ? { deliveryNote: w.deliveryNote } : {}),
    ...(!direct && (side || claimer) ? { proxyNote: wishNotes.proxyNote(gridName) } : {}),
    ...(side ? { photoHidden: w.photoHidden, photoConsent: w.photoConsent } : {}),
    ...(live && (side || claimer)
      ? {
          claim: {
            as: live.as,
            name: live.as === 'unit' ? live.unitName ?? '' : side || claimer ? live.name : maskName(live.name),
            ...(side && live.phone ? { phone: live.phone } : {}),
            status: live.status,
            statusLabel: WISH_CLAIM_STATE_LABELS[live.status],
            deadline: iso(live.deadline),
            me: holds(live, caller),
          },
        }
      : {}),
    ...(mine ? { myClaim: mine.status } : {}),
    ...(ev && seesEvidence ? { evidence: { note: ev.note, photos: ev.photos, at: iso(ev.at) } } : {}),
    ...(side && w.returnReason ? { returnReason: w.returnReason } : {}),
    points: w.points,
    hours: w.hours,
    timeline: wishTimelineFor(w, rel, caller),
    allowed: allowedFor(w, rel, callable),
  }
}
