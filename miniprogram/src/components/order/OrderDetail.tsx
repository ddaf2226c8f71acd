import { View } from '@tarojs/components'
import type { OrderView } from '@shared/contracts/order'
import { Card, Cell, PhoneLink, PhotoGrid, Stars, Tag } from '..'
import { dayjs, formatDateTime, fromNow } from '../../utils/time'
import { orderClock } from '../../utils/sla'
import { ColourDot } from './ColourDot'
import { colourLabel } from './labels'
import { Timeline } from './Timeline'
import './order.css'

const ASSIGNEE_KIND = { member: '党员', unit: '单位', department: '职能部门' } as const

function windowText(t: { from: string; to: string }): string {
  const from = dayjs(t.from)
  const to = dayjs(t.to)
  const day = from.format('M月D日')
  return from.isSame(to, 'day') ? `${day} ${from.format('HH:mm')}–${to.format('HH:mm')}` : `${formatDateTime(t.from)} 至 ${formatDateTime(t.to)}`
}

/** Everything the caller may see of an order; the server has already left out what they may not. */
export function OrderDetail({ view: o, now = new Date() }: { view: OrderView; now?: Date }) {
  const clock = orderClock(o, now)
  const place = [o.communityName, o.gridName, o.buildingName].filter(Boolean).join(' · ')
  const arranged = o.slots > 0 || o.points > 0
  return (
    <View className='order-detail'>
      <Card className={`order-status order-status--${o.colour}`}>
        <View className='order-status__row'>
          <View className='order-status__label'>{o.statusLabel}</View>
          <Tag tone='gold'>{o.category}</Tag>
        </View>
        <View className='order-status__meta'>
          <ColourDot colour={o.colour} />
          <View className='order-status__colour'>{colourLabel(o.colour)}</View>
          <View className='order-status__no'>编号 {o.no}</View>
        </View>
        {clock && (
          <View className={`order-status__clock${clock.overdue || clock.soon ? ' order-status__clock--late' : ''}`}>
            {clock.kind === 'accept' ? clock.text : `完成期限${clock.text}`}
          </View>
        )}
        {o.held && <View className='order-status__held'>内容正在审核，审核通过前只有社区工作人员能看到。</View>}
      </Card>

      <Card title='需求内容' extra={fromNow(o.createdAt, now)}>
        <View className='order-text'>{o.text}</View>
        <PhotoGrid urls={o.photos} />
        {o.alsoAffected > 0 && <View className='order-also'>另有{o.alsoAffected}位居民反映了同样的问题</View>}
      </Card>

      {o.completion && (
        <Card title='办理情况' extra={fromNow(o.completion.at, now)}>
          <View className='order-text'>{o.completion.note}</View>
          <PhotoGrid urls={o.completion.photos} />
        </Card>
      )}

      {o.rating && (
        <Card title='居民评价'>
          <Stars value={o.rating.stars} />
          {o.rating.comment && <View className='order-text order-text--comment'>{o.rating.comment}</View>}
        </Card>
      )}

      {o.closure && (
        <Card title='办结情况' extra={<Tag tone={o.closure.code === 'solved' ? 'green' : 'gold'}>{o.closure.label}</Tag>}>
          <View className='order-text'>{o.closure.note}</View>
          {o.closure.transferTo && <View className='order-closure'>已转交：{o.closure.transferTo}</View>}
          {o.closure.reviewDate && <View className='order-closure'>复查日期：{dayjs(o.closure.reviewDate).format('YYYY年M月D日')}</View>}
        </Card>
      )}

      <Card title='地点与联系人' className='order-cells'>
        <Cell
          title='地点'
          value={
            <View className='order-place'>
              <View>{place}</View>
              {(o.room || o.pointLabel) && <View className='order-place__room'>{o.room ?? o.pointLabel}</View>}
            </View>
          }
        />
        <Cell
          title={o.onBehalf ? '居民（代点单）' : '点单人'}
          value={
            <View className='order-person'>
              {o.orderer.name}
              {/* On an order made for a resident, the orderer's name is hers, not the grid worker's. */}
              {o.orderer.me && !o.onBehalf && <Tag tone='gray'>我</Tag>}
            </View>
          }
        />
        {o.orderer.phone && <Cell title='联系电话' value={<PhoneLink phone={o.orderer.phone} name={o.orderer.name} />} />}
        {o.preferredTime && <Cell title='期望时间' value={windowText(o.preferredTime)} />}
      </Card>

      {(arranged || o.assignee || o.claimers.length > 0 || o.escalationDeadline) && (
        <Card title='任务安排' className='order-cells'>
          {arranged && (
            <View className='order-facts'>
              <View className='order-facts__item'>
                <View className='order-facts__num'>{o.points}</View>
                <View className='order-facts__unit'>积分</View>
              </View>
              <View className='order-facts__item'>
                <View className='order-facts__num'>{o.hours}</View>
                <View className='order-facts__unit'>小时</View>
              </View>
              <View className='order-facts__item'>
                <View className='order-facts__num'>
                  {o.taken}/{o.slots}
                </View>
                <View className='order-facts__unit'>已领/名额</View>
              </View>
            </View>
          )}
          {o.escalationDeadline && <Cell title='上报完成期限' value={formatDateTime(o.escalationDeadline)} />}
          {o.deadline && <Cell title={o.escalationDeadline ? '受理时完成期限' : '完成期限'} value={formatDateTime(o.deadline)} />}
          {(o.membersOnly || o.skills.length > 0) && (
            <View className='order-tags'>
              <View className='order-tags__label'>要求</View>
              {o.membersOnly && (
                <Tag tone='red' solid>
                  仅限党员
                </Tag>
              )}
              {o.skills.map((s) => (
                <Tag key={s} tone='gold'>
                  {s}
                </Tag>
              ))}
            </View>
          )}
          {o.assignee && <Cell title='承办' value={`${ASSIGNEE_KIND[o.assignee.type]} · ${o.assignee.name}`} />}
          {o.claimers.length > 0 && (
            <Cell
              title='领单人'
              value={
                <View className='order-claimers'>
                  {o.claimers.map((c, i) => (
                    <View key={i} className='order-claimers__one'>
                      {c.name}
                      {c.me ? '（我）' : ''}
                      {c.phone && <PhoneLink className='order-claimers__phone' phone={c.phone} name={c.name} />}
                    </View>
                  ))}
                </View>
              }
            />
          )}
        </Card>
      )}

      <Card title='办理进度'>
        <Timeline entries={o.timeline} now={now} />
      </Card>
    </View>
  )
}
