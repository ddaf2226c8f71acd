import { codeOf, type ErrorBody, type Reason } from '../../shared/errors'
import { messageFor } from '../../shared/messages'

/**
 * An expected failure of a use case. Use cases throw it before they write anything; the handler turns
 * it into the `{ ok: false, error }` envelope, so the mini-program never sees an exception string.
 */
export class Failure extends Error {
  constructor(
    readonly reason: Reason,
    readonly fields?: Record<string, string>,
    /** Overrides the table's sentence when the use case knows better (e.g. names the missing thing). */
    readonly detail?: string,
  ) {
    super(detail ?? messageFor(reason))
    this.name = 'Failure'
  }

  toBody(): ErrorBody {
    return {
      code: codeOf(this.reason),
      reason: this.reason,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
    }
  }
}

export function fail(reason: Reason, fields?: Record<string, string>, detail?: string): never {
  throw new Failure(reason, fields, detail)
}

/** Fails with the reason's own sentence on the field it is about too (找不到该社区 under communityId). */
export function failOn(reason: Reason, field: string): never {
  throw new Failure(reason, { [field]: messageFor(reason) })
}

/** The SDK's error for an insert whose _id exists: with deterministic ids, "already done". */
export function isDuplicate(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'DATABASE_DUPLICATE_WRITE'
}
