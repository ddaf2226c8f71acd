// 心愿墙: approved wishes of the community, masked by the server (张*, age band, grid), with filters by
// progress (待认领 / 已认领 / 已实现), category and who the wish is for, the transparency strip
// ("本月圆梦 N 个心愿"), and the 圆梦墙 of fulfilled wishes with their thanks.
import Taro, { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import { BENEFICIARY_TYPES, WISH_CATEGORIES } from '@shared/wishes/rules'
import { api } from '../../../api/client'
import { Button, Chips, LoadMore, PageContainer, Skeleton, Tabs } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { useShowRefresh } from '../../../hooks/useShowRefresh'
import { Strip, WISH_POST, WishItem } from '../common'
import '../wish.css'

type Tab = 'board' | 'wall'
const TABS = [
  { key: 'board', title: '心愿墙' },
  { key: 'wall', title: '圆梦墙' },
] as const
type Progress = '' | 'open' | 'claimed' | 'done'
const PROGRESS = [
  { value: '', label: '全部' },
  { value: 'open', label: '待认领' },
  { value: 'claimed', label: '已认领' },
  { value: 'done', label: '已实现' },
] as const
const ALL = { value: '', label: '全部' }

export default function WishBoard() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const [tab, setTab] = useState<Tab>('board')
  const [progress, setProgress] = useState<Progress>('open')
  const [category, setCategory] = useState('')
  const [type, setType] = useState('')
  const [strip, setStrip] = useState('')
  const list = usePaged(
    async (cursor) => {
      const page =
        tab === 'wall'
          ? await api.wish.wall({ cursor, size: 10 })
          : await api.wish.board({ cursor, size: 10, ...(progress ? { progress } : {}), ...(category ? { category: category as never } : {}), ...(type ? { beneficiaryType: type as never } : {}) })
      setStrip(page.stripText)
      return page
    },
    [tab, progress, category, type],
    ready,
  )
  usePullRefresh(list.reload)
  useShowRefresh(list.reload, ready)
  useReachBottom(() => void list.loadMore())
  const canPost = !!session.profile?.complete || session.profile?.roles.some((r) => r === 'gridWorker' || r === 'communityAdmin')

  return (
    <PageContainer
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={5} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={tab === 'wall' ? { mark: '圆', title: '还没有实现的心愿', description: '心愿实现后，会在这里留下感谢。' } : { mark: '愿', title: '没有符合条件的心愿', description: '换个筛选条件看看，或发布一个心愿。' }}
      header={
        <View>
          <Tabs items={TABS} value={tab} onChange={setTab} />
          {strip && <Strip text={strip} />}
          {canPost && (
            <View className='wish-toolbar'>
              <View className='wish-toolbar__hint'>{tab === 'wall' ? '每一个实现的心愿，都有一句感谢' : '帮邻居圆一个小心愿'}</View>
              <Button size='small' type='primary' onClick={() => void Taro.navigateTo({ url: WISH_POST })}>
                发布心愿
              </Button>
            </View>
          )}
          {tab === 'board' && (
            <View className='wish-filters' id='wish-filters'>
              <Chips id='filter-progress' options={PROGRESS} value={progress} onChange={setProgress} />
              <Chips id='filter-category' options={[ALL, ...WISH_CATEGORIES.map((c) => ({ value: c, label: c }))]} value={category} onChange={setCategory} />
              <Chips id='filter-type' options={[ALL, ...BENEFICIARY_TYPES.map((c) => ({ value: c, label: c }))]} value={type} onChange={setType} />
            </View>
          )}
        </View>
      }
    >
      <View className='wish-list' id='wish-list'>
        {list.items.map((w) => (
          <WishItem key={w.id} w={w} />
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
