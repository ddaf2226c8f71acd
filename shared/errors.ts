// The closed set of error codes every call may answer with (style.md). The domain detail travels in
// `reason`; the sentence a person reads comes from messages.ts, never from the code that failed.
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'FAILED_PRECONDITION',
  'ALREADY_EXISTS',
  'RESOURCE_EXHAUSTED',
  'UNAVAILABLE',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** Every reason the product can give, with the code it belongs to. Reasons are facts, named as such. */
export const REASONS = {
  // transport and wrapper
  BAD_INPUT: 'INVALID_ARGUMENT',
  UNKNOWN_FUNCTION: 'NOT_FOUND',
  UNKNOWN_ACTION: 'NOT_FOUND',
  NOT_LOGGED_IN: 'UNAUTHENTICATED',
  TOKEN_INVALID: 'UNAUTHENTICATED',
  BODY_NOT_JSON: 'INVALID_ARGUMENT',
  ROLE_REQUIRED: 'PERMISSION_DENIED',
  OUT_OF_SCOPE: 'PERMISSION_DENIED',
  TIMER_ONLY: 'PERMISSION_DENIED',
  SERVICE_BUSY: 'UNAVAILABLE',
  INTERNAL_ERROR: 'INTERNAL',
  // the local gateway's edges (localcloud/gateway.ts, localcloud/server.ts)
  PATH_INVALID: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'INVALID_ARGUMENT',
  BODY_TOO_LARGE: 'RESOURCE_EXHAUSTED',
  BODY_TOO_DEEP: 'INVALID_ARGUMENT',
  BODY_ENCODING_UNSUPPORTED: 'INVALID_ARGUMENT',
  HEADERS_TOO_LARGE: 'RESOURCE_EXHAUSTED',
  REQUEST_MALFORMED: 'INVALID_ARGUMENT',
  FILE_NAME_INVALID: 'INVALID_ARGUMENT',
  CROSS_SITE_REFUSED: 'PERMISSION_DENIED',
  CONTENT_TYPE_NOT_JSON: 'PERMISSION_DENIED',
  DEMO_DATA_PREPARING: 'UNAVAILABLE',
  // people and organisation
  USER_NOT_FOUND: 'NOT_FOUND',
  PROFILE_INCOMPLETE: 'FAILED_PRECONDITION',
  COMMUNITY_NOT_FOUND: 'NOT_FOUND',
  GRID_NOT_IN_COMMUNITY: 'INVALID_ARGUMENT',
  BUILDING_NOT_IN_GRID: 'INVALID_ARGUMENT',
  CONTENT_RISKY: 'INVALID_ARGUMENT',
  FILE_NOT_OWNED: 'PERMISSION_DENIED',
  // service orders
  ORDER_NOT_FOUND: 'NOT_FOUND',
  ORDER_TRANSITION_NOT_ALLOWED: 'FAILED_PRECONDITION',
  ORDER_FULL: 'FAILED_PRECONDITION',
  ORDER_ALREADY_CLAIMED_BY_YOU: 'ALREADY_EXISTS',
  ORDER_NOT_CLAIMED_BY_YOU: 'PERMISSION_DENIED',
  ORDER_MEMBERS_ONLY: 'PERMISSION_DENIED',
  ORDER_NOT_YOURS: 'PERMISSION_DENIED',
  ORDER_ALREADY_RATED: 'ALREADY_EXISTS',
  ORDER_REOPEN_WINDOW_PASSED: 'FAILED_PRECONDITION',
  ORDER_ALREADY_JOINED: 'ALREADY_EXISTS',
  ORDER_CATEGORY_UNKNOWN: 'INVALID_ARGUMENT',
  ORDER_CONCURRENT_CHANGE: 'UNAVAILABLE',
  ASSIGNEE_NOT_FOUND: 'NOT_FOUND',
} as const satisfies Record<string, ErrorCode>
export type Reason = keyof typeof REASONS

export interface ErrorBody {
  code: ErrorCode
  reason: Reason
  message: string
  /** Field-level detail for INVALID_ARGUMENT: path → message. */
  fields?: Record<string, string>
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

export function codeOf(reason: Reason): ErrorCode {
  return REASONS[reason]
}
