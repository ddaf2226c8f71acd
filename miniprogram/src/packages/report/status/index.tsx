// 我的报到: the state of my 双报到 or volunteer application — 待审核, 已退回 with the reason (fix and send
// again), 已通过 with the 党员 badge and the way to the task hall — and withdrawing it.
import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api/client'
import { ROUTES } from '../../../api/routes'
import { Button, EmptyState, PageContainer, Skeleton } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { confirmModal, submitForm } from '../../../utils/forms'
import { REPORT_ROUTES } from '../labels'
import { MemberBadge, RegistrationCard } from '../Registration'
import '../report.css'

export default function ReportStatus() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const mine = useAsync(() => api.member.myReport(), [], ready)
  const [busy, setBusy] = useState(false)
  usePullRefresh(async () => {
    await Promise.all([mine.reload(), session.refresh()])
  })
  useDidShow(() => {
    if (ready) void mine.reload()
  })
  const r = mine.data?.current

  async function withdraw() {
    if (!r || busy) return
    const approved = r.status === 'approved'
    const ok = await confirmModal({
      title: approved ? '退出报到' : '撤回报到',
      content: approved ? '撤回后您将不再是本社区的报到党员/志愿者，不能再领取任务。确定撤回吗？' : '撤回后社区将不再审核这份报到，确定撤回吗？',
      confirmText: '撤回',
      danger: true,
    })
    if (!ok) return
    setBusy(true)
    const done = await submitForm(() => api.member.withdrawReport({ registrationId: r.id }), () => undefined)
    setBusy(false)
    if (done) {
      Taro.showToast({ title: '已撤回', icon: 'success' })
      await Promise.all([mine.reload(), session.refresh()])
    }
  }

  return (
    <PageContainer
      {...gate(session, ready, mine)}
      hasData={!!mine.data}
      skeleton={<Skeleton rows={6} />}
    >
      {r && (
        <View className='report' id='report-status'>
          {r.status === 'approved' && r.type === 'member' && (
            <View className='report-card'>
              <MemberBadge />
              <View className='report-line'>您已在{r.communityName}完成双报到，领单时将亮明党员身份。</View>
            </View>
          )}
          {r.status === 'pending' && <View className='report-note'>已提交，{r.communityName}党组织审核后会通过“我的消息”通知您。</View>}
          <RegistrationCard r={r} />
          <View className='report-actions'>
            {r.status === 'approved' && (
              <Button type='primary' size='large' block onClick={() => void Taro.switchTab({ url: ROUTES.tasks })}>
                去任务大厅领单
              </Button>
            )}
            {r.actions.includes('resend') && (
              <Button type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: `${REPORT_ROUTES.form}?type=${r.type}` })}>
                {r.status === 'returned' ? '修改后重新提交' : '重新报到'}
              </Button>
            )}
            {r.actions.includes('withdraw') && (
              <Button type='danger' block loading={busy} onClick={() => void withdraw()}>
                {r.status === 'approved' ? '退出报到' : '撤回报到'}
              </Button>
            )}
          </View>
        </View>
      )}
      {mine.data && !r && (
        <View className='report report-actions'>
          <EmptyState mark='报' title='您还没有报到' description='在职党员可向居住的社区双报到；居民也可以申请成为社区志愿者。' />
          <Button type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: REPORT_ROUTES.form })}>
            党员双报到
          </Button>
          <Button block onClick={() => void Taro.navigateTo({ url: `${REPORT_ROUTES.form}?type=volunteer` })}>
            申请成为志愿者
          </Button>
        </View>
      )}
    </PageContainer>
  )
}
