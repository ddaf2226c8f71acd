// 任务: the task hall (published work a member or volunteer may claim) and my tasks (what I claimed,
// or what was sent to my unit or department). Volunteers never see 党员-only work: the server filters it.
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { ScrollView, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { DEFAULT_CATEGORIES } from '@shared/contracts/order'
import { api } from '../../api/client'
import { orderUrl, ROUTES } from '../../api/routes'
import { Button, cx, EmptyState, LoadMore, PageContainer, Skeleton, Tabs } from '../../components'
import { FOCUSABLE } from '../../components/a11y'
import { OrderItem } from '../../components/order/OrderItem'
import { gate } from '../../hooks/gate'
import { useAuthedSession } from '../../hooks/session'
import { usePaged } from '../../hooks/usePaged'
import { usePullRefresh } from '../../hooks/usePullRefresh'
import { useShowRefresh } from '../../hooks/useShowRefresh'
import { takeTasksSegment, type TasksSegment } from '../../utils/intent'
import { canTakeTasks, hasTasks, isWorkAccount } from '../../utils/roles'
import './index.css'

const SEGMENTS = [
  { key: 'hall', title: '任务大厅' },
  { key: 'mine', title: '我的任务' },
] as const

type MineStatus = 'open' | 'closed'

export default function Tasks() {
  const session = useAuthedSession()
  const roles = session.profile?.roles
  const ready = session.status === 'ready'
  const takes = canTakeTasks(roles)
  // A street, department or unit account has no task hall: a department or unit works its one queue
  // here (我的任务), a street its inbox (服务单办理).
  const work = isWorkAccount(session.profile)
  const dept = !!roles?.includes('department')
  const wished = useRef(takeTasksSegment())
  const [chosenSegment, setSegmentState] = useState<TasksSegment>(wished.current ?? (roles && !takes && hasTasks(roles) ? 'mine' : 'hall'))
  // A department or unit has no tabs and no hall: its 任务 is always its one queue (never a frame of the hall's text).
  const segment: TasksSegment = work && hasTasks(roles) ? 'mine' : chosenSegment
  const [category, setCategory] = useState('')
  const [mineStatus, setMineStatus] = useState<MineStatus>('open')
  // Until the person (or a home tile) chooses, the segment follows the roles once they are known:
  // a unit or department has only 我的任务.
  const chosen = useRef(!!wished.current)
  const setSegment = (s: TasksSegment) => {
    chosen.current = true
    setSegmentState(s)
  }
  useEffect(() => {
    if (!chosen.current && roles) setSegmentState(takes || !hasTasks(roles) ? 'hall' : 'mine')
  }, [roles, takes])

  useDidShow(() => {
    const next = takeTasksSegment()
    if (next) setSegment(next)
  })

  const allowed = segment === 'hall' ? takes : hasTasks(roles)
  const list = usePaged(
    (cursor) =>
      segment === 'hall' ? api.order.hall({ category: category || undefined, cursor, size: 20 }) : api.order.myTasks({ status: mineStatus, cursor, size: 20 }),
    [segment, category, mineStatus],
    ready && allowed,
  )
  usePullRefresh(async () => {
    await session.refresh()
    if (allowed) await list.reload()
  })
  useShowRefresh(list.reload, ready && allowed)
  useReachBottom(() => void list.loadMore())

  const header = (
    <View className='tasks-head'>
      {!work && <Tabs items={SEGMENTS} value={segment} onChange={setSegment} />}
      {segment === 'hall' && takes && (
        <ScrollView scrollX className='tasks-filter' enhanced showScrollbar={false} {...{ role: 'radiogroup', 'aria-label': '按类别筛选' }}>
          {['', ...DEFAULT_CATEGORIES].map((c) => (
            <View key={c || 'all'} className={cx('tasks-filter__item', c === category && 'tasks-filter__item--on')} role='radio' aria-checked={c === category ? 'true' : 'false'} {...FOCUSABLE} onClick={() => setCategory(c)}>
              {c || '全部'}
            </View>
          ))}
        </ScrollView>
      )}
      {segment === 'mine' && hasTasks(roles) && (
        <View className='tasks-filter tasks-filter--mine' role='radiogroup' aria-label='按状态筛选'>
          {(['open', 'closed'] as const).map((s) => (
            <View key={s} className={cx('tasks-filter__item', s === mineStatus && 'tasks-filter__item--on')} role='radio' aria-checked={s === mineStatus ? 'true' : 'false'} {...FOCUSABLE} onClick={() => setMineStatus(s)}>
              {s === 'open' ? '进行中' : '已完成'}
            </View>
          ))}
        </View>
      )}
    </View>
  )

  if (ready && work && !hasTasks(roles)) {
    return (
      <PageContainer>
        <EmptyState
          mark='办'
          title='街道的服务单在“服务单办理”'
          description='上报到街道的服务单、超时未受理的服务单，都在服务单办理里处理。'
          action={
            <Button type='primary' size='small' onClick={() => void Taro.navigateTo({ url: ROUTES.adminOrders })}>
              去服务单办理
            </Button>
          }
        />
      </PageContainer>
    )
  }

  if (ready && !allowed) {
    return (
      <PageContainer header={header}>
        <EmptyState
          mark='任'
          title={segment === 'hall' ? '任务大厅面向党员和志愿者' : '暂时没有您的任务'}
          description={
            segment === 'hall'
              ? '在职党员到社区报到、或登记成为志愿者后，就可以在这里领取社区发布的服务任务。'
              : '领取的任务和派给您所在单位、部门的服务单会出现在这里。'
          }
        />
      </PageContainer>
    )
  }

  return (
    <PageContainer
      header={header}
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={4} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={
        segment === 'hall'
          ? { mark: '任', title: category ? `暂无“${category}”类任务` : '暂无可领的任务', description: '社区发布新的服务任务后会出现在这里，下拉可以刷新。' }
          : work
            ? {
                mark: '任',
                title: mineStatus === 'open' ? '没有待办理的服务单' : '还没有办结的服务单',
                description: `社区或街道派给${dept ? '本部门' : '本单位'}的服务单会出现在这里，下拉可以刷新。`,
              }
            : { mark: '任', title: mineStatus === 'open' ? '没有进行中的任务' : '还没有完成的任务', description: '去任务大厅看看有没有您能帮上忙的事。' }
      }
    >
      <View className='order-list' id={segment === 'hall' ? 'task-hall' : 'my-tasks'}>
        {list.items.map((o) => (
          <OrderItem key={o.id} order={o} variant='task' onClick={() => Taro.navigateTo({ url: orderUrl(o.id) })} />
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
