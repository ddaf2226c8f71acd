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

const DAY = 24 * HOUR
/** The 完成期限 an escalation (吹哨) is given when the community does not choose one: red 1 day, yellow 3, green 7. */
export const DEFAULT_ESCALATION_MS: Record<Colour, number> = { red: DAY, yellow: 3 * DAY, green: 7 * DAY }

/** The 完成期限 of an escalation: the one chosen, else the colour's default from the moment it is called up. */
export function escalationDeadline(at: Date, colour: Colour, chosen?: Date): Date {
  return chosen ?? new Date(at.getTime() + DEFAULT_ESCALATION_MS[colour])
}

/** The states in which an order waits to be accepted, so its acceptance clock runs (submitted, or reopened by 没解决). */
export const ACCEPT_CLOCK_STATES: readonly string[] = ['submitted', 'reopened']

/** Where the acceptance clock starts: when the resident asked (the submission, or 没解决 that reopened it). */
export function acceptClockStart(o: { createdAt: Date | string; reopenedAt?: Date | string }): Date {
  return new Date(o.reopenedAt ?? o.createdAt)
}

/**
 * The acceptance clock runs once per request. Escalating (吹哨) or returning an order never restarts it:
 * the acceptance deadline is set at submission or reopening and kept. An order handed back to 待受理
 * after its deadline passed stays overdue (已超时, it is not given a fresh 24 h), and the timer does not
 * call it up again: it was called up once on this clock (by the community or the timer) and handed back,
 * so it waits in the community's 待处理 marked overdue. Answers when the timer should call the order up,
 * if it should at all.
 */
export function acceptTimerDue(o: {
  status: string
  acceptDeadline: Date | string
  createdAt: Date | string
  reopenedAt?: Date | string
  timeline: readonly { action: string; at: Date | string }[]
}): Date | undefined {
  if (!ACCEPT_CLOCK_STATES.includes(o.status)) return undefined
  const start = acceptClockStart(o).getTime()
  const calledUp = o.timeline.some((t) => t.action === 'escalate' && new Date(t.at).getTime() >= start)
  return calledUp ? undefined : new Date(o.acceptDeadline)
}

/** Whether the acceptance deadline has passed (shown as 已超时 for an order still waiting to be accepted). */
export function acceptOverdue(o: { acceptDeadline: Date | string }, now: Date): boolean {
  return slaRemaining(o.acceptDeadline, now) < 0
}
