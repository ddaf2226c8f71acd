// 报到审核 (community admins; street admins read a community's): 待审核 oldest first, then the other
// states; each opens its detail to decide.
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api/client'
import { LoadMore, PageContainer, Skeleton, Tabs, Tag } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { fromNow } from '../../../utils/time'
import { REPORT_ROUTES, STATE_TONE, stateLabel } from '../labels'
import '../report.css'

type Tab = 'pending' | 'approved' | 'returned' | 'all'
const TABS = [
  { key: 'pending', title: '待审核' },
  { key: 'approved', title: '已通过' },
  { key: 'returned', title: '已退回' },
  { key: 'all', title: '全部' },
] as const

export default function ReportQueue() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const [tab, setTab] = useState<Tab>('pending')
  const list = usePaged((cursor) => api.member.reports({ status: tab, cursor, size: 20 }), [tab], ready)
  usePullRefresh(list.reload)
  useDidShow(() => {
    if (ready && list.loaded) void list.reload()
  })
  useReachBottom(() => void list.loadMore())

  return (
    <PageContainer
      header={
        <View className='report-head'>
          <Tabs items={TABS} value={tab} onChange={setTab} />
        </View>
      }
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={5} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={{ mark: '审', title: tab === 'pending' ? '没有待审核的报到' : '暂无记录', description: '党员双报到和志愿者申请提交后会出现在这里。' }}
    >
      <View className='report' id='report-queue'>
        {list.items.map((r) => (
          <View key={r.id} className='report-item' role='button' onClick={() => void Taro.navigateTo({ url: `${REPORT_ROUTES.review}?id=${r.id}` })}>
            <View className='report-item__top'>
              <View className='report-item__name'>{r.realName}</View>
              <Tag tone={r.type === 'member' ? 'red' : 'gray'}>{r.type === 'member' ? '党员' : '志愿者'}</Tag>
              <Tag tone={STATE_TONE[r.status]}>{stateLabel(r.status)}</Tag>
            </View>
            <View className='report-item__meta'>
              {[r.gridName, r.buildingName].filter(Boolean).join(' · ')} · {r.skills.join('、')}
            </View>
            <View className='report-item__meta'>
              {r.unitName ? `${r.unitName} · ` : ''}提交于{fromNow(r.submittedAt)}
            </View>
          </View>
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
