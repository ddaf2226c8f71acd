// Points and service hours are an append-only ledger. The entry's id is its idempotency key (source type
// + source id + person), so a retried or double-tapped grant is written once: the second insert is a
// duplicate and is treated as already done.
import { db } from './cloud'

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

/** Returns true when this call wrote the entry, false when it was already there. */
export async function grant(g: LedgerGrant): Promise<boolean> {
  try {
    await db.collection('ledger').add({ _id: ledgerId(g), ...g, official: true })
    return true
  } catch (err) {
    if ((err as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE') return false
    throw err
  }
}
