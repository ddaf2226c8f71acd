import { CODE_MESSAGES, REASON_MESSAGES } from '@shared/messages'
import { ERROR_CODES, REASONS, type ErrorBody, type ErrorCode, type Reason } from '@shared/errors'

/** A failed call, as the backend (or the transport itself) described it. Pages show `message`. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly reason: Reason
  readonly fields?: Record<string, string>

  constructor(code: ErrorCode, reason: Reason, message?: string, fields?: Record<string, string>) {
    super(message || REASON_MESSAGES[reason] || CODE_MESSAGES[code])
    // Babel's ES5 output for the old WeChat base libraries loses the prototype of Error subclasses.
    Object.setPrototypeOf(this, ApiError.prototype)
    this.name = 'ApiError'
    this.code = code
    this.reason = reason
    if (fields) this.fields = fields
  }

  static fromBody(body: ErrorBody): ApiError {
    // A code outside the closed set would leave pages without a message for it.
    const known = (ERROR_CODES as readonly string[]).includes(body.code)
    const code = known ? body.code : 'INTERNAL'
    const reason = known && body.reason in REASONS ? body.reason : codeReason(code)
    return new ApiError(code, reason, body.message, body.fields)
  }
}

/** The generic reason of a code, for when the backend named none we know. */
function codeReason(code: ErrorCode): Reason {
  const generic = (Object.keys(REASONS) as Reason[]).find((r) => REASONS[r] === code)
  return generic ?? 'INTERNAL_ERROR'
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError || (!!e && (e as { name?: string }).name === 'ApiError')
}

/** The network did not answer (offline, timeout, gateway down). */
export function unavailable(): ApiError {
  return new ApiError('UNAVAILABLE', 'SERVICE_BUSY', REASON_MESSAGES.SERVICE_BUSY)
}

/** Anything thrown that is not an ApiError becomes the generic INTERNAL one, so pages have one shape. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e
  return new ApiError('INTERNAL', 'INTERNAL_ERROR', REASON_MESSAGES.INTERNAL_ERROR)
}
