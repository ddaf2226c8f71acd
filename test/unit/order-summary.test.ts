// The home summaries' pure rules: the month the figures count (China time), one rule for rates (0/0 is
// "—"), the nearest deadline as a countdown (已超时 once past), and the secretary's one line.
import { countdownText, isSatisfied, monthStart, rateText, todoLine } from '../../shared/orders/summary'

const at = (s: string) => new Date(s)

describe('monthStart', () => {
  it('is the first of the month at midnight in China', () => {
    expect(monthStart(at('2026-11-23T09:00:00+08:00')).toISOString()).toBe(at('2026-11-01T00:00:00+08:00').toISOString())
  })
  it('follows China time across the UTC month end', () => {
    // 2026-12-01 03:00 in China is still 30 November in UTC.
    expect(monthStart(at('2026-12-01T03:00:00+08:00')).toISOString()).toBe(at('2026-12-01T00:00:00+08:00').toISOString())
    expect(monthStart(at('2026-11-30T23:59:59+08:00')).toISOString()).toBe(at('2026-11-01T00:00:00+08:00').toISOString())
    expect(monthStart(at('2027-01-01T00:00:00+08:00')).toISOString()).toBe(at('2027-01-01T00:00:00+08:00').toISOString())
  })
})

describe('rateText', () => {
  it('is "—" when nothing was counted', () => {
    expect(rateText(0, 0)).toBe('—')
  })
  it('is a whole percentage', () => {
    expect(rateText(1, 3)).toBe('33%')
    expect(rateText(2, 3)).toBe('67%')
    expect(rateText(0, 4)).toBe('0%')
    expect(rateText(4, 4)).toBe('100%')
  })
  it('never passes 100% (a closing counted this month of work accepted last month)', () => {
    expect(rateText(5, 4)).toBe('100%')
  })
})

describe('isSatisfied', () => {
  it('is 4 or 5 stars', () => {
    expect([1, 2, 3, 4, 5].map(isSatisfied)).toEqual([false, false, false, true, true])
  })
})

describe('countdownText', () => {
  const now = at('2026-11-23T09:00:00+08:00')
  const plus = (ms: number) => new Date(now.getTime() + ms)
  it('says days and hours, hours and minutes, or minutes', () => {
    expect(countdownText(plus(((2 * 24 + 3) * 60 + 20) * 60_000), now)).toBe('2天3小时')
    expect(countdownText(plus(72 * 60_000), now)).toBe('1小时12分')
    expect(countdownText(plus(8 * 60_000 + 30_000), now)).toBe('8分')
    expect(countdownText(now, now)).toBe('0分')
  })
  it('says 已超时 once the deadline has passed', () => {
    expect(countdownText(plus(-1), now)).toBe('已超时')
    expect(countdownText(plus(-5 * 3600_000).toISOString(), now)).toBe('已超时')
  })
})

describe('todoLine', () => {
  const now = at('2026-11-23T09:00:00+08:00')
  it('names the colour in words and the nearest deadline', () => {
    expect(todoLine({ todo: 4, red: 1, nearestDue: new Date(now.getTime() + 72 * 60_000).toISOString() }, now)).toBe('待处理 4 · 红色 1 · 最近 1小时12分')
  })
  it('leaves the deadline out when nothing waits to be accepted', () => {
    expect(todoLine({ todo: 0, red: 0 }, now)).toBe('待处理 0 · 红色 0')
  })
})
