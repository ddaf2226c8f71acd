// The acceptance clock and the 完成期限 of an escalation as pure rules (shared/rules/sla.ts).
import { acceptClockStart, acceptOverdue, acceptTimerDue, DEFAULT_ESCALATION_MS, escalationDeadline } from '../../shared/rules/sla'

const at = (s: string) => new Date(s)
const base = { status: 'submitted', createdAt: at('2025-11-23T08:00:00Z'), acceptDeadline: at('2025-11-24T08:00:00Z'), timeline: [] as { action: string; at: Date }[] }

describe('the acceptance clock', () => {
  it('starts at the submission, or at the reopening', () => {
    expect(acceptClockStart(base)).toEqual(base.createdAt)
    expect(acceptClockStart({ ...base, reopenedAt: at('2025-11-30T08:00:00Z') })).toEqual(at('2025-11-30T08:00:00Z'))
  })

  it('the timer calls an order up at its deadline while it waits and was not called up on this clock', () => {
    expect(acceptTimerDue(base)).toEqual(base.acceptDeadline)
    expect(acceptTimerDue({ ...base, status: 'reopened' })).toEqual(base.acceptDeadline)
    expect(acceptTimerDue({ ...base, status: 'accepted' })).toBeUndefined()
    expect(acceptTimerDue({ ...base, status: 'escalated' })).toBeUndefined()
  })

  it('an order handed back after a call-up is not called up again on the same clock', () => {
    const returned = { ...base, timeline: [{ action: 'escalate', at: at('2025-11-23T09:00:00Z') }, { action: 'return', at: at('2025-11-25T09:00:00Z') }] }
    expect(acceptTimerDue(returned)).toBeUndefined()
    // It stays overdue: no fresh 24 h.
    expect(acceptOverdue(returned, at('2025-11-25T09:00:00Z'))).toBe(true)
    expect(acceptOverdue(returned, at('2025-11-24T07:59:00Z'))).toBe(false)
  })

  it('a reopening starts a new clock, on which a call-up before it does not count', () => {
    const reopened = { ...base, status: 'reopened', reopenedAt: at('2025-12-01T08:00:00Z'), acceptDeadline: at('2025-12-02T08:00:00Z'), timeline: [{ action: 'escalate', at: at('2025-11-23T09:00:00Z') }] }
    expect(acceptTimerDue(reopened)).toEqual(at('2025-12-02T08:00:00Z'))
  })
})

describe('the 完成期限 of an escalation', () => {
  it('is the one chosen, else the colour default from the call-up', () => {
    const now = at('2025-11-23T08:00:00Z')
    const chosen = at('2025-11-26T10:00:00Z')
    expect(escalationDeadline(now, 'green', chosen)).toEqual(chosen)
    expect(escalationDeadline(now, 'red').getTime()).toBe(now.getTime() + DEFAULT_ESCALATION_MS.red)
    expect(DEFAULT_ESCALATION_MS.red).toBeLessThan(DEFAULT_ESCALATION_MS.yellow)
    expect(DEFAULT_ESCALATION_MS.yellow).toBeLessThan(DEFAULT_ESCALATION_MS.green)
  })
})
