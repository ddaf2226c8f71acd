import { View } from '@tarojs/components'
import type { OrderCard } from '@shared/contracts/order'
import { Card, Tag } from '..'
import { fromNow } from '../../utils/time'
import { deadlineClock, orderClock, workDeadline, WORK_CLOCK_STATES } from '../../utils/sla'
import { ColourDot } from './ColourDot'
import { cardTone, COLOUR_SHORT } from './labels'
import './order.css'

export type OrderItemVariant = 'mine' | 'task' | 'inbox'

function placeOf(o: OrderCard, withCommunity: boolean): string {
  return [withCommunity ? o.communityName : '', o.gridName, o.buildingName].filter(Boolean).join(' · ')
}

/**
 * One order in a list. 'mine': what I ordered. 'task': the hall and my tasks (masked name, place,
 * points, places taken, 党员, time left). 'inbox': the worker's list (acceptance countdown).
 */
export function OrderItem({ order: o, variant, now = new Date(), onClick }: { order: OrderCard; variant: OrderItemVariant; now?: Date; onClick?: () => void }) {
  const due = workDeadline(o)
  const clock =
    variant === 'inbox'
      ? orderClock(o, now)
      : variant === 'task' && due && (WORK_CLOCK_STATES.includes(o.status) || o.status === 'escalated')
        ? deadlineClock(due, now)
        : undefined
  return (
    <Card className={`order-item order-item--${variant}`} onClick={onClick}>
      <View className='order-item__head'>
        <ColourDot colour={o.colour} />
        <View className='order-item__category'>{o.category}</View>
        {variant !== 'mine' && <View className={`order-item__urgency order-item__urgency--${o.colour}`}>{COLOUR_SHORT[o.colour]}</View>}
        {o.membersOnly && variant !== 'mine' && (
          <Tag tone='red' solid className='order-item__party'>
            党员
          </Tag>
        )}
        <View className='order-item__spacer' />
        <Tag tone={cardTone(o)} className='order-item__status'>
          {o.statusLabel}
        </Tag>
      </View>
      <View className='order-item__text'>{o.text}</View>
      {/* Points and places belong to work members take; a unit's or department's order has neither. */}
      {variant === 'task' && !o.sentTo && (
        <View className='order-item__facts'>
          <View className='order-item__fact order-item__fact--points'>{o.points}积分</View>
          <View className='order-item__fact'>
            已领 {o.taken}/{o.slots}
          </View>
          {o.hours > 0 && <View className='order-item__fact'>{o.hours}小时</View>}
        </View>
      )}
      <View className='order-item__foot'>
        <View className='order-item__place'>
          {variant !== 'mine' && o.orderer.name && <View className='order-item__who'>{o.orderer.name}</View>}
          {placeOf(o, variant === 'inbox')}
        </View>
        {clock ? (
          <View className={`order-item__clock${clock.overdue || clock.soon ? ' order-item__clock--late' : ''}`}>{clock.text}</View>
        ) : (
          <View className='order-item__time'>{fromNow(o.createdAt, now)}</View>
        )}
      </View>
      {variant === 'inbox' && (o.alsoAffected > 0 || o.held) && (
        <View className='order-item__notes'>
          {o.alsoAffected > 0 && <Tag tone='gold'>另有{o.alsoAffected}人反映</Tag>}
          {o.held && <Tag tone='gray'>内容待审核</Tag>}
        </View>
      )}
    </Card>
  )
}

