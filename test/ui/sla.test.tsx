import { render, screen } from '@testing-library/react'
import { OrderItem } from '../../miniprogram/src/components/order/OrderItem'
import { acceptClock, deadlineClock, durationText, orderClock } from '../../miniprogram/src/utils/sla'
import { aCard } from './order-fixtures'

const now = new Date('2025-11-23T10:00:00+08:00')
const at = (iso: string) => new Date(iso)

describe('durations read the way people say them', () => {
  test.each([
    [30_000, '不到1分钟'],
    [45 * 60_000, '45分钟'],
    [60 * 60_000, '1小时'],
    [80 * 60_000, '1小时20分'],
    [26 * 3600_000, '1天2小时'],
    [72 * 3600_000, '3天'],
    [-2 * 3600_000, '2小时'],
  ])('%i ms → %s', (ms, text) => expect(durationText(ms)).toBe(text))
})

describe('the acceptance countdown', () => {
  test('time left, and red in the last hour', () => {
    expect(acceptClock(at('2025-11-23T11:20:00+08:00'), now)).toEqual({ kind: expect.any(String), text: '受理剩余1小时20分', overdue: false, soon: false })
    expect(acceptClock(at('2025-11-23T10:40:00+08:00'), now)).toEqual({ kind: expect.any(String), text: '受理剩余40分钟', overdue: false, soon: true })
  })

  test('overdue', () => {
    expect(acceptClock(at('2025-11-23T08:00:00+08:00'), now)).toEqual({ kind: expect.any(String), text: '已超时2小时', overdue: true, soon: false })
    expect(acceptClock(at('2025-11-22T07:30:00+08:00'), now)).toMatchObject({ text: '已超时1天2小时', overdue: true })
  })

  test('runs only while the community owes an answer; the work deadline after that; nothing once finished', () => {
    const o = { acceptDeadline: '2025-11-23T11:20:00+08:00', deadline: '2025-11-24T18:00:00+08:00' }
    expect(orderClock({ ...o, status: 'submitted' }, now)?.text).toBe('受理剩余1小时20分')
    expect(orderClock({ ...o, status: 'escalated' }, now)?.text).toBe('受理剩余1小时20分')
    // A reopened order waits for the community again, on a fresh acceptance clock.
    expect(orderClock({ ...o, status: 'reopened' }, now)?.text).toBe('受理剩余1小时20分')
    expect(orderClock({ ...o, status: 'published' }, now)?.text).toBe('还剩32小时')
    expect(orderClock({ ...o, status: 'rated' }, now)).toBeUndefined()
    expect(orderClock({ acceptDeadline: o.acceptDeadline, status: 'accepted' }, now)).toBeUndefined()
  })

  test('an escalated order shows the 完成期限 it was called up with, and keeps it when sent on', () => {
    const o = { acceptDeadline: '2025-11-23T08:00:00+08:00', escalationDeadline: '2025-11-24T18:00:00+08:00' }
    expect(orderClock({ ...o, status: 'escalated' }, now)).toMatchObject({ kind: 'work', text: '还剩32小时' })
    expect(orderClock({ ...o, status: 'dispatched', deadline: '2025-11-30T18:00:00+08:00' }, now)?.text).toBe('还剩32小时')
    // Handed back past its acceptance deadline: still overdue, not a fresh countdown.
    expect(orderClock({ acceptDeadline: o.acceptDeadline, status: 'submitted' }, now)).toMatchObject({ kind: 'accept', text: '已超时2小时', overdue: true })
  })
})

test('time left on a task', () => {
  expect(deadlineClock(at('2025-11-23T15:30:00+08:00'), now).text).toBe('还剩5小时')
  expect(deadlineClock(at('2025-11-26T10:00:00+08:00'), now).text).toBe('还剩3天')
  expect(deadlineClock(at('2025-11-23T10:20:00+08:00'), now)).toEqual({ kind: expect.any(String), text: '还剩20分钟', overdue: false, soon: true })
  expect(deadlineClock(at('2025-11-23T09:00:00+08:00'), now)).toEqual({ kind: expect.any(String), text: '已过期', overdue: true, soon: false })
})

describe('inbox cards', () => {
  test('show the countdown and the orderer', () => {
    render(<OrderItem variant='inbox' now={now} order={aCard({ orderer: { name: '王秀兰' }, acceptDeadline: '2025-11-23T11:20:00+08:00' })} />)
    const clock = screen.getByText('受理剩余1小时20分')
    expect(clock.className).not.toContain('order-item__clock--late')
    expect(screen.getByText('王秀兰')).toBeTruthy()
    expect(screen.getByText('较急')).toBeTruthy()
  })

  test('an overdue order is marked late, in red', () => {
    render(<OrderItem variant='inbox' now={now} order={aCard({ colour: 'red', acceptDeadline: '2025-11-23T08:00:00+08:00', alsoAffected: 2 })} />)
    expect(screen.getByText('已超时2小时').className).toContain('order-item__clock--late')
    expect(screen.getByText('另有2人反映')).toBeTruthy()
  })

  test('task cards show points, places taken, 党员 and time left; my own orders show when I made them', () => {
    const task = aCard({ status: 'published', statusLabel: '待领单', points: 20, slots: 3, taken: 1, membersOnly: true, deadline: '2025-11-23T15:30:00+08:00' })
    const { unmount } = render(<OrderItem variant='task' now={now} order={task} />)
    expect(screen.getByText('20积分')).toBeTruthy()
    expect(screen.getByText('已领 1/3')).toBeTruthy()
    expect(screen.getByText('党员')).toBeTruthy()
    expect(screen.getByText('还剩5小时')).toBeTruthy()
    expect(screen.getByText('王*')).toBeTruthy()
    unmount()

    render(<OrderItem variant='mine' now={now} order={aCard({ createdAt: '2025-11-23T07:00:00+08:00' })} />)
    expect(screen.getByText('3小时前')).toBeTruthy()
    expect(screen.queryByText(/受理剩余/)).toBeNull()
  })
})
