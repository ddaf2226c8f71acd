// The bottom bar of an order, built from OrderView.allowed: what this caller may do now, as the server
// said. Moves with a form open a Sheet; destructive ones ask first; every outcome is said in a toast.
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { tappable } from '../a11y'
import { useState } from 'react'
import { orderApi, type OrderView } from '@shared/contracts/order'
import type { OrderAction } from '@shared/lifecycles/order'
import { api } from '../../api/client'
import { toApiError } from '../../api/errors'
import { orderUrl } from '../../api/routes'
import { Button } from '..'
import { confirmModal, validate, type FieldErrors } from '../../utils/forms'
import { actionButtons, CONFIRM_FOR_RESIDENT, CONFIRMS, splitBar, type ActionButton, type BarAction } from '../../utils/orderActions'
import { CloseSheet, CompleteSheet, RateSheet, ReasonSheet } from './forms'
import './order.css'

export type AdminHandlers = Partial<Record<'accept' | 'reject' | 'escalate' | 'dispatch' | 'publish' | 'note', () => void>>

type SheetName = 'rate' | 'complete' | 'close' | 'reopen' | 'return' | 'dispute'

export interface ActionBarProps {
  view: OrderView
  onChange: (v: OrderView) => void
  /** Loads the order again, after a refusal that means someone else moved it on. */
  onStale?: () => void
  /** The admin page: the community's moves open the forms it passes in `admin`. */
  inAdmin?: boolean
  admin?: AdminHandlers
}

const SUCCESS: Partial<Record<OrderAction, string>> = {
  withdraw: '已撤回',
  claim: '领单成功',
  release: '已放弃领单',
  start: '已开始办理',
  complete: '已提交办结',
  return: '已退回社区',
  confirm: '已确认办结',
  rate: '感谢您的评价',
  close: '已办结归档',
  reopen: '已重新提交办理',
  dispute: '已退回重新办理',
}

export function ActionBar({ view, onChange, onStale, inAdmin = false, admin }: ActionBarProps) {
  const [sheet, setSheet] = useState<SheetName | null>(null)
  const [busy, setBusy] = useState<BarAction | null>(null)
  // An order placed for a resident (代点单) is confirmed for her: 代确认, even by the worker who placed it.
  const forResident = !view.orderer.me || view.onBehalf
  const buttons = actionButtons(view.allowed, { inAdmin, isOrderer: !forResident, canNote: !!admin?.note && view.entitled })
  const { shown, more } = splitBar(buttons)

  function done(action: OrderAction, v: OrderView) {
    setSheet(null)
    onChange(v)
    Taro.showToast({ title: SUCCESS[action] ?? '已完成', icon: 'success' })
  }

  /** A move with no form: one call, its toast, and on refusal the server's sentence. */
  async function direct(action: OrderAction, call: () => Promise<OrderView>) {
    if (busy) return
    setBusy(action)
    try {
      done(action, await call())
    } catch (e) {
      const err = toApiError(e)
      Taro.showToast({ title: err.message, icon: 'none', duration: 2500 })
      // The order moved on under us (someone else claimed the last place, the resident withdrew...).
      if (err.code === 'FAILED_PRECONDITION' || err.code === 'ALREADY_EXISTS' || err.reason === 'ORDER_CONCURRENT_CHANGE') onStale?.()
    } finally {
      setBusy(null)
    }
  }

  async function reasonCall(action: 'reopen' | 'return' | 'dispute', reason: string): Promise<FieldErrors | null> {
    const input = { orderId: view.id, reason }
    const found = validate(orderApi[action], input)
    if (Object.keys(found).length) return found
    try {
      const v = await api.order[action](input)
      done(action, v)
      return null
    } catch (e) {
      const err = toApiError(e)
      Taro.showToast({ title: err.message, icon: 'none', duration: 2500 })
      return err.fields ?? {}
    }
  }

  async function run(b: ActionButton) {
    const id = view.id
    switch (b.action) {
      case 'manage':
        return void Taro.navigateTo({ url: orderUrl(id, true) })
      case 'accept':
      case 'reject':
      case 'escalate':
      case 'dispatch':
      case 'publish':
      case 'note':
        return admin?.[b.action]?.()
      case 'withdraw':
      case 'release': {
        const c = CONFIRMS[b.action]!
        if (!(await confirmModal({ ...c, danger: true }))) return
        return direct(b.action, () => (b.action === 'withdraw' ? api.order.withdraw({ orderId: id }) : api.order.release({ orderId: id })))
      }
      case 'claim':
        return direct('claim', () => api.order.claim({ orderId: id }))
      case 'start':
        return direct('start', () => api.order.start({ orderId: id }))
      case 'confirm':
        // 代确认 speaks for the resident and pays the workers: asked first.
        if (forResident && !(await confirmModal(CONFIRM_FOR_RESIDENT))) return
        return direct('confirm', () => api.order.confirm({ orderId: id }))
      case 'rate':
      case 'complete':
      case 'close':
      case 'reopen':
      case 'return':
      case 'dispute':
        return setSheet(b.action)
    }
  }

  async function showMore() {
    try {
      const res = await Taro.showActionSheet({ itemList: more.map((b) => b.label) })
      const b = more[res.tapIndex]
      if (b) void run(b)
    } catch {
      // closed without choosing
    }
  }

  if (!buttons.length) return null
  return (
    <>
      <View className='order-bar__spacer' />
      <View className='order-bar' id='order-actions'>
        {more.length > 0 && (
          <View className='order-bar__more' {...tappable('button')} onClick={() => void showMore()}>
            更多
          </View>
        )}
        {shown.map((b) => (
          <Button key={b.action} className='order-bar__btn' type={b.type} loading={busy === b.action} onClick={() => void run(b)}>
            {b.label}
          </Button>
        ))}
      </View>
      <RateSheet view={view} open={sheet === 'rate'} onClose={() => setSheet(null)} onDone={(v) => done('rate', v)} />
      <CompleteSheet view={view} open={sheet === 'complete'} onClose={() => setSheet(null)} onDone={(v) => done('complete', v)} />
      <CloseSheet view={view} open={sheet === 'close'} onClose={() => setSheet(null)} onDone={(v) => done('close', v)} />
      <ReasonSheet
        open={sheet === 'reopen'}
        id='sheet-reopen'
        title='没解决，重新办理'
        label='还有什么问题'
        placeholder='说说哪里还没解决，社区会重新安排'
        okText='重新提交'
        onClose={() => setSheet(null)}
        onSubmit={(r) => reasonCall('reopen', r)}
      />
      <ReasonSheet
        open={sheet === 'dispute'}
        id='sheet-dispute'
        title='没解决，退回重办'
        label='哪里还没解决'
        placeholder='说说哪里还没解决，领单人会继续办理'
        okText='退回重办'
        onClose={() => setSheet(null)}
        onSubmit={(r) => reasonCall('dispute', r)}
      />
      <ReasonSheet
        open={sheet === 'return'}
        id='sheet-return'
        title='退回社区'
        label='退回原因'
        placeholder='为什么不能承办，社区会重新安排'
        okText='退回'
        onClose={() => setSheet(null)}
        onSubmit={(r) => reasonCall('return', r)}
      />
    </>
  )
}
