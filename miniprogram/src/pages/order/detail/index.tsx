// One order for the people in it: the resident who ordered, the member who claimed it, the unit or
// department it was sent to, the grid worker who co-signs. The buttons come from view.allowed.
import { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { OrderView } from '@shared/contracts/order'
import { api } from '../../../api/client'
import { PageContainer, Skeleton } from '../../../components'
import { ActionBar } from '../../../components/order/ActionBar'
import { OrderDetail } from '../../../components/order/OrderDetail'
import { useAsync } from '../../../hooks/useAsync'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { useShowRefresh } from '../../../hooks/useShowRefresh'

export default function OrderDetailPage() {
  const session = useAuthedSession()
  const id = useRouter().params?.id ?? ''
  const ready = session.status === 'ready' && !!id
  const order = useAsync(() => api.order.get({ orderId: id }), [id], ready)
  // After a move, the call's answer is the new order: shown at once, without another read.
  const [view, setView] = useState<OrderView | undefined>()
  useEffect(() => setView(order.data), [order.data])
  usePullRefresh(order.reload)
  useShowRefresh(order.reload, ready)

  return (
    <PageContainer
      {...gate(session, ready, order)}
      hasData={!!view}
      skeleton={<Skeleton rows={6} />}
      empty={session.status === 'ready' && !id}
      emptyProps={{ mark: '单', title: '没有指定服务单' }}
    >
      {view && (
        <>
          <OrderDetail view={view} />
          <ActionBar view={view} onChange={setView} onStale={() => void order.reload()} />
        </>
      )}
    </PageContainer>
  )
}
