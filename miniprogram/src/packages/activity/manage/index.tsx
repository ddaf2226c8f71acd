// 活动管理 (community admin, or a 共建单位's admin): the activities they organise by status — 已发布,
// 草稿, 已结束, 已取消 — newest first, and the way to publish a new one.
import Taro, { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api/client'
import { Button, LoadMore, PageContainer, Skeleton, Tabs } from '../../../components'
import { ActivityItem } from '../../../components/activity/ActivityItem'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { useShowRefresh } from '../../../hooks/useShowRefresh'
import { editUrl } from '../common'
import '../../../components/activity/activity.css'
import '../activity.css'

type Status = 'published' | 'draft' | 'finished' | 'cancelled'
const TABS = [
  { key: 'published', title: '已发布' },
  { key: 'draft', title: '草稿' },
  { key: 'finished', title: '已结束' },
  { key: 'cancelled', title: '已取消' },
] as const
const EMPTY: Record<Status, string> = { published: '没有已发布的活动', draft: '没有草稿', finished: '没有已结束的活动', cancelled: '没有取消的活动' }

export default function ManageActivities() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const [status, setStatus] = useState<Status>('published')
  const list = usePaged((cursor) => api.activity.manage({ status, cursor, size: 20 }), [status], ready)
  usePullRefresh(list.reload)
  useShowRefresh(list.reload, ready)
  useReachBottom(() => void list.loadMore())
  return (
    <PageContainer
      className='act'
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={4} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={{ mark: '活', title: EMPTY[status], description: status === 'published' || status === 'draft' ? '点右上角“发布活动”，组织一次志愿服务。' : undefined }}
      header={
        <View>
          <Tabs items={TABS} value={status} onChange={setStatus} />
          <View className='act-toolbar'>
            <Button type='primary' size='small' onClick={() => void Taro.navigateTo({ url: editUrl() })}>
              发布活动
            </Button>
          </View>
        </View>
      }
    >
      <View className='act-list' id='activity-manage'>
        {list.items.map((a) => (
          <ActivityItem key={a.id} a={a} />
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
