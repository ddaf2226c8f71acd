import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Card, LargeTextOffer, PageContainer, Skeleton, Tag, Tile, TileGrid } from '../../components'
import { ROUTES } from '../../api/routes'
import { useAuthedSession } from '../../hooks/session'
import { usePullRefresh } from '../../hooks/usePullRefresh'
import { useUnread } from '../../hooks/useUnread'
import { useAsync } from '../../hooks/useAsync'
import { api } from '../../api/client'
import { ActivityItem } from '../../components/activity/ActivityItem'
import { fromNow } from '../../utils/time'
import { greeting } from '../../utils/time'
import { openTasksOn } from '../../utils/intent'
import { canTakeTasks, hasInbox, hasTasks, isAdmin, isWorkAccount, roleLabel, roleTone, sortRoles, workplaceOf } from '../../utils/roles'
import { HomeSummary } from './summary'
import './index.css'

export default function Home() {
  const session = useAuthedSession()
  const unread = useUnread(session.status === 'ready')
  const p = session.profile
  // A street, department or unit account is not a resident: no prompt to choose a community.
  const work = isWorkAccount(p)
  // 身边的微心愿: the newest open wishes of the person's community (masked by the server).
  const wishes = useAsync(() => api.wish.board({ progress: 'open', size: 3 }), [p?.communityId], session.status === 'ready' && !!p?.complete)
  // 社区活动: the next activities of the person's community.
  const activities = useAsync(() => api.activity.list({ when: 'upcoming', size: 3 }), [p?.communityId], session.status === 'ready' && !!p?.complete)
  // What needs the person now, a section per role they hold (order.summary); a member's or volunteer's points.
  const summed = session.status === 'ready' && !!p && (p.complete || p.roles.some((r) => r !== 'resident'))
  const summary = useAsync(() => api.order.summary({}), [p?.communityId, p?.roles.join()], summed)
  const helps = session.status === 'ready' && canTakeTasks(p?.roles)
  const balance = useAsync(() => api.points.balance({}), [p?.communityId], helps)
  usePullRefresh(async () => {
    await Promise.all([
      session.refresh(),
      unread.refresh(),
      p?.complete ? wishes.reload() : undefined,
      p?.complete ? activities.reload() : undefined,
      summed ? summary.reload() : undefined,
      helps ? balance.reload() : undefined,
    ])
  })

  const hero = p && (
    <View className='home-hero'>
      <View className='home-hero__greet'>
        {greeting()}，{p.nickname || '邻居'}
      </View>
      <View className='home-hero__place'>{p.communityName ? `${p.communityName}${p.gridName ? ' · ' + p.gridName : ''}` : work ? workplaceOf(p) : '尚未选择所在社区'}</View>
      <View className='home-hero__roles'>
        {sortRoles(p.roles).map((r) => (
          <Tag key={r} tone={roleTone(r) === 'gold' ? 'gold' : 'red'} solid={roleTone(r) === 'gold'}>
            {roleLabel(r)}
          </Tag>
        ))}
      </View>
    </View>
  )

  return (
    <PageContainer
      loading={session.status === 'loading'}
      error={session.status === 'error' ? session.error : undefined}
      hasData={!!p}
      onRetry={() => void session.refresh()}
      skeleton={<Skeleton avatar rows={3} />}
      header={hero}
    >
      {p && (
        <View className='home'>
          <LargeTextOffer />
          {!p.complete && !work && (
            <Card className='home-notice'>
              <View className='home-notice__title'>请完善您的资料</View>
              <View className='home-notice__text'>选择您所在的社区后，才能点单、领取任务和报名社区活动。</View>
              <Button type='primary' size='small' onClick={() => Taro.navigateTo({ url: ROUTES.profile })}>
                去选择社区
              </Button>
            </Card>
          )}
          <View className='home-section'>常用</View>
          <TileGrid>
            {p.complete && (
              <Tile mark='点' title='我要点单' desc='有事找社区' onClick={() => Taro.navigateTo({ url: ROUTES.orderNew })} />
            )}
            {p.roles.includes('gridWorker') && (
              <Tile mark='代' title='代居民点单' desc='为老人登记需求' onClick={() => Taro.navigateTo({ url: `${ROUTES.orderNew}?behalf=1` })} />
            )}
            {(p.complete || p.roles.includes('gridWorker')) && (
              <Tile mark='单' title='我的服务单' desc='进度与评价' onClick={() => Taro.navigateTo({ url: ROUTES.orderMine })} />
            )}
            {canTakeTasks(p.roles) && (
              <Tile
                mark='领'
                title='任务大厅'
                desc='领取服务任务'
                onClick={() => {
                  openTasksOn('hall')
                  void Taro.switchTab({ url: ROUTES.tasks })
                }}
              />
            )}
            {hasTasks(p.roles) && (
              <Tile
                mark='任'
                title='我的任务'
                desc={canTakeTasks(p.roles) ? '正在办理的事' : p.roles.includes('department') ? '派给本部门的服务单' : '派给本单位的服务单'}
                onClick={() => {
                  openTasksOn('mine')
                  void Taro.switchTab({ url: ROUTES.tasks })
                }}
              />
            )}
            {hasInbox(p.roles) && (
              <Tile mark='办' tone='gold' title='服务单办理' desc={p.roles.includes('communityAdmin') ? '受理、派单、办结' : p.roles.includes('streetAdmin') ? '上报到街道的服务单' : '本网格的服务单'} onClick={() => Taro.navigateTo({ url: ROUTES.adminOrders })} />
            )}
            {isAdmin(p.roles) && (
              <Tile mark='管' tone='gold' title='管理后台' desc='本辖区事务' onClick={() => Taro.navigateTo({ url: ROUTES.adminHome })} />
            )}
            {p.complete && <Tile mark='项' title='社区项目' desc='共建单位在做的事' onClick={() => Taro.navigateTo({ url: ROUTES.orgProjects })} />}
            {(p.complete || p.roles.includes('gridWorker')) && <Tile mark='愿' title='微心愿' desc='帮邻居圆个小心愿' onClick={() => Taro.navigateTo({ url: ROUTES.wishBoard })} />}
            {(p.complete || p.roles.includes('gridWorker')) && <Tile mark='圆' title='我的心愿' desc='发布的和认领的' onClick={() => Taro.navigateTo({ url: ROUTES.wishMine })} />}
            {p.roles.includes('gridWorker') && <Tile mark='代' title='代发心愿' desc='为居民登记心愿' onClick={() => Taro.navigateTo({ url: `${ROUTES.wishPost}?behalf=1` })} />}
            {p.roles.includes('unitAdmin') && <Tile mark='报' tone='gold' title='单位报到' desc='共建单位、党员台账' onClick={() => Taro.navigateTo({ url: ROUTES.orgUnit })} />}
            <Tile mark='信' title='我的消息' desc={unread.count > 0 ? `${unread.count > 99 ? '99+' : unread.count}条未读` : '暂无未读'} badge={unread.count} onClick={() => Taro.navigateTo({ url: ROUTES.inbox })} />
            <Tile mark='资' title='我的资料' desc={work ? '姓名、联系方式' : '社区、联系方式'} onClick={() => Taro.navigateTo({ url: ROUTES.profile })} />
          </TileGrid>
          {/* Below the tiles: it loads after the page, and the tiles must not move under a finger meanwhile. */}
          {summed && <HomeSummary state={summary} balance={helps ? balance.data : undefined} unread={unread.count} />}
          {!!activities.data?.items.length && (
            <View id='home-activities'>
              <View className='home-section home-section--row'>
                <View>社区活动</View>
                <View className='home-section__more' role='link' onClick={() => void Taro.switchTab({ url: ROUTES.activities })}>
                  全部活动
                </View>
              </View>
              {activities.data.items.map((a) => (
                <ActivityItem key={a.id} a={a} />
              ))}
            </View>
          )}
          {!!wishes.data?.items.length && (
            <View id='home-wishes'>
              <View className='home-section'>身边的微心愿 · {wishes.data.stripText}</View>
              {wishes.data.items.map((w) => (
                <Card key={w.id} title={w.title} extra={<Tag tone='red'>{w.category}</Tag>} onClick={() => void Taro.navigateTo({ url: `/packages/wish/detail/index?id=${encodeURIComponent(w.id)}` })}>
                  <View className='home-notice__text'>
                    {w.name} · {w.ageBand} · {w.gridName} · {fromNow(w.createdAt)}
                  </View>
                </Card>
              ))}
            </View>
          )}
        </View>
      )}
    </PageContainer>
  )
}
