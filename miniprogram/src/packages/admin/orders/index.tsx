// The worker's inbox: what waits for this person (to accept, to answer a 吹哨, to handle, to co-sign),
// most urgent first as the server ranks it, each with its acceptance countdown.
import Taro, { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { api } from '../../../api/client'
import { orderUrl } from '../../../api/routes'
import { EmptyState, LoadMore, PageContainer, Skeleton, Tabs } from '../../../components'
import { OrderItem } from '../../../components/order/OrderItem'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { useShowRefresh } from '../../../hooks/useShowRefresh'
import { hasInbox } from '../../../utils/roles'

type Tab = 'todo' | 'doing' | 'done' | 'all'
const TABS = [
  { key: 'todo', title: '待处理' },
  { key: 'doing', title: '办理中' },
  { key: 'done', title: '已完成' },
  { key: 'all', title: '全部' },
] as const

const EMPTY: Record<Tab, { title: string; description: string }> = {
  todo: { title: '没有待处理的服务单', description: '居民新点的单、上报给您的事项和等待确认的单会出现在这里。' },
  doing: { title: '没有办理中的服务单', description: '已受理、已派单和任务大厅里的单会出现在这里。' },
  done: { title: '还没有已完成的服务单', description: '确认、评价和办结归档的单会出现在这里。' },
  all: { title: '暂无服务单', description: '本辖区还没有服务单。' },
}

export default function Inbox() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const allowed = hasInbox(session.profile?.roles)
  const [tab, setTab] = useState<Tab>('todo')
  // The countdowns move while the list is open.
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000)
    return () => clearInterval(t)
  }, [])
  const list = usePaged((cursor) => api.order.inbox({ tab, cursor, size: 20 }), [tab], ready && allowed)
  usePullRefresh(list.reload)
  useShowRefresh(list.reload, ready && allowed)
  useReachBottom(() => void list.loadMore())

  if (ready && !allowed) {
    return (
      <PageContainer>
        <EmptyState mark='办' title='您没有需要处理的服务单' description='服务单由社区党组织受理，网格员和街道处理本辖区和上报的单；派给职能部门和单位的单在“任务 · 我的任务”里办理。' />
      </PageContainer>
    )
  }

  return (
    <PageContainer
      header={<Tabs items={TABS} value={tab} onChange={setTab} />}
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={4} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={{ mark: '办', ...EMPTY[tab] }}
    >
      <View className='order-list' id='inbox'>
        {list.items.map((o) => (
          <OrderItem key={o.id} order={o} variant='inbox' now={now} onClick={() => Taro.navigateTo({ url: orderUrl(o.id, true) })} />
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
