// Urgency colours and their clocks (四单办结法 网格分色接单). Defaults from domain.md.
export const COLOURS = ['red', 'yellow', 'green'] as const
export type Colour = (typeof COLOURS)[number]

export const COLOUR_LABELS: Record<Colour, string> = { red: '红色·紧急', yellow: '黄色·较急', green: '绿色·一般' }

const HOUR = 3600_000
export const DEFAULT_ACCEPT_SLA_MS: Record<Colour, number> = { red: 2 * HOUR, yellow: 24 * HOUR, green: 72 * HOUR }

/** How long after its deadline an unfinished claim is released (one reminder comes at the deadline). */
export const CLAIM_GRACE_MS = 2 * HOUR
/** How long after closing a resident may say 没解决 and reopen. */
export const REOPEN_WINDOW_MS = 7 * 24 * HOUR
/** How far back similar open orders are offered before a duplicate is submitted. */
export const SIMILAR_WINDOW_MS = 7 * 24 * HOUR

export function acceptDeadline(submittedAt: Date, colour: Colour, sla = DEFAULT_ACCEPT_SLA_MS): Date {
  return new Date(submittedAt.getTime() + sla[colour])
}

/** Inbox order: most urgent colour first, then more people affected, then the one waiting longest. */
export function compareInbox(
  a: { colour: Colour; createdAt: Date | string; priority?: number },
  b: { colour: Colour; createdAt: Date | string; priority?: number },
): number {
  return (
    COLOURS.indexOf(a.colour) - COLOURS.indexOf(b.colour) ||
    (b.priority ?? 0) - (a.priority ?? 0) ||
    new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime()
  )
}

/** Milliseconds left before a deadline (negative when overdue). */
export function slaRemaining(deadline: Date | string, now: Date): number {
  return new Date(deadline).getTime() - now.getTime()
}
