// 共建单位审核 (community admin; the street sees and may end co-building): the community's unit
// registrations by status — approve, return with a reason the unit reads, end a co-building.
import { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import type { UnitRegView } from '@shared/contracts/org'
import { api } from '../../../api/client'
import { Button, Card, Chips, LoadMore, PageContainer, Skeleton, Tabs } from '../../../components'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { confirmModal } from '../../../utils/forms'
import { day, ReasonSheet, Resources, run, StatusTag } from '../common'
import { adminCommunities } from '../scope'
import '../org.css'

type Tab = 'pending' | 'approved' | 'all'
const TABS = [
  { key: 'pending', title: '待审核' },
  { key: 'approved', title: '已报到' },
  { key: 'all', title: '全部' },
] as const

export default function UnitReview() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const communities = useAsync(() => adminCommunities(session.profile), [], ready)
  const [picked, setPicked] = useState<string>()
  const communityId = picked ?? communities.data?.[0]?.id
  const [tab, setTab] = useState<Tab>('pending')
  const list = usePaged((cursor) => api.org.units({ communityId: communityId!, status: tab === 'all' ? undefined : tab, cursor, size: 10 }), [communityId, tab], ready && !!communityId)
  usePullRefresh(list.reload)
  useReachBottom(() => void list.loadMore())
  const [reason, setReason] = useState<{ reg: UnitRegView; decision: 'return' | 'revoke' }>()

  async function approve(r: UnitRegView) {
    if (!(await confirmModal({ title: '审核通过', content: `同意${r.unitName}成为共建单位？` }))) return
    if (await run(() => api.org.reviewUnit({ registrationId: r.id, decision: 'approve' }), '已通过')) void list.reload()
  }

  const noCommunity = communities.data && communities.data.length === 0
  return (
    <PageContainer
      loading={!ready || communities.loading || (!!communityId && list.loading)}
      error={session.status === 'error' ? session.error : communities.error ?? list.error}
      hasData={list.loaded}
      onRetry={() => void (communities.error ? communities.reload() : list.reload())}
      skeleton={<Skeleton rows={5} />}
      empty={noCommunity || (list.loaded && list.items.length === 0)}
      emptyProps={noCommunity ? { mark: '管', title: '您没有管理的社区' } : { mark: '共', title: tab === 'pending' ? '没有待审核的报到' : '还没有共建单位', description: '单位党组织在“单位报到”提交后，会出现在这里。' }}
      header={
        <View>
          {(communities.data?.length ?? 0) > 1 && (
            <View className='org-toolbar'>
              <Chips options={communities.data!.map((c) => ({ value: c.id, label: c.name }))} value={communityId} onChange={setPicked} />
            </View>
          )}
          <Tabs items={TABS} value={tab} onChange={setTab} />
        </View>
      }
    >
      <View className='org-list' id='unit-review'>
        {list.items.map((r) => (
          <Card key={r.id} className='org-card unit-reg' title={r.unitName} extra={<StatusTag status={r.status} label={r.statusLabel} />}>
            <View className='org-card__meta'>
              联系人 {r.contactName} {r.contactPhone} · 提交于 {day(r.createdAt)}
            </View>
            {r.intro && <View className='org-card__text'>{r.intro}</View>}
            {r.returnReason && <View className='org-card__reason'>退回原因：{r.returnReason}</View>}
            <Resources items={r.resources} />
            <View className='org-actions'>
              {r.actions.includes('return') && (
                <Button size='small' onClick={() => setReason({ reg: r, decision: 'return' })}>
                  退回
                </Button>
              )}
              {r.actions.includes('revoke') && (
                <Button size='small' type='danger' onClick={() => setReason({ reg: r, decision: 'revoke' })}>
                  解除共建
                </Button>
              )}
              {r.actions.includes('approve') && (
                <Button size='small' type='primary' onClick={() => void approve(r)}>
                  通过
                </Button>
              )}
            </View>
          </Card>
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
      <ReasonSheet
        open={!!reason}
        title={reason?.decision === 'revoke' ? '解除共建' : '退回报到'}
        label={reason?.decision === 'revoke' ? '解除原因' : '退回原因'}
        okText={reason?.decision === 'revoke' ? '解除' : '退回'}
        placeholder={reason?.decision === 'revoke' ? '单位会收到这条原因' : '请写明需要单位修改什么'}
        onClose={() => setReason(undefined)}
        onOk={async (text) => {
          if (!reason) return false
          if (reason.decision === 'revoke' && !(await confirmModal({ title: '解除共建', content: `确定解除与${reason.reg.unitName}的共建关系？`, confirmText: '解除', danger: true }))) return false
          const ok = await run(() => api.org.reviewUnit({ registrationId: reason.reg.id, decision: reason.decision, reason: text }), reason.decision === 'revoke' ? '已解除' : '已退回')
          if (ok) {
            setReason(undefined)
            void list.reload()
          }
          return !!ok
        }}
      />
    </PageContainer>
  )
}
