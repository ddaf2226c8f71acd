// 单位党员报到台账 (unit admin): the unit's party members, the community each reported to, and what
// they did — service orders confirmed, hours and points — with each member's entries one tap away.
import { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import type { UnitMemberView } from '@shared/contracts/org'
import { api } from '../../../api/client'
import { Card, LoadMore, PageContainer, Sheet, Skeleton } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { day } from '../common'
import '../org.css'

const SOURCE: Record<string, string> = { order: '服务单', wish: '微心愿', activity: '志愿活动', store: '爱心超市', adjust: '调整' }

export default function Ledger() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const list = usePaged((cursor) => api.org.unitMembers({ cursor, size: 20 }), [], ready)
  usePullRefresh(list.reload)
  useReachBottom(() => void list.loadMore())
  const [open, setOpen] = useState<UnitMemberView>()

  return (
    <PageContainer
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={5} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={{ mark: '党', title: '还没有本单位的党员报到', description: '本单位党员在居住社区完成双报到并填写工作单位后，会出现在这里。' }}
    >
      <View className='org-list' id='ledger'>
        {list.items.map((m) => (
          <Card key={m.id} className='org-card ledger-item' title={m.name} extra={<View className='org-link'>明细</View>} onClick={() => setOpen(m)}>
            <View className='org-card__meta'>报到社区：{m.communityName}</View>
            <View className='org-stats'>
              <View className='org-stat'>
                <View className='org-stat__num'>{m.ordersDone}</View>
                <View className='org-stat__label'>完成服务单</View>
              </View>
              <View className='org-stat'>
                <View className='org-stat__num'>{m.hours}</View>
                <View className='org-stat__label'>服务时长（小时）</View>
              </View>
              <View className='org-stat'>
                <View className='org-stat__num'>{m.points}</View>
                <View className='org-stat__label'>积分</View>
              </View>
            </View>
          </Card>
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
      {open && <WorkSheet member={open} onClose={() => setOpen(undefined)} />}
    </PageContainer>
  )
}

function WorkSheet({ member, onClose }: { member: UnitMemberView; onClose: () => void }) {
  const work = usePaged((cursor) => api.org.memberWork({ memberId: member.id, cursor, size: 20 }), [member.id])
  return (
    <Sheet open title={`${member.name}的服务记录`} id='sheet-work' onClose={onClose}>
      {work.loading && !work.loaded ? (
        <Skeleton rows={3} />
      ) : work.error ? (
        <View className='org-note'>{work.error.message}</View>
      ) : work.items.length === 0 ? (
        <View className='org-note'>还没有服务记录</View>
      ) : (
        work.items.map((w) => (
          <View key={w.id} className='org-card__row'>
            <View>
              {day(w.at)} · {SOURCE[w.sourceType] ?? w.sourceType} {w.note}
            </View>
            <View>
              {w.hours}小时 / {w.points}分
            </View>
          </View>
        ))
      )}
      <LoadMore count={work.items.length} hasMore={work.hasMore} loading={work.loadingMore} error={work.moreError} onMore={() => void work.loadMore()} />
    </Sheet>
  )
}
