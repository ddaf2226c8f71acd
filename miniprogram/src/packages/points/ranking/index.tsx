// 排行榜: this month's or this year's points, in the person's community or their unit (双报到); names
// masked; a person may leave the public ranking.
import Taro, { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import type { RankingView } from '@shared/contracts/points'
import { api } from '../../../api/client'
import { LoadMore, PageContainer, Skeleton, Tabs, Toggle } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import '../points.css'

type Period = 'month' | 'year'
type Scope = 'community' | 'unit'
const PERIODS = [
  { key: 'month', title: '本月' },
  { key: 'year', title: '本年' },
] as const
const SCOPES = [
  { key: 'community', title: '社区' },
  { key: 'unit', title: '单位' },
] as const

export default function Ranking() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const [period, setPeriod] = useState<Period>('month')
  const [scope, setScope] = useState<Scope>('community')
  const [head, setHead] = useState<Omit<RankingView, 'items' | 'nextCursor'>>()
  const list = usePaged(
    async (cursor) => {
      const r = await api.points.ranking({ cursor, size: 20, period, scope })
      setHead(r)
      return r
    },
    [period, scope],
    ready,
  )
  usePullRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  async function optOut(value: boolean) {
    try {
      await api.points.optOut({ optOut: value })
      await list.reload()
    } catch (e) {
      Taro.showToast({ title: (e as Error).message || '操作失败，请稍后再试', icon: 'none' })
    }
  }

  return (
    <PageContainer
      header={
        <View>
          <Tabs items={PERIODS} value={period} onChange={setPeriod} />
          <Tabs items={SCOPES} value={scope} onChange={setScope} />
          {head && (
            <View className='pts-item'>
              <View>
                {head.scopeName} · {head.period}
                {head.mine ? ` · 我的积分 ${head.mine.points}` : ''}
              </View>
              <View>
                不参与排名 <Toggle id='ranking-opt-out' label='不参与排名' checked={!!head.mine?.optOut} onChange={(v) => void optOut(v)} />
              </View>
            </View>
          )}
        </View>
      }
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={8} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={{ mark: '榜', title: '暂无排名', description: '完成服务、获得积分后即可上榜。' }}
    >
      <View className='pts-list' id='ranking'>
        {list.items.map((r, i) => (
          <View key={i} className='pts-item'>
            <View className={r.me ? 'pts-plus' : ''}>
              第{r.rank}名 {r.name}
            </View>
            <View>
              {r.points} 积分 · {r.hours} 小时
            </View>
          </View>
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
