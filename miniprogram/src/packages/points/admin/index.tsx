// 爱心超市管理 (community admin): 核销 by pickup code, the goods editor (name, points price, stock,
// per-person limit, on/off), and the community's redemptions. A 核销员 (storeVerifier) sees the 核销 only.
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { GoodsView } from '@shared/contracts/points'
import { api } from '../../../api/client'
import { Button, Card, PageContainer, Skeleton, Tabs, TextField, Toggle } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { day, newKey } from '../common'
import '../points.css'

type Tab = 'verify' | 'goods' | 'orders'
const TABS = [
  { key: 'verify', title: '核销' },
  { key: 'goods', title: '商品' },
  { key: 'orders', title: '兑换记录' },
] as const

interface Draft {
  id?: string
  name: string
  price: string
  stock: string
  limit: string
  on: boolean
}
const blank: Draft = { name: '', price: '', stock: '', limit: '1', on: true }

export default function StoreAdmin() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const storeAdmin = !!session.profile?.roles.includes('communityAdmin')
  const tabs = storeAdmin ? TABS : TABS.filter((t) => t.key === 'verify')
  const [tab, setTab] = useState<Tab>('verify')
  useEffect(() => {
    if (ready && !storeAdmin) void Taro.setNavigationBarTitle({ title: '爱心超市核销' })
  }, [ready, storeAdmin])
  const [code, setCode] = useState('')
  const [draft, setDraft] = useState<Draft>()
  const [busy, setBusy] = useState(false)
  const goods = usePaged((cursor) => api.points.goods({ cursor, size: 20, all: true }), [], ready && storeAdmin && tab === 'goods')
  const orders = usePaged((cursor) => api.points.storeRedemptions({ cursor, size: 20 }), [], ready && storeAdmin && tab === 'orders')
  usePullRefresh(async () => {
    if (tab === 'goods') await goods.reload()
    if (tab === 'orders') await orders.reload()
  })

  const toast = (e: unknown) => Taro.showToast({ title: (e as Error).message || '操作失败，请稍后再试', icon: 'none' })

  async function verify() {
    setBusy(true)
    try {
      const r = await api.points.verifyPickup({ code: code.trim() })
      await Taro.showModal({ title: '核销成功', content: `${r.personName ?? ''} 领取“${r.goodsName}”`, showCancel: false })
      setCode('')
    } catch (e) {
      toast(e)
    } finally {
      setBusy(false)
    }
  }

  async function save() {
    if (!draft) return
    setBusy(true)
    try {
      const fields = { name: draft.name, price: Number(draft.price), stock: Number(draft.stock), limit: Number(draft.limit), on: draft.on }
      await api.points.saveGoods(draft.id ? { id: draft.id, ...fields } : { requestKey: newKey(), ...fields })
      setDraft(undefined)
      await goods.reload()
    } catch (e) {
      toast(e)
    } finally {
      setBusy(false)
    }
  }

  const edit = (g: GoodsView) => setDraft({ id: g.id, name: g.name, price: String(g.price), stock: String(g.stock), limit: String(g.limit), on: g.on })
  const list = tab === 'orders' ? orders : goods
  return (
    <PageContainer
      header={tabs.length > 1 ? <Tabs items={tabs} value={tab} onChange={setTab} /> : undefined}
      {...(tab === 'verify' ? { loading: !ready } : gate(session, ready, list))}
      hasData={tab === 'verify' || list.loaded}
      skeleton={<Skeleton rows={5} />}
    >
      {tab === 'verify' && (
        <View className='pts-form'>
          <TextField label='取货码' name='code' type='number' maxlength={8} value={code} onChange={setCode} placeholder='请输入8位取货码' />
          <Button type='primary' block loading={busy} disabled={code.trim().length !== 8} onClick={() => void verify()}>
            核销
          </Button>
        </View>
      )}
      {tab === 'goods' && (
        <View className='pts-list'>
          {draft ? (
            <View className='pts-form'>
              <TextField label='商品名称' name='name' value={draft.name} onChange={(v) => setDraft({ ...draft, name: v })} maxlength={30} />
              <TextField label='兑换积分' name='price' type='number' value={draft.price} onChange={(v) => setDraft({ ...draft, price: v })} />
              <TextField label='库存' name='stock' type='number' value={draft.stock} onChange={(v) => setDraft({ ...draft, stock: v })} />
              <TextField label='每人限兑' name='limit' type='number' value={draft.limit} onChange={(v) => setDraft({ ...draft, limit: v })} />
              <View className='pts-item'>
                <View>上架</View>
                <Toggle id='goods-on' label='上架' checked={draft.on} onChange={(on) => setDraft({ ...draft, on })} />
              </View>
              <Button type='primary' block loading={busy} onClick={() => void save()}>
                保存
              </Button>
              <Button block onClick={() => setDraft(undefined)}>
                取消
              </Button>
            </View>
          ) : (
            <Button type='primary' block onClick={() => setDraft(blank)}>
              新增商品
            </Button>
          )}
          {!draft &&
            goods.items.map((g) => (
              <Card key={g.id} title={g.name} extra={g.on ? '已上架' : '已下架'} onClick={() => edit(g)}>
                <View className='pts-item__sub'>
                  {g.price} 积分 · 库存 {g.stock} · 每人限兑 {g.limit}
                </View>
              </Card>
            ))}
        </View>
      )}
      {tab === 'orders' && (
        <View className='pts-list'>
          {orders.items.map((r) => (
            <View key={r.id} className='pts-item'>
              <View>
                <View className='pts-item__note'>{r.goodsName}</View>
                <View className='pts-item__sub'>
                  {r.personName ?? ''} · {day(r.createdAt)} · {r.price} 积分
                </View>
              </View>
              <View>{r.statusLabel}</View>
            </View>
          ))}
        </View>
      )}
    </PageContainer>
  )
}
