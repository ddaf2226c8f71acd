// 爱心超市: the community's goods (points price, stock), redeem with a confirmation, and the person's
// redemptions with the pickup code (cancel while it waits to be collected).
import Taro from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { useState } from 'react'
import type { GoodsView, RedemptionView } from '@shared/contracts/points'
import { api } from '../../../api/client'
import { Button, Card, PageContainer, Skeleton, Tabs } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { day, newKey } from '../common'
import '../points.css'

type Tab = 'goods' | 'mine'
const TABS = [
  { key: 'goods', title: '商品' },
  { key: 'mine', title: '我的兑换' },
] as const

export default function Store() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const [tab, setTab] = useState<Tab>('goods')
  const [busy, setBusy] = useState<string>()
  const balance = useAsync(() => api.points.balance({}), [], ready)
  const goods = usePaged((cursor) => api.points.goods({ cursor, size: 20 }), [], ready && tab === 'goods')
  const mine = usePaged((cursor) => api.points.redemptions({ cursor, size: 20 }), [], ready && tab === 'mine')
  usePullRefresh(async () => {
    await Promise.all([balance.reload(), tab === 'goods' ? goods.reload() : mine.reload()])
  })

  async function redeem(g: GoodsView) {
    const ok = await Taro.showModal({ title: '确认兑换', content: `用 ${g.price} 积分兑换“${g.name}”？` })
    if (!ok.confirm) return
    setBusy(g.id)
    const requestKey = newKey()
    try {
      const r = await api.points.redeem({ requestKey, goodsId: g.id })
      await Taro.showModal({ title: '兑换成功', content: `取货码 ${r.code ?? ''}，请到社区爱心超市领取。`, showCancel: false })
      await Promise.all([balance.reload(), goods.reload()])
    } catch (e) {
      Taro.showToast({ title: (e as Error).message || '兑换失败，请稍后再试', icon: 'none' })
    } finally {
      setBusy(undefined)
    }
  }

  async function cancel(r: RedemptionView) {
    const ok = await Taro.showModal({ title: '取消兑换', content: `取消后 ${r.price} 积分将退回。` })
    if (!ok.confirm) return
    setBusy(r.id)
    try {
      await api.points.cancelRedemption({ redemptionId: r.id })
      await Promise.all([balance.reload(), mine.reload()])
    } catch (e) {
      Taro.showToast({ title: (e as Error).message || '操作失败，请稍后再试', icon: 'none' })
    } finally {
      setBusy(undefined)
    }
  }

  const list = tab === 'goods' ? goods : mine
  return (
    <PageContainer
      header={
        <View>
          <View className='pts-item'>
            <View>我的积分</View>
            <View className='pts-plus' id='store-balance'>{balance.data?.points ?? '—'}</View>
          </View>
          <Tabs items={TABS} value={tab} onChange={setTab} />
        </View>
      }
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={5} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={{ mark: '市', title: tab === 'goods' ? '暂无可兑换的商品' : '还没有兑换记录', description: '用服务积分兑换社区爱心超市的物品。' }}
    >
      <View className='pts-list'>
        {tab === 'goods' &&
          goods.items.map((g) => (
            <Card key={g.id} title={g.name} extra={`${g.price} 积分`}>
              {g.image && <Image src={g.image} mode='aspectFill' nativeProps={{ alt: g.name }} style={{ width: '100%', height: '200px' }} />}
              <View className='pts-item__sub'>
                库存 {g.stock} · 每人限兑 {g.limit} 件
              </View>
              <Button type='primary' size='small' disabled={g.stock <= 0 || (balance.data?.points ?? 0) < g.price} loading={busy === g.id} onClick={() => void redeem(g)}>
                {g.stock <= 0 ? '已兑完' : '兑换'}
              </Button>
            </Card>
          ))}
        {tab === 'mine' &&
          mine.items.map((r) => (
            <Card key={r.id} title={r.goodsName} extra={r.statusLabel}>
              {r.code && r.status === 'ready' && <View className='pts-code'>{r.code}</View>}
              <View className='pts-item__sub'>
                {day(r.createdAt)} · {r.price} 积分{r.rejectReason ? ` · ${r.rejectReason}` : ''}
              </View>
              {r.actions.includes('cancel') && (
                <Button size='small' loading={busy === r.id} onClick={() => void cancel(r)}>
                  取消兑换
                </Button>
              )}
            </Card>
          ))}
      </View>
    </PageContainer>
  )
}
