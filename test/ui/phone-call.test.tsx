// Every phone number shown is a control that calls it (issue 12, finding 6): named for screen readers
// (拨打…的电话 138…), and a masked number stays text that calls nobody.
import { fireEvent, render, screen } from '@testing-library/react'
import { PhoneLink } from '../../miniprogram/src/components'
import { OrderDetail } from '../../miniprogram/src/components/order/OrderDetail'
import { aView } from './order-fixtures'
import { taroStub } from './taro-stub'

beforeEach(() => taroStub.reset())

test('on an order, the orderer’s and the claimer’s numbers are buttons that call them', () => {
  const view = aView({
    entitled: true,
    orderer: { name: '王秀兰', phone: '13811112222' },
    claimers: [{ name: '张杰', phone: '13800000006', label: '党员 · 已领单' }],
    slots: 1,
    points: 10,
  })
  render(<OrderDetail view={view} />)
  const orderer = screen.getByRole('button', { name: '拨打王秀兰的电话 13811112222' })
  const claimer = screen.getByRole('button', { name: '拨打张杰的电话 13800000006' })
  fireEvent.click(orderer)
  fireEvent.click(claimer)
  expect(taroStub.recorded.phoneCalls).toEqual(['13811112222', '13800000006'])
})

test('a masked number is shown as text and calls nobody', () => {
  render(<PhoneLink phone='138****2222' name='王*' />)
  expect(screen.queryByRole('button')).toBeNull()
  fireEvent.click(screen.getByText('138****2222'))
  expect(taroStub.recorded.phoneCalls).toEqual([])
})
