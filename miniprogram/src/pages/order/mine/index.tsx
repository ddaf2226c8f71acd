// 我的服务单: what I ordered, open or finished, newest first.
import Taro, { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api/client'
import { orderUrl, ROUTES } from '../../../api/routes'
import { Button, LoadMore, PageContainer, Skeleton, Tabs } from '../../../components'
import { OrderItem } from '../../../components/order/OrderItem'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { useShowRefresh } from '../../../hooks/useShowRefresh'

type Status = 'open' | 'closed' | 'all'
const TABS = [
  { key: 'open', title: '进行中' },
  { key: 'closed', title: '已结束' },
  { key: 'all', title: '全部' },
] as const

const EMPTY: Record<Status, string> = {
  open: '没有进行中的服务单',
  closed: '还没有已结束的服务单',
  all: '您还没有点过单',
}

export default function MyOrders() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const [status, setStatus] = useState<Status>('open')
  const list = usePaged((cursor) => api.order.listMine({ status, cursor, size: 20 }), [status], ready)
  usePullRefresh(list.reload)
  useShowRefresh(list.reload, ready)
  useReachBottom(() => void list.loadMore())
  const canOrder = !!session.profile?.complete

  return (
    <PageContainer
      header={<Tabs items={TABS} value={status} onChange={setStatus} />}
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={4} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={{
        mark: '单',
        title: EMPTY[status],
        description: '遇到需要社区帮忙的事，可以在这里点单，社区党组织会受理并安排党员志愿者上门服务。',
        action: canOrder ? (
          <Button type='primary' onClick={() => Taro.navigateTo({ url: ROUTES.orderNew })}>
            我要点单
          </Button>
        ) : undefined,
      }}
    >
      <View className='order-list' id='my-orders'>
        {list.items.map((o) => (
          <OrderItem key={o.id} order={o} variant='mine' onClick={() => Taro.navigateTo({ url: orderUrl(o.id) })} />
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
