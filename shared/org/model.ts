// The stored records of the org function. Each has a version (the condition of every move) and an
// outbox (the effects written with the move), like orders (shared/orders/model.ts).
import type { Effect } from '../core/effects'
import type { NeedState, ResourceItem } from '../contracts/org'
import type { ProjectState } from '../lifecycles/project'
import type { UnitRegState } from '../lifecycles/unitRegistration'

/** One step of a record's history: who, as what, did what, from where to where, and why. */
export interface OrgEntry {
  at: Date
  by: string
  role: string
  action: string
  from?: string
  to?: string
  note?: string
}

interface Versioned {
  _id: string
  version: number
  outbox: Effect[]
}

export interface UnitRegDoc extends Versioned {
  unitId: string
  unitName: string
  /** The community's street; a unit registers only inside its own street. */
  streetId: string
  communityId: string
  communityName: string
  status: UnitRegState
  contactName: string
  contactPhone: string
  intro?: string
  resources: ResourceItem[]
  /** The number of the next resource id (r1, r2, …): ids are never reused. */
  nextResourceNo: number
  returnReason?: string
  /** Text the content check holds for a person's look. */
  held: boolean
  by: string
  timeline: OrgEntry[]
  createdAt: Date
  updatedAt: Date
}

export interface NeedDoc extends Versioned {
  streetId: string
  communityId: string
  title: string
  detail?: string
  category?: string
  source: 'admin' | 'order'
  orderId?: string
  status: NeedState
  held: boolean
  by: string
  createdAt: Date
  updatedAt: Date
}

export interface ProjectDoc extends Versioned {
  streetId: string
  communityId: string
  communityName: string
  title: string
  plan?: string
  needId: string
  needTitle: string
  registrationId: string
  resourceId: string
  resourceTitle: string
  unitId: string
  unitName: string
  status: ProjectState
  /** Shown on the residents' board: not held by the content check, not cancelled. */
  public: boolean
  held: boolean
  by: string
  timeline: OrgEntry[]
  createdAt: Date
  updatedAt: Date
  doneAt?: Date
}

/** A community, grid or building, as stored (older documents have no version until their first move). */
export interface PlaceDoc extends Versioned {
  name: string
  streetId?: string
  communityId?: string
  gridId?: string
  retired?: boolean
  retiredAt?: Date
  retiredBy?: string
  retireReason?: string
  createdAt?: Date
  updatedAt?: Date
}

export const COLLECTIONS = {
  unitRegistrations: 'unit_registrations',
  needs: 'needs',
  projects: 'projects',
} as const
