// 我的心愿: what I posted (for me, or for residents I serve), and what I (or my unit) claimed.
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

type Tab = 'wisher' | 'claimer'
const TABS = [
  { key: 'wisher', title: '我发布的' },
  { key: 'claimer', title: '我认领的' },
] as const

export default function MyWishes() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const [tab, setTab] = useState<Tab>('wisher')
  const list = usePaged((cursor) => api.wish.mine({ as: tab, cursor, size: 20 }), [tab], ready)
  usePullRefresh(list.reload)
  useShowRefresh(list.reload, ready)
  useReachBottom(() => void list.loadMore())
  return (
    <PageContainer
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={5} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={tab === 'wisher' ? { mark: '愿', title: '还没有发布过心愿' } : { mark: '领', title: '还没有认领过心愿', description: '到心愿墙看看，帮邻居圆一个小心愿。' }}
      header={<Tabs items={TABS} value={tab} onChange={setTab} />}
    >
      <View className='wish-list' id='wish-mine'>
        {list.items.map((w) => (
          <WishItem key={w.id} w={w} />
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
