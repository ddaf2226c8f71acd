// One order for the people who work it: the community (受理, 不予受理, 吹哨, 派单, 发布, 办结归档, 备注),
// the street, the department or unit it was sent to, and the grid worker. Buttons from view.allowed.
// The community's admins may also turn it into a need of the 需求清单 (转为需求 opens the needs page).
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { orderApi, type OrderView } from '@shared/contracts/order'
import { api } from '../../../api/client'
import { toApiError } from '../../../api/errors'
import { ROUTES } from '../../../api/routes'
import { Button, PageContainer, Skeleton } from '../../../components'
import { ActionBar } from '../../../components/order/ActionBar'
import { ReasonSheet } from '../../../components/order/forms'
import { OrderDetail } from '../../../components/order/OrderDetail'
import { useAsync } from '../../../hooks/useAsync'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { useShowRefresh } from '../../../hooks/useShowRefresh'
import { confirmModal, validate, type FieldErrors } from '../../../utils/forms'
import { CONFIRMS } from '../../../utils/orderActions'
import { AcceptSheet, DispatchSheet, EscalateSheet, NoteSheet } from './forms'
import './index.css'

type AdminSheet = 'accept' | 'reject' | 'escalate' | 'dispatch' | 'note'

export default function AdminOrder() {
  const session = useAuthedSession()
  const id = useRouter().params?.id ?? ''
  const ready = session.status === 'ready' && !!id
  const order = useAsync(() => api.order.get({ orderId: id }), [id], ready)
  const [view, setView] = useState<OrderView | undefined>()
  const [sheet, setSheet] = useState<AdminSheet | null>(null)
  const [publishing, setPublishing] = useState(false)
  useEffect(() => setView(order.data), [order.data])
  usePullRefresh(order.reload)
  useShowRefresh(order.reload, ready)

  function done(v: OrderView, toast: string) {
    setSheet(null)
    setView(v)
    Taro.showToast({ title: toast, icon: 'success' })
  }

  async function publish() {
    if (!view || publishing) return
    setPublishing(true)
    try {
      done(await api.order.publish({ orderId: view.id }), '已发布')
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none', duration: 2500 })
      void order.reload()
    } finally {
      setPublishing(false)
    }
  }

  async function reject(reason: string): Promise<FieldErrors | null> {
    if (!view) return null
    const input = { orderId: view.id, reason }
    const found = validate(orderApi.reject, input)
    if (Object.keys(found).length) return found
    if (!(await confirmModal({ ...CONFIRMS.reject!, danger: true }))) return {}
    try {
      done(await api.order.reject(input), '已处理')
      return null
    } catch (e) {
      const err = toApiError(e)
      Taro.showToast({ title: err.message, icon: 'none', duration: 2500 })
      return err.fields ?? {}
    }
  }

  const close = () => setSheet(null)
  // org.createNeed is the community admin's (shared/permissions.ts): shown to the admins of the order's community.
  const needs = !!view && !!session.profile?.grants.some((g) => g.role === 'communityAdmin' && g.communityId === view.communityId)
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
          {needs && (
            <View className='admin-more' id='order-to-need'>
              <Button size='small' onClick={() => void Taro.navigateTo({ url: `${ROUTES.orgNeeds}?fromOrderId=${encodeURIComponent(view.id)}` })}>
                转为需求
              </Button>
              <View className='admin-more__note'>居民反映集中的问题，可记入需求清单，再对接共建单位资源</View>
            </View>
          )}
          <ActionBar
            view={view}
            inAdmin
            onChange={setView}
            onStale={() => void order.reload()}
            admin={{
              accept: () => setSheet('accept'),
              reject: () => setSheet('reject'),
              escalate: () => setSheet('escalate'),
              dispatch: () => setSheet('dispatch'),
              publish: () => void publish(),
              note: () => setSheet('note'),
            }}
          />
          {sheet === 'accept' && <AcceptSheet view={view} open onClose={close} onDone={done} />}
          {sheet === 'escalate' && <EscalateSheet view={view} open onClose={close} onDone={done} />}
          {sheet === 'dispatch' && <DispatchSheet view={view} open onClose={close} onDone={done} />}
          {sheet === 'note' && <NoteSheet view={view} open onClose={close} onDone={done} />}
          <ReasonSheet
            open={sheet === 'reject'}
            id='sheet-reject'
            title='不予受理'
            label='原因'
            placeholder='居民会看到这个原因，请写清楚并给出建议'
            okText='不予受理'
            onClose={close}
            onSubmit={reject}
          />
        </>
      )}
    </PageContainer>
  )
}
