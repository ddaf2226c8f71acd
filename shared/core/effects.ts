// What a move causes besides the record's own change, declared by the domain and written with the move
// (in the record's outbox, in the same write) and delivered idempotently afterwards: each effect has a
// deterministic id, and each document it writes has an id made from it, so delivering twice writes once.

/**
 * Who a notice goes to: named people, whoever holds a role in a scope when it is delivered, or the person
 * a field of the record names (for moves written without reading the record first).
 */
export type Recipients = { ids: string[] } | { role: string; scope: Record<string, string | undefined> } | { field: string }

export interface NoticeEffect {
  kind: 'notice'
  id: string
  to: Recipients
  type: string
  /** `{{field}}` in the title and body is filled from the record when the notice is delivered. */
  title: string
  body: string
  link?: string
  at: Date
  /** Also as a WeChat subscribe message, to those who agreed to this template (one accept, one message). */
  subscribe?: { key: import('../notify/subscribe').SubscribeKey; data: Record<string, { value: string }> }
}

export interface AuditEffect {
  kind: 'audit'
  id: string
  by: string
  role: string
  action: string
  targetType: string
  targetId: string
  communityId?: string
  note?: string
  at: Date
}

export interface LedgerEffect {
  kind: 'ledger'
  /** The idempotency key: source type + source id + person. */
  id: string
  openid: string
  communityId: string
  sourceType: 'order' | 'wish' | 'activity' | 'store' | 'adjust'
  sourceId: string
  points: number
  hours: number
  note: string
  at: Date
  /** The resident the work was for (an order's orderer): the earning rules' cool-down is per pair. */
  counterpart?: string
  /** Apply the earning limits (shared/points/rules.ts: the daily cap, the cool-down per pair). */
  limited?: boolean
  /**
   * The unit (双报到) the work counts for in the unit ranking, when the source knows it (an order's claim
   * keeps the claimer's unit): null for none. Absent: the person's unit is looked up when the entry is written.
   */
  unitId?: string | null
}

/**
 * A role given or taken away on the person's user document (an approved 报到, a withdrawal, a revocation).
 * `source` names the record that decides it and `seq` the record's version after the move: the user keeps
 * the seq last applied per source, so an older effect delivered late never undoes a newer one.
 */
export interface GrantEffect {
  kind: 'grant'
  id: string
  openid: string
  /** 'add' writes the grant (replacing any of the same role in the same community); 'remove' takes those away. */
  op: 'add' | 'remove'
  grant: { role: 'member' | 'volunteer'; communityId: string; streetId: string; unitId?: string }
  source: string
  seq: number
  at: Date
}

/**
 * Fields of documents that follow a record (an activity's places → each person's sign-up), written where
 * `match` holds and the document's `syncSeq` is older than `seq` (the record's version after the move):
 * a late delivery never undoes a newer one, and a second delivery writes nothing.
 */
export interface SyncEffect {
  kind: 'sync'
  id: string
  collection: string
  match: Record<string, string>
  seq: number
  set: Record<string, unknown>
  /** Fields to take away. */
  unset?: string[]
  at: Date
}

export type Effect = NoticeEffect | AuditEffect | LedgerEffect | GrantEffect | SyncEffect

export const ledgerKey = (sourceType: LedgerEffect['sourceType'], sourceId: string, openid: string) => `${sourceType}:${sourceId}:${openid}`
