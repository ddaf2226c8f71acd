// 报到详情 for the community admin: 通过, 退回 with a reason (the person fixes and resends), and 撤销 an
// approved one (confirmed, with a reason). Street admins read it without the buttons.
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api/client'
import { Button, PageContainer, Sheet, SheetFoot, Skeleton, TextAreaField } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { confirmModal, submitForm, type FieldErrors } from '../../../utils/forms'
import { RegistrationCard } from '../Registration'
import '../report.css'

export default function ReportReview() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const id = useRouter().params?.id ?? ''
  const reg = useAsync(() => api.member.getReport({ registrationId: id }), [id], ready)
  usePullRefresh(reg.reload)
  const [sheet, setSheet] = useState<'return' | 'revoke' | null>(null)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const r = reg.data

  async function decide(decision: 'approve' | 'return' | 'revoke') {
    if (!r || busy) return
    if (decision === 'approve' && !(await confirmModal({ title: '通过报到', content: `确认通过${r.realName}的报到吗？通过后即可领取任务。`, confirmText: '通过' }))) return
    if (decision === 'revoke' && !(await confirmModal({ title: '撤销报到', content: `撤销后${r.realName}将不能再领取本社区的任务，确定撤销吗？`, confirmText: '撤销', danger: true }))) return
    setBusy(true)
    const done = await submitForm(() => api.member.reviewReport({ registrationId: r.id, decision, reason: decision === 'approve' ? undefined : reason }), setErrors)
    setBusy(false)
    if (!done) return
    setSheet(null)
    setReason('')
    Taro.showToast({ title: decision === 'approve' ? '已通过' : decision === 'return' ? '已退回' : '已撤销', icon: 'success' })
    await reg.reload()
  }

  return (
    <PageContainer {...gate(session, ready, reg)} hasData={!!r} skeleton={<Skeleton rows={8} />}>
      {r && (
        <View className='report' id='report-review'>
          <RegistrationCard r={r} admin />
          <View className='report-actions'>
            {r.actions.includes('approve') && (
              <Button type='primary' size='large' block loading={busy && !sheet} onClick={() => void decide('approve')}>
                通过
              </Button>
            )}
            {r.actions.includes('return') && (
              <Button block onClick={() => setSheet('return')}>
                退回修改
              </Button>
            )}
            {r.actions.includes('revoke') && (
              <Button type='danger' block onClick={() => setSheet('revoke')}>
                撤销报到
              </Button>
            )}
          </View>
          <Sheet open={!!sheet} title={sheet === 'revoke' ? '撤销报到' : '退回修改'} onClose={() => setSheet(null)} footer={<SheetFoot busy={busy} onCancel={() => setSheet(null)} onOk={() => void decide(sheet!)} okText={sheet === 'revoke' ? '撤销' : '退回'} />}>
            <TextAreaField
              name='reason'
              label={sheet === 'revoke' ? '撤销原因' : '退回原因'}
              required
              value={reason}
              maxlength={200}
              placeholder={sheet === 'revoke' ? '如：已搬离本社区' : '如：请填写完整的党支部名称'}
              error={errors.reason}
              onChange={(v) => {
                setReason(v)
                setErrors({})
              }}
            />
          </Sheet>
        </View>
      )}
    </PageContainer>
  )
}
