// 发布微心愿: the wish (title ≤ 20, story ≤ 300, category, who it is for, age band, estimated value,
// wished-by day, an optional photo with its own consent, how the gift is delivered) and the recorded
// consent to publish it, masked, on the board. ?behalf=1: a grid worker posts for a resident of their grid.
import Taro, { useRouter } from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { FOCUSABLE } from '../../../components/a11y'
import { useEffect, useState } from 'react'
import { wishApi } from '@shared/contracts/wish'
import { AGE_BANDS, BENEFICIARY_TYPES, DEFAULT_WISH_VALUE_CAP, WISH_CATEGORIES } from '@shared/wishes/rules'
import { api } from '../../../api/client'
import { newRequestKey } from '../../../api/transport'
import { Button, CellGroup, Chips, Field, PageContainer, PhotoPicker, PickerField, Skeleton, TextAreaField, TextField, type Photo } from '../../../components'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { buildingOptions, servedGrid } from '../../../pages/order/new/form'
import { errorOf, hasErrors, submitForm, validate, type FieldErrors } from '../../../utils/forms'
import { dayjs } from '../../../utils/time'
import { wishUrl } from '../common'
import '../wish.css'

const opts = <T extends string>(xs: readonly T[]) => xs.map((x) => ({ value: x, label: x }))
/**
 * The returned wish's stored photo in the picker: drawn from its temporary link; the server keeps it
 * unless the person removes or replaces it (the client never holds its file id).
 */
const KEPT_PHOTO = 'kept'
const DELIVERY = [
  { value: 'direct', label: '认领人送达' },
  { value: 'proxy', label: '网格员代转交' },
] as const

export default function PostWish() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const p = session.profile
  const params = useRouter().params ?? {}
  // ?id=: a returned wish, fixed and sent again for review.
  const editId = params.id ?? ''
  const behalf = !editId && params.behalf === '1' && !!servedGrid(p)
  const returned = useAsync(() => api.wish.get({ wishId: editId }), [editId], ready && !!editId)
  const tree = useAsync(() => api.member.orgTree(), [], ready && behalf)
  const [key] = useState(newRequestKey)
  const [f, setF] = useState({
    title: '',
    story: '',
    category: '' as string,
    beneficiaryType: '' as string,
    ageBand: '' as string,
    value: '',
    wishedBy: dayjs().add(30, 'day').format('YYYY-MM-DD'),
    delivery: 'direct' as 'direct' | 'proxy',
    deliveryNote: '',
    photos: [] as Photo[],
    photoConsent: false,
    consent: false,
    name: '',
    phone: '',
    buildingId: '',
    room: '',
  })
  useEffect(() => {
    const w = returned.data
    if (!w) return
    setF((x) => ({
      ...x,
      title: w.title,
      story: w.story,
      category: w.category,
      beneficiaryType: w.beneficiaryType,
      ageBand: w.ageBand,
      value: String(w.value),
      wishedBy: w.wishedBy,
      delivery: w.delivery,
      deliveryNote: w.deliveryNote ?? '',
      photos: w.photo ? [{ fileID: KEPT_PHOTO, url: w.photo }] : [],
      photoConsent: !!w.photoConsent,
      consent: true,
    }))
  }, [returned.data])
  useEffect(() => {
    if (editId || behalf) Taro.setNavigationBarTitle({ title: editId ? '修改心愿' : '代居民发布心愿' }).catch(() => undefined)
  }, [editId, behalf])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => {
    setF((x) => ({ ...x, [k]: v }))
    // A field the person changed no longer shows its old error.
    setErrors((e) => (e[k] ? { ...e, [k]: undefined } : e))
  }

  function input() {
    return {
      requestKey: key,
      title: f.title,
      story: f.story,
      category: f.category as never,
      beneficiaryType: f.beneficiaryType as never,
      ageBand: f.ageBand as never,
      value: f.value === '' ? (undefined as never) : Number(f.value),
      wishedBy: f.wishedBy,
      delivery: f.delivery,
      deliveryNote: f.deliveryNote || undefined,
      ...(f.photos[0] ? { photo: f.photos[0].fileID, photoConsent: f.photoConsent } : {}),
      consent: f.consent as true,
      ...(behalf ? { onBehalfOf: { name: f.name, ...(f.phone ? { phone: f.phone } : {}), buildingId: f.buildingId, room: f.room } } : {}),
    }
  }

  async function submit() {
    if (editId) {
      const { requestKey: _k, consent: _c, onBehalfOf: _o, photo: _p, photoConsent: _pc, ...fields } = input() as ReturnType<typeof input> & { onBehalfOf?: unknown; photo?: string; photoConsent?: boolean }
      const shown = f.photos[0]
      // The stored photo as it was (kept), a new one (replaced), or none where there was one (removed).
      const photo = shown ? { ...(shown.fileID === KEPT_PHOTO ? {} : { photo: shown.fileID }), photoConsent: f.photoConsent } : returned.data?.photo ? { removePhoto: true } : {}
      const again = { wishId: editId, ...fields, ...photo }
      const found = validate(wishApi.resubmit, again)
      if (hasErrors(found)) return setErrors(found)
      setBusy(true)
      const w = await submitForm(() => api.wish.resubmit(again), setErrors)
      setBusy(false)
      if (w) {
        Taro.showToast({ title: '已重新提交审核', icon: 'success' })
        void Taro.navigateBack().catch(() => Taro.redirectTo({ url: wishUrl(w.id) }))
      }
      return
    }
    const payload = input()
    const found = validate(wishApi.post, payload)
    if (hasErrors(found)) return setErrors(found)
    setBusy(true)
    const w = await submitForm(() => api.wish.post(payload), setErrors)
    setBusy(false)
    if (w) {
      Taro.showToast({ title: '已提交，等待社区审核', icon: 'success' })
      void Taro.redirectTo({ url: wishUrl(w.id) })
    }
  }

  const today = dayjs().format('YYYY-MM-DD')
  return (
    <PageContainer loading={!ready || (behalf && tree.loading) || (!!editId && returned.loading)} error={session.status === 'error' ? session.error : tree.error ?? returned.error} hasData={!!p} skeleton={<Skeleton rows={6} />}>
      <View className='wish-form' id='wish-post'>
        {returned.data?.returnReason && <View className='wish-note wish-note--warn'>社区退回的原因：{returned.data.returnReason}</View>}
        <View className='wish-note'>心愿经社区审核后发布到心愿墙。墙上只显示姓氏（如“张*”）、年龄段和网格，不显示地址和电话；只有认领人在认领后才能看到联系方式。</View>
        {behalf && (
          <CellGroup title='为哪位居民发布'>
            <TextField name='name' label='居民姓名' required value={f.name} onChange={(v) => set('name', v)} error={errorOf(errors, 'onBehalfOf.name')} />
            <TextField name='phone' label='联系电话' type='number' value={f.phone} onChange={(v) => set('phone', v)} error={errorOf(errors, 'onBehalfOf.phone')} />
            <PickerField name='buildingId' label='楼栋' required placeholder='请选择楼栋' options={buildingOptions(tree.data, p, true)} value={f.buildingId} onChange={(v) => set('buildingId', v)} error={errorOf(errors, 'onBehalfOf.buildingId')} />
            <TextField name='room' label='门牌号' required value={f.room} onChange={(v) => set('room', v)} error={errorOf(errors, 'onBehalfOf.room')} />
          </CellGroup>
        )}
        <CellGroup title='心愿'>
          <TextField name='title' label='心愿标题' required maxlength={20} placeholder='如：想要一个新书包' value={f.title} onChange={(v) => set('title', v)} error={errorOf(errors, 'title')} />
          <TextAreaField name='story' label='心愿故事' required maxlength={300} rows={4} placeholder='说说为什么需要，不要写地址、电话' value={f.story} onChange={(v) => set('story', v)} error={errorOf(errors, 'story')} />
          <Field label='心愿类别' required stacked error={errorOf(errors, 'category')}>
            <Chips id='field-category' options={opts(WISH_CATEGORIES)} value={f.category} onChange={(v) => set('category', v)} />
          </Field>
          <Field label='心愿对象' required stacked error={errorOf(errors, 'beneficiaryType')}>
            <Chips id='field-beneficiaryType' options={opts(BENEFICIARY_TYPES)} value={f.beneficiaryType} onChange={(v) => set('beneficiaryType', v)} />
          </Field>
          <Field label='年龄段' required stacked error={errorOf(errors, 'ageBand')}>
            <Chips id='field-ageBand' columns={3} options={opts(AGE_BANDS)} value={f.ageBand} onChange={(v) => set('ageBand', v)} />
          </Field>
          <TextField name='value' label='估计价值（元）' required type='number' hint={`一般不超过${DEFAULT_WISH_VALUE_CAP}元`} value={f.value} onChange={(v) => set('value', v)} error={errorOf(errors, 'value')} />
          <Field label='期望实现日期' required error={errorOf(errors, 'wishedBy')}>
            <Picker mode='date' value={f.wishedBy} start={today} end={dayjs().add(180, 'day').format('YYYY-MM-DD')} onChange={(e) => set('wishedBy', String(e.detail.value))}>
              <View className='lx-picker' id='field-wishedBy'>
                <View className='lx-picker__text'>{dayjs(f.wishedBy).format('YYYY年M月D日')}</View>
                <View className='lx-cell__arrow' />
              </View>
            </Picker>
          </Field>
        </CellGroup>
        <CellGroup title='照片（选填）'>
          <Field label='照片' stacked hint='建议拍物品或环境，尽量不拍人脸' error={errorOf(errors, 'photo')}>
            <PhotoPicker id='field-photo' max={1} value={f.photos} onChange={(v) => set('photos', v)} />
          </Field>
          {f.photos[0]?.fileID === KEPT_PHOTO && returned.data?.photoHidden && <View className='wish-note'>社区已将这张照片设为不公开，只给社区工作人员看。</View>}
          {f.photos.length > 0 && (
            <View className='wish-consent' id='photo-consent' role='checkbox' aria-checked={f.photoConsent ? 'true' : 'false'} {...FOCUSABLE} onClick={() => set('photoConsent', !f.photoConsent)}>
              <View aria-hidden='true' className={`wish-consent__box${f.photoConsent ? ' wish-consent__box--on' : ''}`}>{f.photoConsent ? '✓' : ''}</View>
              <View>同意在心愿墙上公开这张照片（如照片中有人脸，也一并同意）。不勾选时，照片只给社区工作人员看。</View>
            </View>
          )}
        </CellGroup>
        <CellGroup title='送达方式'>
          <Field label='送达方式' stacked hint={f.delivery === 'proxy' ? '认领人把物品交给网格员转交，不会知道住址' : '认领人认领后可看到联系方式，上门送达'} error={errorOf(errors, 'delivery')}>
            <Chips id='field-delivery' options={DELIVERY} value={f.delivery} onChange={(v) => set('delivery', v)} />
          </Field>
          {f.delivery === 'direct' && <TextAreaField name='deliveryNote' label='送达说明（选填）' maxlength={100} rows={2} placeholder='如：周末下午在家' value={f.deliveryNote} onChange={(v) => set('deliveryNote', v)} error={errorOf(errors, 'deliveryNote')} />}
        </CellGroup>
        <View className='wish-consent' id='field-consent' role='checkbox' aria-checked={f.consent ? 'true' : 'false'} {...FOCUSABLE} onClick={() => set('consent', !f.consent)}>
          <View aria-hidden='true' className={`wish-consent__box${f.consent ? ' wish-consent__box--on' : ''}`}>{f.consent ? '✓' : ''}</View>
          <View>
            {behalf ? '居民本人已同意' : '我同意'}将心愿（隐去姓名、地址、电话）公开发布到社区心愿墙。
            {errorOf(errors, 'consent') && <View className='lx-field__error'>{errorOf(errors, 'consent')}</View>}
          </View>
        </View>
        <View className='wish-actions'>
          <Button type='primary' block loading={busy} onClick={() => void submit()}>
            提交审核
          </Button>
        </View>
      </View>
    </PageContainer>
  )
}
