// 首页's "what needs me now" (issue 12): one card per role the person holds, from order.summary (and the
// points balance for members and volunteers). Colours are always said in words (红色), every tappable
// row is a link of at least --lx-tap, and each card opens where the work is done.
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { BalanceView } from '@shared/contracts/points'
import type { OrderCard } from '@shared/contracts/order'
import { countdownText, rateText, todoLine, type OrderSummary } from '@shared/orders/summary'
import { Button, Card, Skeleton, Tag, tappable } from '../../components'
import type { AsyncState } from '../../hooks/useAsync'
import { orderUrl, ROUTES } from '../../api/routes'
import { openTasksOn } from '../../utils/intent'
import { formatDateTime } from '../../utils/time'

const go = (url: string) => () => void Taro.navigateTo({ url })
const toTasks = (tab: 'hall' | 'mine') => () => {
  openTasksOn(tab)
  void Taro.switchTab({ url: ROUTES.tasks })
}

function Figure({ label, value, onClick }: { label: string; value: string | number; onClick?: () => void }) {
  return (
    // Named by what it shows (0 待确认): a label that differs from the visible text confuses voice control.
    <View className='home-sum__fig' onClick={onClick} {...(onClick ? tappable('link') : {})}>
      <View className='home-sum__num'>{value}</View>
      <View className='home-sum__label'>{label}</View>
    </View>
  )
}

function OrderRow({ o, extra }: { o: OrderCard; extra: string }) {
  return (
    <View className='home-sum__row' onClick={go(orderUrl(o.id))} {...tappable('link')}>
      <View className='home-sum__row-main'>
        {o.category} · {o.text}
      </View>
      <View className='home-sum__row-side'>{extra}</View>
    </View>
  )
}

export interface SummaryProps {
  state: AsyncState<OrderSummary>
  balance?: BalanceView
  unread: number
}

export function HomeSummary({ state, balance, unread }: SummaryProps) {
  const s = state.data
  if (!s) {
    if (state.error)
      return (
        <Card className='home-sum'>
          <View className='home-sum__line'>{state.error.message}</View>
          <Button size='small' onClick={() => void state.reload()}>
            重试
          </Button>
        </Card>
      )
    return state.loading ? <Skeleton rows={2} /> : null
  }
  const at = new Date(s.at)
  const c = s.community
  return (
    <View id='home-summary'>
      {c && (
        <Card className='home-sum' title={`${c.communityName || '本社区'} · 服务单`} extra={<Tag tone='gold'>去办理</Tag>} onClick={go(ROUTES.adminOrders)}>
          <View className='home-sum__line home-sum__line--main'>{todoLine(c, at)}</View>
          <View className='home-sum__line'>
            黄色 {c.yellow} · 绿色 {c.green} · 已超时 {c.overdue}
          </View>
          <View className='home-sum__line'>
            本月 受理率 {rateText(c.month.accepted, c.month.received)} · 办结率 {rateText(c.month.closed, c.month.accepted)} · 满意率 {rateText(c.month.satisfied, c.month.rated)}
          </View>
        </Card>
      )}
      {s.street && (
        <Card className='home-sum' title='各社区服务单' extra={<Tag tone='gold'>去办理</Tag>} onClick={go(ROUTES.adminOrders)}>
          {s.street.rows.length ? (
            <View className='home-sum__table'>
              <View className='home-sum__tr home-sum__th'>
                <View className='home-sum__td home-sum__td--name'>社区</View>
                <View className='home-sum__td'>已上报</View>
                <View className='home-sum__td'>超时</View>
              </View>
              {s.street.rows.map((r) => (
                <View key={r.communityId} className='home-sum__tr'>
                  <View className='home-sum__td home-sum__td--name'>{r.communityName}</View>
                  <View className='home-sum__td'>{r.escalated}</View>
                  <View className='home-sum__td'>{r.overdue}</View>
                </View>
              ))}
            </View>
          ) : (
            <View className='home-sum__line'>街道下还没有社区</View>
          )}
        </Card>
      )}
      {s.queues.map((q) => (
        <Card key={`${q.kind}:${q.id}`} className='home-sum' title={q.kind === 'department' ? '派给本部门的服务单' : '派给本单位的服务单'} onClick={toTasks('mine')}>
          <View className='home-sum__line home-sum__line--main'>
            待办理 {q.open}
            {q.nearestDue ? ` · 最近期限 ${countdownText(q.nearestDue, at)}` : ''}
          </View>
          {q.cameBack > 0 && <View className='home-sum__line'>其中 {q.cameBack} 件居民说没解决，又派回来了</View>}
          {!q.open && <View className='home-sum__line'>暂时没有派来的服务单</View>}
        </Card>
      ))}
      {s.helper && (
        <Card className='home-sum' title='我的服务任务'>
          <View className='home-sum__figs'>
            <Figure label='大厅可领' value={s.helper.hall} onClick={toTasks('hall')} />
            <Figure label='进行中' value={s.helper.openTasks} onClick={toTasks('mine')} />
            {balance && <Figure label='积分' value={balance.points} />}
            {balance && <Figure label='服务时长' value={`${balance.hours}小时`} />}
          </View>
          {s.helper.tasks.map((o) => (
            <OrderRow key={o.id} o={o} extra={o.deadline ? `期限 ${formatDateTime(o.deadline)}` : o.statusLabel} />
          ))}
        </Card>
      )}
      {s.resident && (
        <Card className='home-sum' title='需要我处理的'>
          <View className='home-sum__figs'>
            <Figure label='待确认' value={s.resident.toConfirm} onClick={go(ROUTES.orderMine)} />
            <Figure label='待评价' value={s.resident.toRate} onClick={go(ROUTES.orderMine)} />
            <Figure label='未读消息' value={unread} onClick={go(ROUTES.inbox)} />
          </View>
          {s.resident.recent.length ? (
            s.resident.recent.map((o) => <OrderRow key={o.id} o={o} extra={o.statusLabel} />)
          ) : (
            <View className='home-sum__line'>没有办理中的服务单</View>
          )}
        </Card>
      )}
    </View>
  )
}
