// Points and service hours are an append-only ledger. The entry's id is its idempotency key (source type
// + source id + person): a retried or double-tapped grant finds its entry there and writes nothing
// (order confirmation writes the entries inside its transaction, see order/resident.ts).

export interface LedgerGrant {
  openid: string
  communityId: string
  sourceType: 'order' | 'wish' | 'activity' | 'store' | 'adjust'
  sourceId: string
  points: number
  hours: number
  note: string
  at: Date
}

export function ledgerId(g: Pick<LedgerGrant, 'sourceType' | 'sourceId' | 'openid'>): string {
  return `${g.sourceType}:${g.sourceId}:${g.openid}`
}
