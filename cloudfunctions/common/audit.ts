// Everything an admin does to someone else's record is kept: who, when, what, why (domain.md).
import { db } from './cloud'
import { isDuplicate } from './errors'

export interface AuditEntry {
  by: string
  role: string
  action: string
  targetType: string
  targetId: string
  communityId?: string
  note?: string
  at: Date
  requestId: string
}

export async function audit(entry: AuditEntry): Promise<void> {
  // The request id makes the entry idempotent under a platform retry of the same invocation.
  try {
    await db.collection('audit').add({ _id: `${entry.targetType}:${entry.targetId}:${entry.action}:${entry.requestId}`, ...entry })
  } catch (err) {
    if (!isDuplicate(err)) throw err
  }
}
