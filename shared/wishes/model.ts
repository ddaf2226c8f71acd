// The stored 微心愿. The claim lives inside its wish (like an order's claims), so the wish's state and
// its one live claim change in one conditional write; the fields at the end are derived from the rest on
// every write (./derive.ts) for the indexes in cloudfunctions/collections.json.
import type { Effect } from '../core/effects'
import type { WishAction, WishClaimState, WishRelation, WishState } from '../lifecycles/wish'
import type { Role } from '../roles'
import type { AgeBand, BeneficiaryType, Delivery, WishCategory } from './rules'

export type WishEntryAction = 'post' | 'remind' | WishAction

/** One step of the wish's history. Names never go in it: `by` is an openid, never sent to a client. */
export interface WishEntry {
  at: Date
  by: string
  role: WishRelation | Role
  action: WishEntryAction
  from?: WishState
  to?: WishState
  /** For those entitled to the wish's details (and the entry's author). */
  note?: string
  /** What everyone else who may see the wish reads instead. */
  publicNote?: string
}

export interface WishClaim {
  openid: string
  /** The claimer's name when they claimed: shown to the wisher and the admins, masked to others. */
  name: string
  phone?: string
  as: 'member' | 'volunteer' | 'unit'
  /** A 双报到 unit claims as a unit, through its party organisation's admin. */
  unitId?: string
  unitName?: string
  status: WishClaimState
  claimedAt: Date
  deadline: Date
  remindedAt?: Date
  endedAt?: Date
  /** Why it ended (cancel, revoke, release). */
  reason?: string
  evidence?: { note: string; photos: string[]; at: Date; held: boolean }
}

export interface Beneficiary {
  /** The real name: for the wisher, the admins, the grid worker and the live claimer (not with 代转交). */
  name: string
  phone?: string
  /** Building and room, e.g. 2号楼 1单元302: never on the board; never to the donor with 代转交. */
  address: string
  type: BeneficiaryType
  ageBand: AgeBand
}

export interface WishDoc {
  _id: string
  version: number
  outbox: Effect[]
  requestKey: string
  streetId: string
  communityId: string
  gridId: string
  buildingId?: string
  /** Who posted it: the resident, or the grid worker / admin who posted for one (onBehalf). */
  ownerId: string
  onBehalf?: { role: 'gridWorker' | 'communityAdmin' }
  beneficiary: Beneficiary
  title: string
  story: string
  category: WishCategory
  /** Estimated value in yuan, at most the community's cap. */
  value: number
  /** The photo's file id; shown to others only with photoConsent, not hidden, and once its check passed. */
  photo?: string
  /** The wisher agreed to show the photo (and any face in it) publicly. */
  photoConsent: boolean
  /** Hidden by the admin in review. */
  photoHidden: boolean
  /** 'YYYY-MM-DD', the day the wisher hopes for. */
  wishedBy: string
  /** direct: the donor delivers; proxy (代转交): the grid worker hands it over, the donor never learns the address. */
  delivery: Delivery
  /** Delivery instructions: for the live claimer of a direct delivery, and the wisher's side. */
  deliveryNote?: string
  /** The recorded consent to publish (masked) on the board. */
  consent: { at: Date; by: string }
  /** Text the content check holds: the admin's approval is the look it waits for. */
  held: boolean
  status: WishState
  points: number
  hours: number
  returnReason?: string
  /** Every claim ever made; at most one live (claimed or fulfilled). */
  claims: WishClaim[]
  thanks?: { text: string; held: boolean; at: Date }
  timeline: WishEntry[]
  approvedAt?: Date
  fulfilledAt?: Date
  confirmedAt?: Date
  createdAt: Date
  updatedAt: Date

  // ---- derived on every write (./derive.ts)
  /** The wisher (我的心愿). */
  people: string[]
  /** Everyone who ever claimed it: `p:<openid>`, `unit:<unitId>` (我认领的, a unit's record). */
  parties: string[]
  /** Board filter keys (progress, category, beneficiary type and their combinations), only while on the board. */
  filters?: string[]
  /** Newest approved first, only while on the board. */
  boardRank?: string
  progress?: 'open' | 'claimed' | 'done'
  /** 'YYYY-MM' (Beijing) of the confirmation: the transparency strip counts on it. */
  doneMonth?: string
  /** The live claim's next timer: its reminder, then its release. */
  nextDue?: Date
  /** A fulfilled wish's automatic confirmation (WISH_AUTO_CONFIRM_DAYS after the delivery), while nobody confirmed it. */
  confirmDue?: Date
  /** Whose record the delivered wish counts in (fulfilled or confirmed): `unit:<id>` or `p:<openid>`. */
  credit?: string
}
