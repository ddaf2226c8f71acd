// 心愿审核 (community admin; a grid worker sees their grid): the community's wishes by state, newest
// change first; each opens the detail page, where the review moves are.
import { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api/client'
import { LoadMore, PageContainer, Skeleton, Tabs } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { useShowRefresh } from '../../../hooks/useShowRefresh'
import { WishItem } from '../common'
import '../wish.css'

type Status = 'pending_review' | 'open' | 'claimed' | 'fulfilled' | 'confirmed' | 'returned'
const TABS = [
  { key: 'pending_review', title: '待审核' },
  { key: 'open', title: '待认领' },
  { key: 'claimed', title: '已认领' },
  { key: 'fulfilled', title: '待确认' },
  { key: 'confirmed', title: '已实现' },
  { key: 'returned', title: '已退回' },
] as const

export default function WishReview() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const [status, setStatus] = useState<Status>('pending_review')
  const list = usePaged((cursor) => api.wish.manage({ status, cursor, size: 20 }), [status], ready)
  usePullRefresh(list.reload)
  useShowRefresh(list.reload, ready)
  useReachBottom(() => void list.loadMore())
  return (
    <PageContainer
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={5} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={{ mark: '审', title: status === 'pending_review' ? '没有待审核的心愿' : '这里还没有心愿' }}
      header={<Tabs items={TABS} value={status} onChange={setStatus} />}
    >
      <View className='wish-list' id='wish-review'>
        {list.items.map((w) => (
          <WishItem key={w.id} w={w} />
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
