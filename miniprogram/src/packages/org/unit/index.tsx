// 单位报到 (unit admin): the unit's registrations with communities as 共建单位 — report to a community,
// read why one was returned and send it again, withdraw; 我们的资源 (resources and contact) edited while
// registered; the way to the unit's 党员报到台账.
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import { orgApi, type UnitRegView } from '@shared/contracts/org'
import { api } from '../../../api/client'
import { ROUTES } from '../../../api/routes'
import { Button, Card, Cell, CellGroup, PageContainer, PickerField, Sheet, SheetFoot, Skeleton, TextAreaField, TextField } from '../../../components'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { confirmModal, hasErrors, submitForm, validate, type FieldErrors } from '../../../utils/forms'
import { day, Resources, run, StatusTag } from '../common'
import { blankRow, ResourceEditor, toInput, type ResourceRow } from '../ResourceEditor'
import '../org.css'

type Form = { mode: 'report' | 'edit'; reg?: UnitRegView }

export default function UnitReport() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const data = useAsync(async () => {
    const [mine, tree] = await Promise.all([api.org.myUnit({}), api.member.orgTree({ streetId: session.profile?.streetId })])
    return { mine, tree }
  }, [], ready)
  usePullRefresh(data.reload)
  const [form, setForm] = useState<Form>()
  const regs = data.data?.mine.registrations ?? []

  async function withdraw(r: UnitRegView) {
    if (!(await confirmModal({ title: '撤回报到', content: `撤回在${r.communityName}的报到？撤回后可重新提交。`, confirmText: '撤回', danger: true }))) return
    if (await run(() => api.org.withdrawUnit({ registrationId: r.id }), '已撤回')) void data.reload()
  }

  return (
    <PageContainer
      loading={!ready || data.loading}
      error={session.status === 'error' ? session.error : data.error}
      hasData={!!data.data}
      onRetry={() => void data.reload()}
      skeleton={<Skeleton rows={5} />}
      header={
        data.data && (
          <View className='org-head'>
            <View className='org-head__title'>{data.data.mine.unit.name}</View>
            <Button type='primary' size='small' onClick={() => setForm({ mode: 'report' })}>
              向社区报到
            </Button>
          </View>
        )
      }
    >
      <View className='org-list' id='unit-regs'>
        <CellGroup>
          <Cell title='单位党员报到台账' label='本单位党员在哪个社区报到、做了哪些服务' arrow onClick={() => Taro.navigateTo({ url: ROUTES.orgLedger })} />
        </CellGroup>
        {regs.length === 0 && <View className='org-note'>本单位还没有向社区报到。点右上角“向社区报到”，写明可以提供的资源，社区审核通过后即成为共建单位。</View>}
        {regs.map((r) => (
          <Card key={r.id} className='org-card' title={r.communityName} extra={<StatusTag status={r.status} label={r.statusLabel} />}>
            <View className='org-card__meta'>
              联系人 {r.contactName} {r.contactPhone} · 更新于 {day(r.updatedAt)}
            </View>
            {r.returnReason && <View className='org-card__reason'>退回原因：{r.returnReason}</View>}
            <Resources items={r.resources} />
            <View className='org-actions'>
              {r.actions.includes('withdraw') && (
                <Button size='small' onClick={() => void withdraw(r)}>
                  撤回
                </Button>
              )}
              {r.actions.includes('edit') && (
                <Button size='small' type='gold' onClick={() => setForm({ mode: 'edit', reg: r })}>
                  我们的资源
                </Button>
              )}
              {r.actions.includes('resend') && (
                <Button size='small' type='primary' onClick={() => setForm({ mode: 'report', reg: r })}>
                  修改后重新提交
                </Button>
              )}
            </View>
          </Card>
        ))}
      </View>
      {form && (
        <ReportSheet
          form={form}
          communities={(data.data?.tree.communities ?? []).filter((c) => !regs.some((r) => r.communityId === c.id && (r.status === 'pending' || r.status === 'approved')) || c.id === form.reg?.communityId)}
          onClose={() => setForm(undefined)}
          onDone={() => {
            setForm(undefined)
            void data.reload()
          }}
        />
      )}
    </PageContainer>
  )
}

function ReportSheet({ form, communities, onClose, onDone }: { form: Form; communities: { id: string; name: string }[]; onClose: () => void; onDone: () => void }) {
  const reg = form.reg
  const [communityId, setCommunityId] = useState(reg?.communityId ?? '')
  const [contactName, setContactName] = useState(reg?.contactName ?? '')
  const [contactPhone, setContactPhone] = useState(reg?.contactPhone ?? '')
  const [intro, setIntro] = useState(reg?.intro ?? '')
  const [rows, setRows] = useState<ResourceRow[]>(() => (reg ? reg.resources.filter((r) => !r.retired).map((r) => ({ id: r.id, title: r.title, kind: r.kind, detail: r.detail ?? '' })) : [blankRow()]))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const editing = form.mode === 'edit'

  async function ok() {
    setBusy(true)
    let done: unknown
    if (editing) {
      const input = { registrationId: reg!.id, resources: toInput(rows), contactName, contactPhone }
      const found = validate(orgApi.updateResources, input)
      if (hasErrors(found)) {
        setBusy(false)
        return setErrors(found)
      }
      done = await submitForm(() => api.org.updateResources(input), setErrors)
    } else {
      const input = { communityId, contactName, contactPhone, intro: intro.trim() || undefined, resources: toInput(rows) }
      const found = validate(orgApi.unitReport, input)
      if (!communityId) found.communityId = '请选择社区'
      if (hasErrors(found)) {
        setBusy(false)
        return setErrors(found)
      }
      done = await submitForm(() => api.org.unitReport(input), setErrors)
    }
    setBusy(false)
    if (done) {
      Taro.showToast({ title: editing ? '已保存' : '已提交，等待社区审核', icon: 'none' })
      onDone()
    }
  }

  return (
    <Sheet open title={editing ? '我们的资源' : '向社区报到'} id='sheet-unit-report' onClose={onClose} footer={<SheetFoot busy={busy} onCancel={onClose} onOk={() => void ok()} okText={editing ? '保存' : '提交报到'} />}>
      {!editing && <PickerField name='communityId' label='报到社区' required options={communities} value={communityId} onChange={setCommunityId} placeholder='请选择社区' emptyText='没有可报到的社区' disabled={!!reg} error={errors.communityId} />}
      <TextField name='contactName' label='联系人' required value={contactName} maxlength={20} placeholder='姓名' error={errors.contactName} onChange={setContactName} />
      <TextField name='contactPhone' label='联系电话' required type='number' value={contactPhone} maxlength={11} placeholder='11位手机号' error={errors.contactPhone} onChange={setContactPhone} />
      {!editing && <TextAreaField name='intro' label='单位简介' value={intro} maxlength={200} rows={2} placeholder='选填，如党员人数、擅长领域' error={errors.intro} onChange={setIntro} />}
      <ResourceEditor rows={rows} onChange={setRows} errors={errors} />
    </Sheet>
  )
}
