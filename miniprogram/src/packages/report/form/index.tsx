// 双报到 / 志愿者申请: the privacy notice first (consent is recorded before any personal data is asked),
// then the form: where one lives, work unit and 所在党组织 (members), skills from the community's list,
// weekly availability and 承诺服务事项. A returned registration opens here filled in, to fix and resend.
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { memberApi, type RegistrationView } from '@shared/contracts/member'
import { AVAILABILITY_SLOTS, PRIVACY_VERSION, type AvailabilitySlot } from '@shared/members/model'
import { api } from '../../../api/client'
import { newRequestKey } from '../../../api'
import { Button, CellGroup, Chips, Field, MultiChips, PageContainer, PickerField, Skeleton, TextAreaField, TextField } from '../../../components'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { clearError, errorOf, hasErrors, submitForm, validate, type FieldErrors } from '../../../utils/forms'
import { REPORT_ROUTES, slotLabel } from '../labels'
import '../report.css'

type Type = 'member' | 'volunteer'

interface Form {
  type: Type
  gridId: string
  buildingId: string
  realName: string
  phone: string
  unitId: string
  unitName: string
  branch: string
  skills: string[]
  availability: AvailabilitySlot[]
  promise: string
}

function formOf(type: Type, p: { gridId?: string; buildingId?: string; realName?: string; phone?: string }, r?: RegistrationView): Form {
  return {
    type: r?.type ?? type,
    gridId: r?.gridId ?? p.gridId ?? '',
    buildingId: r?.buildingId ?? p.buildingId ?? '',
    realName: r?.realName ?? p.realName ?? '',
    phone: r?.phone ?? p.phone ?? '',
    unitId: r?.unitId ?? '',
    unitName: r?.unitId ? '' : r?.unitName ?? '',
    branch: r?.branch ?? '',
    skills: r?.skills ?? [],
    availability: r?.availability ?? [],
    promise: r?.promise ?? '',
  }
}

function Privacy({ busy, onAgree }: { busy: boolean; onAgree: () => void }) {
  return (
    <View className='report'>
      <View className='report-privacy' id='privacy'>
        <View className='report-privacy__title'>隐私保护指引</View>
        <View className='report-privacy__item'>为办理双报到和志愿服务，我们需要收集您的姓名、手机号、居住的网格和楼栋、工作单位、所在党组织、技能和可服务时间。</View>
        <View className='report-privacy__item'>这些信息只给您所在社区的党组织、所在街道和您所在的共建单位党组织查看，用于审核报到和安排服务，不会用于其他用途。</View>
        <View className='report-privacy__item'>您可以随时撤回报到，也可以在“我的”中注销账号：注销后您的个人信息将被删除或匿名化处理。</View>
        <View className='report-privacy__item'>版本：{PRIVACY_VERSION}</View>
      </View>
      <View className='report-actions'>
        <Button type='primary' size='large' block loading={busy} onClick={onAgree}>
          同意并继续
        </Button>
        <Button block onClick={() => void Taro.navigateBack()}>
          暂不同意
        </Button>
      </View>
    </View>
  )
}

export default function ReportForm() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const wanted: Type = useRouter().params?.type === 'volunteer' ? 'volunteer' : 'member'
  const p = session.profile
  const data = useAsync(
    async () => {
      const [tree, options, mine] = await Promise.all([api.member.orgTree(), api.member.reportOptions({}), api.member.myReport()])
      return { tree, options, mine }
    },
    [],
    ready && !!p?.communityId,
  )
  const [form, setForm] = useState<Form | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const key = useRef<string>()

  // Filled once: from a registration to fix (returned, withdrawn, revoked in this community), else the profile.
  useEffect(() => {
    if (form || !data.data || !p) return
    const cur = data.data.mine.current
    const fix = cur && cur.communityId === p.communityId && ['returned', 'withdrawn', 'revoked'].includes(cur.status) ? cur : undefined
    setForm(formOf(wanted, p, fix))
  }, [data.data, p, form, wanted])

  function set<K extends keyof Form>(k: K, v: Form[K]) {
    setForm((f) => (f ? { ...f, [k]: v } : f))
    setErrors((e) => clearError(e, k))
  }

  async function agree() {
    setBusy(true)
    const profile = await submitForm(() => api.member.consent({ version: PRIVACY_VERSION }), setErrors)
    setBusy(false)
    if (profile) session.setProfile(profile)
  }

  async function submit() {
    if (!form || !p?.communityId || busy) return
    key.current ??= newRequestKey()
    const opt = (s: string) => (s.trim() ? s.trim() : undefined)
    const input = {
      requestKey: key.current,
      type: form.type,
      communityId: p.communityId,
      gridId: form.gridId,
      buildingId: form.buildingId,
      realName: form.realName.trim(),
      phone: form.phone.trim(),
      unitId: opt(form.unitId),
      unitName: form.unitId ? undefined : opt(form.unitName),
      branch: form.type === 'member' ? opt(form.branch) : undefined,
      skills: form.skills,
      availability: form.availability,
      promise: opt(form.promise),
    }
    const found = validate(memberApi.report, input)
    if (!form.gridId) found.gridId = '请选择网格'
    if (!form.buildingId) found.buildingId = '请选择楼栋'
    if (hasErrors(found)) {
      setErrors(found)
      Taro.showToast({ title: '请检查标红的内容', icon: 'none' })
      return
    }
    setBusy(true)
    const done = await submitForm(() => api.member.report(input), setErrors)
    setBusy(false)
    if (!done) return
    key.current = undefined
    Taro.showToast({ title: '已提交，等待社区审核', icon: 'success' })
    setTimeout(() => void Taro.redirectTo({ url: REPORT_ROUTES.status }), 600)
  }

  const tree = data.data?.tree
  const options = data.data?.options
  const grids = tree?.grids.filter((g) => g.communityId === p?.communityId) ?? []
  const buildings = tree?.buildings.filter((b) => b.gridId === form?.gridId) ?? []
  const needsPlace = ready && p && !p.communityId

  return (
    <PageContainer
      loading={!ready || (!!p?.communityId && p.consented && (data.loading || !form))}
      error={session.status === 'error' ? session.error : data.error}
      hasData={!!p && (!p.consented || !!form || !p.communityId)}
      onRetry={() => void (session.status === 'error' ? session.refresh() : data.reload())}
      skeleton={<Skeleton rows={8} />}
      empty={!!needsPlace}
      emptyProps={{ mark: '社', title: '请先选择所在社区', description: '报到要交给您居住的社区，请先在“我的 → 编辑资料”中选择社区、网格和楼栋。' }}
    >
      {p && !p.consented && <Privacy busy={busy} onAgree={() => void agree()} />}
      {p?.consented && form && options && (
        <View className='report' id='report-form'>
          <CellGroup title='报到类型'>
            <Field label='类型' required>
              <Chips
                id='field-type'
                options={[
                  { value: 'member', label: '党员双报到' },
                  { value: 'volunteer', label: '志愿者' },
                ]}
                value={form.type}
                onChange={(v) => set('type', v)}
              />
            </Field>
          </CellGroup>
          <CellGroup title={`居住地 · ${p.communityName ?? ''}`}>
            <PickerField name='gridId' label='网格' required options={grids} value={form.gridId} placeholder='请选择网格' error={errors.gridId} onChange={(id) => setForm((f) => (f ? { ...f, gridId: id, buildingId: '' } : f))} />
            <PickerField name='buildingId' label='楼栋' required options={buildings} value={form.buildingId} placeholder={form.gridId ? '请选择楼栋' : '请先选择网格'} error={errors.buildingId} onChange={(id) => set('buildingId', id)} />
          </CellGroup>
          <CellGroup title='个人信息'>
            <TextField name='realName' label='姓名' required value={form.realName} maxlength={20} placeholder='真实姓名' error={errors.realName} onChange={(v) => set('realName', v)} />
            <TextField name='phone' label='手机号' required type='number' value={form.phone} maxlength={11} placeholder='便于社区联系您' error={errors.phone} onChange={(v) => set('phone', v)} />
            {form.type === 'member' && (
              <>
                <PickerField
                  name='unitId'
                  label='共建单位'
                  options={[{ id: '', name: '不是共建单位 / 手动填写' }, ...options.units]}
                  value={form.unitId}
                  placeholder='选择您的工作单位（如在列表中）'
                  error={errors.unitId}
                  onChange={(id) => set('unitId', id)}
                />
                {!form.unitId && <TextField name='unitName' label='工作单位' value={form.unitName} maxlength={50} placeholder='如：区财政局' error={errors.unitName} onChange={(v) => set('unitName', v)} />}
                <TextField name='branch' label='所在党组织' required value={form.branch} maxlength={50} placeholder='如：区财政局机关第二党支部' error={errors.branch} onChange={(v) => set('branch', v)} />
              </>
            )}
          </CellGroup>
          <CellGroup title='服务意愿'>
            <Field label='技能特长' required stacked error={errorOf(errors, 'skills')}>
              <MultiChips id='field-skills' columns={3} options={options.skills.map((s) => ({ value: s, label: s }))} values={form.skills} onChange={(v) => set('skills', v)} />
            </Field>
            <Field label='可服务时间' required stacked error={errorOf(errors, 'availability')}>
              <MultiChips id='field-availability' columns={3} options={AVAILABILITY_SLOTS.map((s) => ({ value: s, label: slotLabel(s) }))} values={form.availability} onChange={(v) => set('availability', v)} />
            </Field>
            <TextAreaField
              name='promise'
              label='承诺服务事项'
              required={form.type === 'member'}
              value={form.promise}
              maxlength={200}
              placeholder='如：每月为独居老人上门检修一次电器'
              error={errors.promise}
              onChange={(v) => set('promise', v)}
            />
          </CellGroup>
          <View className='report-note'>提交后由{p.communityName}党组织审核，审核结果会通过“我的消息”通知您。</View>
          <View className='report-actions'>
            <Button type='primary' size='large' block loading={busy} onClick={() => void submit()}>
              {busy ? '正在提交' : '提交报到'}
            </Button>
          </View>
        </View>
      )}
    </PageContainer>
  )
}
