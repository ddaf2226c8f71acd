import { fromNow, greeting, formatDateTime } from '../../miniprogram/src/utils/time'
import { addressLine, maskPhone } from '../../miniprogram/src/utils/format'
import { isAdmin, primaryRole, sortRoles } from '../../miniprogram/src/utils/roles'

test('relative times read in Chinese', () => {
  const now = '2025-11-23T15:00:00+08:00'
  expect(fromNow('2025-11-23T12:00:00+08:00', now)).toBe('3小时前')
  expect(fromNow('2025-11-20T15:00:00+08:00', now)).toBe('3天前')
  expect(fromNow('2025-11-23T14:59:30+08:00', now)).toBe('几秒前')
  expect(fromNow('2025-11-23T17:00:00+08:00', now)).toBe('2小时内')
})

test('dates and greetings', () => {
  expect(formatDateTime(new Date(2025, 10, 23, 14, 5))).toBe('2025年11月23日 14:05')
  expect(greeting(new Date(2025, 10, 23, 7))).toBe('早上好')
  expect(greeting(new Date(2025, 10, 23, 15))).toBe('下午好')
  expect(greeting(new Date(2025, 10, 23, 21))).toBe('晚上好')
})

test('phones are masked in the middle', () => {
  expect(maskPhone('13812341234')).toBe('138****1234')
  expect(maskPhone('02588886666')).toBe('*******6666')
  expect(maskPhone('')).toBe('')
})

test('address line skips what is missing', () => {
  expect(addressLine({ communityName: '东山社区', gridName: '第一网格', room: '301' })).toBe('东山社区 · 第一网格 301')
  expect(addressLine({})).toBe('')
})

test('roles: admins, order, and the role a person is listed under', () => {
  expect(isAdmin(['resident', 'member'])).toBe(false)
  expect(isAdmin(['member', 'communityAdmin'])).toBe(true)
  expect(isAdmin(['gridWorker'])).toBe(false)
  expect(sortRoles(['resident', 'member', 'streetAdmin'])).toEqual(['streetAdmin', 'member', 'resident'])
  expect(primaryRole(['resident', 'volunteer'])).toBe('volunteer')
  expect(primaryRole([])).toBe('resident')
})
