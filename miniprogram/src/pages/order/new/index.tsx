// 群众点单: what is needed, where, when, how urgent. Before a new order is made, open orders of the same
// kind nearby are offered ("我也遇到"), so that one problem is one order with several voices.
import Taro, { useRouter } from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { DEFAULT_CATEGORIES, type OrderCard } from '@shared/contracts/order'
import { COLOURS } from '@shared/rules/sla'
import { api } from '../../../api/client'
import { toApiError } from '../../../api/errors'
import { orderUrl, ROUTES } from '../../../api/routes'
import { Button, CellGroup, Chips, EmptyState, Field, PageContainer, PhotoPicker, PickerField, Skeleton, Tag, TextAreaField, TextField, tappable } from '../../../components'
import { ColourDot } from '../../../components/order/ColourDot'
import { COLOUR_SHORT, URGENCY_HELP } from '../../../components/order/labels'
import { useAsync } from '../../../hooks/useAsync'
import { useLeaveGuard } from '../../../hooks/leaveGuard'
import { useAuthedSession } from '../../../hooks/session'
import { clearError, errorOf, hasErrors, submitForm, type FieldErrors } from '../../../utils/forms'
import { dayjs, fromNow } from '../../../utils/time'
import { buildingOptions, clearDraft, draftKey, emptyForm, isDirty, LEAVE_MESSAGE, loadDraft, PERIODS, saveDraft, servedGrid, toInput, validateForm, type OrderForm } from './form'
import './index.css'

export default function NewOrder() {
  const session = useAuthedSession()
  const router = useRouter()
  const p = session.profile
  const behalf = router.params?.behalf === '1' && !!servedGrid(p)
  const ready = session.status === 'ready'
  const tree = useAsync(() => api.member.orgTree(), [], ready)
  const cats = useAsync(() => api.order.categories(), [], ready)
  // What the form starts with (the person's home); a draft left on this device is taken up again.
  const [start, setStart] = useState<OrderForm>(() => emptyForm(p, behalf))
  const [form, setForm] = useState<OrderForm>(() => (p && loadDraft(draftKey(p.openid, behalf))) || start)
  const [restored, setRestored] = useState(() => form !== start)
  const [filled, setFilled] = useState(!!p)
  /** Sent (or joined to another order): nothing is left to lose. */
  const [done, setDone] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saving, setSaving] = useState(false)
  const [similar, setSimilar] = useState<OrderCard[]>([])
  const [checkedFor, setCheckedFor] = useState<string | null>(null)
  const [joined, setJoined] = useState<string | null>(null)
  const [joining, setJoining] = useState<string | null>(null)

  // The profile may arrive after the page opens (h5 reload straight onto this page).
  useEffect(() => {
    if (!filled && p) {
      const fresh = emptyForm(p, behalf)
      const draft = loadDraft(draftKey(p.openid, behalf))
      setStart(fresh)
      setForm(draft ?? fresh)
      setRestored(!!draft)
      setFilled(true)
    }
  }, [filled, p, behalf])

  // What is typed is kept as a draft until it is sent, and leaving asks first.
  const dirty = filled && !done && isDirty(form, start)
  useEffect(() => {
    if (!p || !filled) return
    if (dirty) saveDraft(draftKey(p.openid, behalf), form)
    else clearDraft(draftKey(p.openid, behalf))
  }, [dirty, form, p, filled, behalf])
  useLeaveGuard(dirty, LEAVE_MESSAGE)

  function startOver() {
    setForm(emptyForm(p, behalf))
    setRestored(false)
    setErrors({})
  }

  useEffect(() => {
    Taro.setNavigationBarTitle({ title: behalf ? '代居民点单' : '我要点单' }).catch(() => undefined)
  }, [behalf])

  function set<K extends keyof OrderForm>(key: K, value: OrderForm[K]) {
    setForm((f) => ({ ...f, [key]: value }))
    const path = key === 'buildingId' ? 'place.buildingId' : key === 'room' ? 'place.room' : key === 'name' ? 'onBehalfOf.name' : key === 'phone' ? 'onBehalfOf.phone' : key === 'day' || key === 'period' ? 'preferredTime' : key
    setErrors((e) => clearError(e, path))
  }

  function chooseCategory(c: string) {
    set('category', c)
    if (c !== checkedFor) setSimilar([])
  }

  async function submit(skipSimilar = false) {
    if (saving) return
    const found = validateForm(form, behalf)
    if (hasErrors(found)) {
      setErrors(found)
      Taro.showToast({ title: '请检查填写的内容', icon: 'none' })
      return
    }
    setSaving(true)
    try {
      // Offered once per category; a grid worker's order is for someone else, so 我也遇到 is not theirs to say.
      if (!behalf && !skipSimilar && checkedFor !== form.category) {
        try {
          const list = await api.order.similar({ category: form.category })
          setCheckedFor(form.category)
          if (list.length) {
            setSimilar(list)
            return
          }
        } catch {
          // The offer is a courtesy: the order itself still goes in.
        }
      }
      const v = await submitForm(() => api.order.submit(toInput(form, behalf)), setErrors)
      if (v) {
        setDone(true)
        Taro.showToast({ title: '提交成功', icon: 'success' })
        setTimeout(() => void Taro.redirectTo({ url: orderUrl(v.id) }), 600)
      }
    } finally {
      setSaving(false)
    }
  }

  async function join(o: OrderCard) {
    if (joining || joined) return
    setJoining(o.id)
    try {
      await api.order.join({ orderId: o.id })
      setJoined(o.id)
      setDone(true)
      Taro.showToast({ title: '已反映，社区会优先处理', icon: 'none' })
      // A neighbour who joined follows that order (masked, as everyone who is not on it sees it).
      setTimeout(() => void Taro.redirectTo({ url: orderUrl(o.id) }), 1200)
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setJoining(null)
    }
  }

  const buildings = buildingOptions(tree.data, p, behalf)
  const today = dayjs().format('YYYY-MM-DD')
  const incomplete = ready && p && !p.complete && !behalf

  return (
    <PageContainer
      // Until the tree has arrived (also in the render between "ready" and the call starting).
      loading={!ready || tree.loading || (!tree.data && !tree.error)}
      error={session.status === 'error' ? session.error : tree.error}
      hasData={!!p && !!tree.data}
      onRetry={() => void (session.status === 'error' ? session.refresh() : tree.reload())}
      skeleton={<Skeleton rows={6} />}
    >
      {incomplete ? (
        <EmptyState
          mark='社'
          title='请先选择所在社区'
          description='点单会交给您所在社区的党组织受理。'
          action={
            <Button type='primary' onClick={() => Taro.navigateTo({ url: ROUTES.profile })}>
              去完善资料
            </Button>
          }
        />
      ) : (
        <View className='order-new'>
          {restored && (
            <View className='order-new__notice order-new__draft' id='order-draft'>
              已恢复您上次没有提交的内容。
              <View className='order-new__clear' role='button' onClick={startOver}>
                清空重填
              </View>
            </View>
          )}
          {behalf && <View className='order-new__notice'>为没有智能手机的居民登记需求。社区会按您填写的信息联系居民本人。</View>}
          {behalf && (
            <CellGroup title='居民信息'>
              <TextField name='name' label='居民姓名' required value={form.name} maxlength={20} placeholder='如 张桂英' error={errorOf(errors, 'onBehalfOf.name')} onChange={(v) => set('name', v)} />
              <TextField name='phone' label='联系电话' type='number' value={form.phone} maxlength={11} placeholder='选填，方便上门前联系' error={errorOf(errors, 'onBehalfOf.phone')} onChange={(v) => set('phone', v)} />
            </CellGroup>
          )}

          <CellGroup title='需要什么服务'>
            <Field label='服务类别' required stacked error={errorOf(errors, 'category')}>
              <Chips id='field-category' columns={4} options={(cats.data ?? DEFAULT_CATEGORIES).map((c) => ({ value: c, label: c }))} value={form.category} onChange={chooseCategory} />
            </Field>
            <TextAreaField
              name='text'
              label='需求描述'
              required
              value={form.text}
              maxlength={500}
              placeholder='请说清楚遇到了什么问题，需要什么帮助'
              error={errorOf(errors, 'text')}
              onChange={(v) => set('text', v)}
            />
            <Field label='照片' stacked hint='选填，最多6张，帮助社区了解情况' error={errorOf(errors, 'photos')}>
              <PhotoPicker id='field-photos' value={form.photos} onChange={(v) => set('photos', v)} />
            </Field>
          </CellGroup>

          <CellGroup title='在哪里'>
            <PickerField
              name='buildingId'
              label='楼栋'
              required
              options={buildings}
              value={form.buildingId}
              placeholder='请选择楼栋'
              emptyText='暂无可选楼栋'
              error={errorOf(errors, 'place.buildingId')}
              onChange={(id) => set('buildingId', id)}
            />
            <TextField name='room' label='门牌号' required value={form.room} maxlength={20} placeholder='如 2单元301' error={errorOf(errors, 'place.room')} onChange={(v) => set('room', v)} />
          </CellGroup>

          <CellGroup title='希望什么时候来（选填）'>
            <Field label='日期' error={errorOf(errors, 'preferredTime')}>
              <View className='order-new__day'>
                <Picker mode='date' value={form.day || today} start={today} end={dayjs().add(30, 'day').format('YYYY-MM-DD')} onChange={(e) => set('day', String(e.detail.value))}>
                  <View className={`lx-picker${form.day ? '' : ' lx-picker--placeholder'}`} id='field-day'>
                    <View className='lx-picker__text'>{form.day ? dayjs(form.day).format('M月D日 dddd') : '不限'}</View>
                    <View className='lx-cell__arrow' />
                  </View>
                </Picker>
                {form.day && (
                  <View className='order-new__clear' {...tappable('button')} onClick={() => set('day', '')}>
                    清除
                  </View>
                )}
              </View>
            </Field>
            {form.day && (
              <Field label='时段' stacked>
                <Chips id='field-period' columns={4} options={PERIODS.map((x) => ({ value: x.value, label: x.label }))} value={form.period} onChange={(v) => set('period', v)} />
              </Field>
            )}
          </CellGroup>

          <CellGroup title='紧急程度'>
            <Field label={behalf ? '居民觉得' : '您觉得'} stacked hint={URGENCY_HELP[form.urgency]} error={errorOf(errors, 'urgency')}>
              <Chips
                id='field-urgency'
                columns={3}
                options={[...COLOURS].reverse().map((c) => ({ value: c, label: COLOUR_SHORT[c], dot: c }))}
                value={form.urgency}
                onChange={(v) => set('urgency', v)}
              />
            </Field>
          </CellGroup>
          <View className='order-new__note'>紧急程度是您的建议，社区受理时会按实际情况确定。{behalf ? '' : '门牌号和电话只给社区工作人员和为您服务的人看到。'}</View>

          {similar.length > 0 && (
            <View className='similar' id='similar-orders'>
              <View className='similar__title'>附近已有类似需求</View>
              <View className='similar__desc'>如果是同一件事，点“我也遇到”就好，不用重复提交。反映的人越多，社区越会优先处理。</View>
              {similar.map((o) => (
                <View key={o.id} className='similar__item'>
                  <View className='similar__head'>
                    <ColourDot colour={o.colour} />
                    <View className='similar__category'>{o.category}</View>
                    <Tag tone='gold'>{o.statusLabel}</Tag>
                    <View className='similar__time'>{fromNow(o.createdAt)}</View>
                  </View>
                  <View className='similar__text'>{o.text}</View>
                  <View className='similar__foot'>
                    <View className='similar__place'>
                      {[o.gridName, o.buildingName].filter(Boolean).join(' · ')}
                      {o.alsoAffected > 0 ? ` · 已有${o.alsoAffected + 1}人反映` : ''}
                    </View>
                    <Button size='small' type='primary' loading={joining === o.id} disabled={!!joined} onClick={() => void join(o)}>
                      {joined === o.id ? '已反映' : '我也遇到'}
                    </Button>
                  </View>
                </View>
              ))}
              {!joined && (
                <Button block className='similar__anyway' loading={saving} onClick={() => void submit(true)}>
                  不是同一件事，继续提交
                </Button>
              )}
            </View>
          )}

          {!similar.length && (
            <View className='order-new__actions'>
              <Button type='primary' size='large' block loading={saving} onClick={() => void submit()}>
                {saving ? '正在提交' : '提交'}
              </Button>
            </View>
          )}
        </View>
      )}
    </PageContainer>
  )
}
