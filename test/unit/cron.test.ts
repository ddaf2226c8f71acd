import { parseCron } from '../../localcloud/cron'

it('matches CloudBase 7-field timer crons', () => {
  const every5min = parseCron('0 */5 * * * * *')
  expect(every5min(new Date(2026, 10, 23, 9, 15, 0))).toBe(true)
  expect(every5min(new Date(2026, 10, 23, 9, 16, 0))).toBe(false)
  expect(every5min(new Date(2026, 10, 23, 9, 15, 1))).toBe(false)
  const nineOnWeekdays = parseCron('0 0 9 * * 1-5 *')
  expect(nineOnWeekdays(new Date(2026, 10, 23, 9, 0, 0))).toBe(true) // a Monday
  expect(nineOnWeekdays(new Date(2026, 10, 22, 9, 0, 0))).toBe(false) // a Sunday
  expect(() => parseCron('*/5 * * * *')).toThrow(/7 cron fields/)
})
