// 活动: the volunteer activities of the person's community — upcoming or past, by category, on a day,
// and "我能参加" (sign-up open now). Each card says when and where, the phase (报名中 / 报名截止…), how
// many signed up, and the person's own place. 我的活动 and, for organisers, 活动管理 are one tap away.
import Taro, { useReachBottom } from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { useState } from 'react'
import { ACTIVITY_CATEGORIES } from '@shared/activities/model'
import { api } from '../../api/client'
import { ROUTES } from '../../api/routes'
import { Button, Chips, EmptyState, LoadMore, PageContainer, Skeleton, Tabs } from '../../components'
import { ActivityItem } from '../../components/activity/ActivityItem'
import { gate } from '../../hooks/gate'
import { useAuthedSession } from '../../hooks/session'
import { usePaged } from '../../hooks/usePaged'
import { usePullRefresh } from '../../hooks/usePullRefresh'
import { useShowRefresh } from '../../hooks/useShowRefresh'
import { organisesActivities } from '../../utils/roles'
import { dayjs } from '../../utils/time'
import './index.css'

type When = 'upcoming' | 'past'
const TABS = [
  { key: 'upcoming', title: '近期活动' },
  { key: 'past', title: '往期活动' },
] as const
const CATEGORIES = [{ value: '', label: '全部' }, ...ACTIVITY_CATEGORIES.map((c) => ({ value: c as string, label: c }))]

export default function Activities() {
  const session = useAuthedSession()
  const p = session.profile
  // Activities are read in the person's community (or the one an admin grant names).
  const placed = !!p && (p.complete || p.grants.some((g) => !!g.communityId))
  const ready = session.status === 'ready' && placed
  const [when, setWhen] = useState<When>('upcoming')
  const [category, setCategory] = useState('')
  const [day, setDay] = useState('')
  const [canJoin, setCanJoin] = useState(false)
  const list = usePaged(
    (cursor) =>
      api.activity.list({
        when,
        cursor,
        size: 10,
        ...(category ? { category: category as (typeof ACTIVITY_CATEGORIES)[number] } : {}),
        ...(day ? { day } : {}),
        ...(canJoin ? { canJoin } : {}),
      }),
    [when, category, day, canJoin],
    ready,
  )
  usePullRefresh(async () => {
    await session.refresh()
    if (ready) await list.reload()
  })
  useShowRefresh(list.reload, ready)
  useReachBottom(() => void list.loadMore())

  if (session.status === 'ready' && !placed) {
    return (
      <PageContainer className='act'>
        <EmptyState
          mark='活'
          title='请先选择所在社区'
          description='选择您所在的社区后，就能看到社区发布的志愿服务活动并报名参加。'
          action={
            <Button type='primary' onClick={() => void Taro.navigateTo({ url: ROUTES.profile })}>
              去选择社区
            </Button>
          }
        />
      </PageContainer>
    )
  }

  const filtered = !!(category || day || canJoin)
  return (
    <PageContainer
      className='act'
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={4} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={{
        mark: '活',
        title: filtered ? '没有符合条件的活动' : when === 'past' ? '还没有往期活动' : '暂无活动',
        description: filtered ? '换个类别或日期看看。' : '社区发布的志愿服务活动会出现在这里，届时可以报名参加。',
      }}
      header={
        <View>
          <Tabs items={TABS} value={when} onChange={setWhen} />
          <View className='acts-bar'>
            <Button size='small' onClick={() => void Taro.navigateTo({ url: ROUTES.activityMine })}>
              我的活动
            </Button>
            {organisesActivities(p?.roles) && (
              <Button size='small' type='gold' onClick={() => void Taro.navigateTo({ url: ROUTES.activityManage })}>
                活动管理
              </Button>
            )}
          </View>
          <View className='acts-filters' id='activity-filters'>
            <Chips id='filter-category' options={CATEGORIES} value={category} onChange={setCategory} />
            <View className='acts-filters__row'>
              <Picker mode='date' value={day || dayjs().format('YYYY-MM-DD')} onChange={(e) => setDay(String(e.detail.value))}>
                <View className='acts-toggle' id='filter-day' role='button' aria-label={day ? `日期：${dayjs(day).format('M月D日')}` : '按日期筛选'}>
                  {day ? `日期：${dayjs(day).format('M月D日')}` : '按日期筛选'}
                </View>
              </Picker>
              {day && (
                <View className='acts-toggle' role='button' id='filter-day-clear' onClick={() => setDay('')}>
                  不限日期
                </View>
              )}
              <View className={`acts-toggle${canJoin ? ' acts-toggle--on' : ''}`} id='filter-canjoin' role='switch' aria-checked={canJoin ? 'true' : 'false'} onClick={() => setCanJoin(!canJoin)}>
                <View className='acts-toggle__box'>{canJoin ? '✓' : ''}</View>
                我能参加
              </View>
            </View>
          </View>
        </View>
      }
    >
      <View className='acts-list' id='activity-list'>
        {list.items.map((a) => (
          <ActivityItem key={a.id} a={a} />
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
