// 我的活动: what I signed up for (registered, waiting, offered, and those I let go), upcoming soonest
// first or past latest first.
import Taro, { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api/client'
import { ROUTES } from '../../../api/routes'
import { Button, LoadMore, PageContainer, Skeleton, Tabs } from '../../../components'
import { ActivityItem } from '../../../components/activity/ActivityItem'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { useShowRefresh } from '../../../hooks/useShowRefresh'
import '../../../components/activity/activity.css'
import '../activity.css'

type When = 'upcoming' | 'past'
const TABS = [
  { key: 'upcoming', title: '即将参加' },
  { key: 'past', title: '参加过的' },
] as const

export default function MyActivities() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const [when, setWhen] = useState<When>('upcoming')
  const list = usePaged((cursor) => api.activity.mine({ when, cursor, size: 20 }), [when], ready)
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
      emptyProps={{
        mark: '活',
        title: when === 'upcoming' ? '还没有报名活动' : '还没有参加过活动',
        description: '到“活动”里看看社区的志愿服务活动。',
        action: (
          <Button type='primary' onClick={() => void Taro.switchTab({ url: ROUTES.activities })}>
            去看看活动
          </Button>
        ),
      }}
      header={<Tabs items={TABS} value={when} onChange={setWhen} />}
    >
      <View className='act-list' id='activity-mine-list'>
        {list.items.map((a) => (
          <ActivityItem key={a.id} a={a} />
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
