// 发布活动 / 编辑活动 (community admin, or a 共建单位's admin for a community it serves): what, where (a
// name, an optional map point and the check-in radius), when (start, end, sign-up end, the cancellation
// cut-off), and the places — one list for everybody or role buckets (2 司机 / 6 帮手), each with 仅限党员,
// skills, a minimum age and its points (per hour or fixed). Saved as a draft or published; the request
// key is made once per form, so a retried publish finds the first activity. ?id=: edit (only what
// changed is sent: the server tells everyone signed up about a new time, place or sign-up end).
import Taro, { useRouter } from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { activityApi, type ActivityView } from '@shared/contracts/activity'
import { ACTIVITY_CATEGORIES } from '@shared/activities/model'
import { MAX_BUCKETS } from '@shared/activities/rules'
import { DEFAULT_SKILLS } from '@shared/members/model'
import { api } from '../../../api/client'
import { newRequestKey } from '../../../api/transport'
import { Button, CellGroup, Chips, Field, MultiChips, PageContainer, PhotoPicker, PickerField, Skeleton, TextAreaField, TextField, type Photo } from '../../../components'
import { activityUrl } from '../../../components/activity/ActivityItem'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { errorOf, hasErrors, submitForm, validate, type FieldErrors } from '../../../utils/forms'
import { dayjs } from '../../../utils/time'
import { say } from '../common'
import '../../../components/activity/activity.css'
import '../activity.css'

type Points = 'hour' | 'fixed'
interface BucketRow {
  key?: string
  name: string
  capacity: string
  membersOnly: boolean
  skills: string[]
  minAge: string
  mode: Points
  value: string
}
const blankBucket = (name = ''): BucketRow => ({ name, capacity: '', membersOnly: false, skills: [], minAge: '', mode: 'hour', value: '10' })
const opts = <T extends string>(xs: readonly T[]) => xs.map((x) => ({ value: x, label: x }))
const MODES = [
  { value: 'single', label: '统一报名' },
  { value: 'buckets', label: '分岗位报名' },
] as const
const POINT_MODES = [
  { value: 'hour', label: '按小时计' },
  { value: 'fixed', label: '固定积分' },
] as const

/** Beijing wall time → an instant the contract takes. */
const instantOf = (date: string, time: string) => `${date}T${time}:00+08:00`
const num = (s: string) => (s.trim() === '' ? 0 : Number(s))

export default function EditActivity() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const p = session.profile
  const editId = useRouter().params?.id ?? ''
  const existing = useAsync(() => api.activity.get({ activityId: editId }), [editId], ready && !!editId)
  // A 共建单位's admin publishes for a community the unit is registered with.
  const unitOnly = !editId && !!p && p.roles.includes('unitAdmin') && !p.roles.includes('communityAdmin')
  const unit = useAsync(() => api.org.myUnit({}), [], ready && unitOnly)
  const partners = (unit.data?.registrations ?? []).filter((r) => r.status === 'approved')
  const [key] = useState(newRequestKey)
  const tomorrow = dayjs().add(1, 'day').format('YYYY-MM-DD')
  const [f, setF] = useState({
    title: '',
    description: '',
    category: '' as string,
    placeName: '',
    lat: undefined as number | undefined,
    lng: undefined as number | undefined,
    radius: '300',
    startDate: tomorrow,
    startTime: '09:00',
    endDate: tomorrow,
    endTime: '11:00',
    signupEndDate: tomorrow,
    signupEndTime: '08:00',
    cutoffHours: '2',
    offerHours: '12',
    mode: 'single' as 'single' | 'buckets',
    buckets: [blankBucket('参与者')],
    communityId: '',
    cover: [] as Photo[],
  })
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState<'draft' | 'publish' | 'save'>()
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => {
    setF((x) => ({ ...x, [k]: v }))
    setErrors((e) => (e[k] ? { ...e, [k]: undefined } : e))
  }
  const setBucket = (i: number, patch: Partial<BucketRow>) => setF((x) => ({ ...x, buckets: x.buckets.map((b, j) => (j === i ? { ...b, ...patch } : b)) }))

  useEffect(() => {
    const a = existing.data
    if (!a) return
    const d = (s: string) => dayjs(s).format('YYYY-MM-DD')
    const t = (s: string) => dayjs(s).format('HH:mm')
    setF((x) => ({
      ...x,
      title: a.title,
      description: a.description,
      category: a.category,
      placeName: a.place.name,
      lat: a.place.lat,
      lng: a.place.lng,
      radius: String(a.place.radius),
      startDate: d(a.start),
      startTime: t(a.start),
      endDate: d(a.end),
      endTime: t(a.end),
      signupEndDate: d(a.signupEnd),
      signupEndTime: t(a.signupEnd),
      cutoffHours: String(a.cutoffHours),
      offerHours: String(a.offerHours),
      mode: a.buckets.length > 1 ? 'buckets' : 'single',
      buckets: a.buckets.map((b) => ({ key: b.key, name: b.name, capacity: b.capacity ? String(b.capacity) : '', membersOnly: b.membersOnly, skills: b.skills, minAge: b.minAge ? String(b.minAge) : '', mode: 'hour', value: '' })),
    }))
  }, [existing.data])
  useEffect(() => {
    if (editId) Taro.setNavigationBarTitle({ title: '编辑活动' }).catch(() => undefined)
  }, [editId])
  useEffect(() => {
    if (unitOnly && partners.length === 1 && !f.communityId) set('communityId', partners[0].communityId)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unitOnly, partners.length])

  const place = () => ({ name: f.placeName, radius: num(f.radius), ...(f.lat !== undefined && f.lng !== undefined ? { lat: f.lat, lng: f.lng } : {}) })
  const times = () => ({ start: instantOf(f.startDate, f.startTime), end: instantOf(f.endDate, f.endTime), signupEnd: instantOf(f.signupEndDate, f.signupEndTime) })
  const buckets = () =>
    (f.mode === 'single' ? f.buckets.slice(0, 1) : f.buckets).map((b) => ({
      name: f.mode === 'single' ? '参与者' : b.name,
      capacity: num(b.capacity),
      membersOnly: b.membersOnly,
      skills: b.skills,
      minAge: num(b.minAge),
      points: b.mode === 'fixed' ? { mode: 'fixed' as const, amount: num(b.value) } : { mode: 'hour' as const, rate: num(b.value) },
    }))

  async function publish(draft: boolean) {
    const reg = partners.find((r) => r.communityId === f.communityId)
    const payload = {
      requestKey: key,
      title: f.title,
      description: f.description,
      category: f.category as (typeof ACTIVITY_CATEGORIES)[number],
      place: place(),
      ...times(),
      cutoffHours: num(f.cutoffHours),
      offerHours: num(f.offerHours) || 12,
      buckets: buckets(),
      ...(f.cover[0] ? { cover: f.cover[0].fileID } : {}),
      draft,
      ...(unitOnly && reg ? { unitId: reg.unitId, communityId: reg.communityId } : {}),
    }
    if (unitOnly && !reg) return setErrors({ communityId: '请选择为哪个社区发布' })
    const found = validate(activityApi.publish, payload)
    if (hasErrors(found)) return setErrors(found)
    setBusy(draft ? 'draft' : 'publish')
    const a = await submitForm(() => api.activity.publish(payload), setErrors)
    setBusy(undefined)
    if (a) {
      say(draft ? '草稿已保存' : '活动已发布')
      void Taro.redirectTo({ url: activityUrl(a.id) })
    }
  }

  /** Only what changed: a new time, place or sign-up end is told to everyone signed up. */
  function changes(a: ActivityView) {
    const t = times()
    const pl = place()
    const same = (x: string, y: string) => new Date(x).getTime() === new Date(y).getTime()
    const samePlace = pl.name === a.place.name && pl.radius === a.place.radius && pl.lat === a.place.lat && pl.lng === a.place.lng
    const capacities: Record<string, number> = {}
    for (const b of f.buckets) {
      const was = a.buckets.find((x) => x.key === b.key)
      if (b.key && was && num(b.capacity) !== was.capacity) capacities[b.key] = num(b.capacity)
    }
    return {
      activityId: a.id,
      ...(f.title !== a.title ? { title: f.title } : {}),
      ...(f.description !== a.description ? { description: f.description } : {}),
      ...(f.category !== a.category ? { category: f.category as (typeof ACTIVITY_CATEGORIES)[number] } : {}),
      ...(f.cover[0] ? { cover: f.cover[0].fileID } : {}),
      ...(samePlace ? {} : { place: pl }),
      ...(same(t.start, a.start) ? {} : { start: t.start }),
      ...(same(t.end, a.end) ? {} : { end: t.end }),
      ...(same(t.signupEnd, a.signupEnd) ? {} : { signupEnd: t.signupEnd }),
      ...(num(f.cutoffHours) !== a.cutoffHours ? { cutoffHours: num(f.cutoffHours) } : {}),
      ...(num(f.offerHours) !== a.offerHours ? { offerHours: num(f.offerHours) } : {}),
      ...(Object.keys(capacities).length ? { capacities } : {}),
    }
  }

  async function save() {
    const a = existing.data
    if (!a) return
    const input = changes(a)
    if (Object.keys(input).length === 1) {
      say('没有修改', false)
      return
    }
    const found = validate(activityApi.update, input)
    if (hasErrors(found)) return setErrors(found)
    setBusy('save')
    const v = await submitForm(() => api.activity.update(input), setErrors)
    setBusy(undefined)
    if (v) {
      say('已保存')
      void Taro.navigateBack().catch(() => Taro.redirectTo({ url: activityUrl(v.id) }))
    }
  }

  async function pickPoint() {
    try {
      if (process.env.TARO_ENV === 'weapp') {
        const r = await Taro.chooseLocation({})
        setF((x) => ({ ...x, lat: r.latitude, lng: r.longitude, placeName: x.placeName || r.name || r.address }))
      } else {
        const r = await Taro.getLocation({ type: 'gcj02' })
        setF((x) => ({ ...x, lat: r.latitude, lng: r.longitude }))
      }
    } catch {
      say('没有取得位置，请允许使用位置信息', false)
    }
  }

  const loading = !ready || (!!editId && existing.loading) || (unitOnly && unit.loading)
  const editing = !!editId
  const locked = editing && !!existing.data && existing.data.buckets.some((b) => b.taken > 0 || b.waiting > 0)
  const dateTime = (label: string, dk: 'startDate' | 'endDate' | 'signupEndDate', tk: 'startTime' | 'endTime' | 'signupEndTime', err: string, hint?: string) => (
    <Field label={label} required stacked hint={hint} error={errorOf(errors, err)}>
      <View className='act-when' id={`field-${err}`}>
        <Picker mode='date' value={f[dk]} start={dayjs().format('YYYY-MM-DD')} onChange={(e) => set(dk, String(e.detail.value))}>
          <View className='lx-picker act-when__part' role='button' aria-label={`${label}日期`}>
            <View className='lx-picker__text'>{dayjs(f[dk]).format('YYYY年M月D日')}</View>
          </View>
        </Picker>
        <Picker mode='time' value={f[tk]} onChange={(e) => set(tk, String(e.detail.value))}>
          <View className='lx-picker act-when__part' role='button' aria-label={`${label}时刻`}>
            <View className='lx-picker__text'>{f[tk]}</View>
          </View>
        </Picker>
      </View>
    </Field>
  )

  return (
    <PageContainer className='act' loading={loading} error={session.status === 'error' ? session.error : existing.error ?? unit.error} hasData={!!p && (!editId || !!existing.data)} skeleton={<Skeleton rows={6} />}>
      <View className='act-form' id='activity-form'>
        {unitOnly && (
          <CellGroup title='发布单位'>
            <PickerField
              name='communityId'
              label='为哪个社区发布'
              required
              placeholder='请选择社区'
              emptyText='本单位还没有报到的社区'
              options={partners.map((r) => ({ id: r.communityId, name: `${r.communityName}（${r.unitName}）` }))}
              value={f.communityId}
              onChange={(v) => set('communityId', v)}
              error={errorOf(errors, 'communityId') ?? errorOf(errors, 'unitId')}
            />
          </CellGroup>
        )}
        <CellGroup title='活动内容'>
          <TextField name='title' label='活动名称' required maxlength={30} placeholder='如：社区环境清洁日' value={f.title} onChange={(v) => set('title', v)} error={errorOf(errors, 'title')} />
          <TextAreaField name='description' label='活动介绍' required maxlength={1000} rows={5} placeholder='做什么、需要带什么、注意事项' value={f.description} onChange={(v) => set('description', v)} error={errorOf(errors, 'description')} />
          <Field label='活动类别' required stacked error={errorOf(errors, 'category')}>
            <Chips id='field-category' options={opts(ACTIVITY_CATEGORIES)} value={f.category} onChange={(v) => set('category', v)} />
          </Field>
          <Field label={editing ? '更换封面（选填）' : '封面图片（选填）'} stacked hint='活动现场或宣传图，尽量不拍人脸' error={errorOf(errors, 'cover')}>
            <PhotoPicker id='field-cover' max={1} value={f.cover} onChange={(v) => set('cover', v)} />
          </Field>
        </CellGroup>
        <CellGroup title='地点与签到'>
          <TextField name='placeName' label='活动地点' required maxlength={50} placeholder='如：和平社区广场' value={f.placeName} onChange={(v) => set('placeName', v)} error={errorOf(errors, 'place.name')} />
          <Field label='签到位置' stacked hint='设置后，参与者可以在范围内定位签到；不设置也可以扫码签到' error={errorOf(errors, 'place.lat') ?? errorOf(errors, 'place.lng')}>
            <View className='act-point' id='field-point'>
              <View className='act-point__text'>{f.lat !== undefined && f.lng !== undefined ? `已设置（${f.lat.toFixed(5)}, ${f.lng.toFixed(5)}）` : '未设置'}</View>
              <Button size='small' onClick={() => void pickPoint()}>
                {process.env.TARO_ENV === 'weapp' ? '在地图上选择' : '使用当前位置'}
              </Button>
              {f.lat !== undefined && (
                <Button size='small' onClick={() => setF((x) => ({ ...x, lat: undefined, lng: undefined }))}>
                  清除
                </Button>
              )}
            </View>
          </Field>
          <TextField name='radius' label='签到范围（米）' type='number' value={f.radius} onChange={(v) => set('radius', v)} error={errorOf(errors, 'place.radius')} />
        </CellGroup>
        <CellGroup title='时间'>
          {locked && <View className='act-note'>已有人报名，活动时间不能再修改；如需改期请取消后重新发布。</View>}
          {dateTime('开始时间', 'startDate', 'startTime', 'start')}
          {dateTime('结束时间', 'endDate', 'endTime', 'end')}
          {dateTime('报名截止', 'signupEndDate', 'signupEndTime', 'signupEnd')}
          <TextField name='cutoffHours' label='取消截止（小时）' type='number' hint='活动开始前多少小时内不能取消报名，0为开始前均可取消' value={f.cutoffHours} onChange={(v) => set('cutoffHours', v)} error={errorOf(errors, 'cutoffHours')} />
          <TextField name='offerHours' label='递补确认时限（小时）' type='number' hint='名额空出后，候补的人须在此时限内确认' value={f.offerHours} onChange={(v) => set('offerHours', v)} error={errorOf(errors, 'offerHours')} />
        </CellGroup>
        <CellGroup title='名额与积分'>
          {!editing && (
            <Field label='报名方式' stacked>
              <Chips id='field-mode' options={MODES} value={f.mode} onChange={(v) => setF((x) => ({ ...x, mode: v, buckets: v === 'buckets' && x.buckets.length === 1 && x.buckets[0].name === '参与者' ? [{ ...x.buckets[0], name: '' }] : x.buckets }))} />
            </Field>
          )}
          {(f.mode === 'single' ? f.buckets.slice(0, 1) : f.buckets).map((b, i) => (
            <View className='act-bucket-form' key={i} id={`bucket-${i}`}>
              {f.mode === 'buckets' && (
                <View className='act-bucket-form__head'>
                  <View>岗位{i + 1}</View>
                  {!editing && f.buckets.length > 1 && (
                    <Button size='small' onClick={() => setF((x) => ({ ...x, buckets: x.buckets.filter((_b, j) => j !== i) }))}>
                      删除岗位
                    </Button>
                  )}
                </View>
              )}
              {f.mode === 'buckets' && <TextField name={`bucket-${i}-name`} label='岗位名称' required maxlength={10} placeholder='如：司机、帮手' disabled={editing} value={b.name} onChange={(v) => setBucket(i, { name: v })} error={errorOf(errors, `buckets.${i}.name`)} />}
              <TextField
                name={`bucket-${i}-capacity`}
                label='名额'
                type='number'
                placeholder='不填为不限'
                hint={editing ? '可增加名额，不能少于已报名人数' : '报满后报名的人进入候补，按顺序递补'}
                value={b.capacity}
                onChange={(v) => setBucket(i, { capacity: v })}
                error={errorOf(errors, `buckets.${i}.capacity`) ?? (b.key ? errorOf(errors, `capacities.${b.key}`) : undefined) ?? (f.mode === 'single' ? errorOf(errors, 'capacity') : undefined)}
              />
              {!editing && (
                <>
                  <Field label='仅限党员'>
                    <View className={`act-switch${b.membersOnly ? ' act-switch--on' : ''}`} id={`bucket-${i}-members`} role='switch' aria-checked={b.membersOnly ? 'true' : 'false'} aria-label='仅限党员' onClick={() => setBucket(i, { membersOnly: !b.membersOnly })}>
                      <View className='act-switch__track'>
                        <View className='act-switch__knob' />
                      </View>
                    </View>
                  </Field>
                  <Field label='需要技能（选填）' stacked hint='有所选技能之一的人才能报名' error={errorOf(errors, `buckets.${i}.skills`)}>
                    <MultiChips id={`bucket-${i}-skills`} options={opts(DEFAULT_SKILLS)} values={b.skills} onChange={(v) => setBucket(i, { skills: v })} />
                  </Field>
                  <TextField name={`bucket-${i}-minAge`} label='最低年龄' type='number' placeholder='不填为不限' value={b.minAge} onChange={(v) => setBucket(i, { minAge: v })} error={errorOf(errors, `buckets.${i}.minAge`)} />
                  <Field label='积分' stacked error={errorOf(errors, `buckets.${i}.points`)}>
                    <Chips id={`bucket-${i}-points`} options={POINT_MODES} value={b.mode} onChange={(v) => setBucket(i, { mode: v })} />
                  </Field>
                  <TextField name={`bucket-${i}-value`} label={b.mode === 'hour' ? '每小时积分' : '参加可得积分'} type='number' value={b.value} onChange={(v) => setBucket(i, { value: v })} error={errorOf(errors, `buckets.${i}.points.rate`) ?? errorOf(errors, `buckets.${i}.points.amount`)} />
                </>
              )}
            </View>
          ))}
          {!editing && f.mode === 'buckets' && f.buckets.length < MAX_BUCKETS && (
            <View className='act-actions act-actions--flush'>
              <Button block onClick={() => setF((x) => ({ ...x, buckets: [...x.buckets, blankBucket()] }))}>
                添加岗位
              </Button>
            </View>
          )}
          {errorOf(errors, 'buckets') && !Object.keys(errors).some((k) => k.startsWith('buckets.') && errors[k]) && <View className='lx-field__error'>{errorOf(errors, 'buckets')}</View>}
        </CellGroup>
        <View className='act-actions'>
          {editing ? (
            <Button type='primary' block loading={busy === 'save'} onClick={() => void save()}>
              保存修改
            </Button>
          ) : (
            <>
              <Button type='primary' block loading={busy === 'publish'} disabled={!!busy} onClick={() => void publish(false)}>
                发布活动
              </Button>
              <Button block loading={busy === 'draft'} disabled={!!busy} onClick={() => void publish(true)}>
                存为草稿
              </Button>
            </>
          )}
        </View>
      </View>
    </PageContainer>
  )
}
