// 单位党员报到台账 (unit admin): the 微心愿 the unit claimed as a unit and delivered, then the unit's party
// members, the community each reported to, and what they did — service orders confirmed, wishes
// fulfilled, hours and points — with each member's entries one tap away. Every line says whether it is
// a 心愿 or a 服务单.
import { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import type { UnitMemberView, UnitWishView } from '@shared/contracts/org'
import { api } from '../../../api/client'
import { Card, LoadMore, PageContainer, Sheet, Skeleton, Tag } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { day, StatusTag } from '../common'
import '../org.css'

/** How many of the unit's wishes the card shows before 明细. */
const PREVIEW = 3

export default function Ledger() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const list = usePaged((cursor) => api.org.unitMembers({ cursor, size: 20 }), [], ready)
  const wishes = useAsync(() => api.org.unitWishes({ size: PREVIEW }), [], ready)
  usePullRefresh(() => Promise.all([list.reload(), wishes.reload()]))
  useReachBottom(() => void list.loadMore())
  const [open, setOpen] = useState<UnitMemberView>()
  const [wishesOpen, setWishesOpen] = useState(false)

  return (
    <PageContainer
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={5} />}
      empty={list.loaded && list.items.length === 0 && wishes.data?.items.length === 0}
      emptyProps={{ mark: '党', title: '还没有本单位的党员报到', description: '本单位党员在居住社区完成双报到并填写工作单位后，会出现在这里。' }}
    >
      <View id='unit-wishes'>
        <Card className='org-card' title='单位认领的心愿' extra={wishes.data?.items.length ? <View className='org-link'>明细</View> : undefined} onClick={wishes.data?.items.length ? () => setWishesOpen(true) : undefined}>
          {wishes.error ? (
            <View className='org-note'>{wishes.error.message}</View>
          ) : !wishes.data ? (
            <Skeleton rows={1} />
          ) : wishes.data.items.length === 0 ? (
            <View className='org-note'>本单位还没有实现的心愿。在共建社区的心愿墙上认领心愿，实现后会记在这里（党员个人实现的心愿记在各人名下）。</View>
          ) : (
            <>
              <View className='org-card__meta'>已实现 {wishes.data.done} 个</View>
              {wishes.data.items.map((w) => (
                <UnitWishRow key={w.id} wish={w} />
              ))}
            </>
          )}
        </Card>
      </View>
      <View className='org-list' id='ledger'>
        {list.loaded && list.items.length === 0 && <View className='org-note'>还没有本单位的党员报到。</View>}
        {list.items.map((m) => (
          <Card key={m.id} className='org-card ledger-item' title={m.name} extra={<View className='org-link'>明细</View>} onClick={() => setOpen(m)}>
            <View className='org-card__meta'>报到社区：{m.communityName}</View>
            <View className='org-stats'>
              <View className='org-stat'>
                <View className='org-stat__num'>{m.ordersDone}</View>
                <View className='org-stat__label'>完成服务单</View>
              </View>
              <View className='org-stat'>
                <View className='org-stat__num'>{m.wishesDone}</View>
                <View className='org-stat__label'>实现心愿</View>
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
      {wishesOpen && <UnitWishesSheet onClose={() => setWishesOpen(false)} />}
    </PageContainer>
  )
}

/** One 心愿 of the unit: tagged 心愿 (a 服务单 never appears here), its state, where, and the thanks. */
function UnitWishRow({ wish }: { wish: UnitWishView }) {
  return (
    <View className='org-card__row unit-wish'>
      <View>
        <Tag tone='red'>{wish.kindLabel}</Tag> {wish.title}
        <View className='org-card__meta'>
          {wish.communityName} · {day(wish.confirmedAt ?? wish.fulfilledAt)}
          {wish.thanks ? ` · “${wish.thanks}”` : ''}
        </View>
      </View>
      <StatusTag status={wish.status === 'confirmed' ? 'done' : 'pending'} label={wish.statusLabel} />
    </View>
  )
}

function UnitWishesSheet({ onClose }: { onClose: () => void }) {
  const all = usePaged((cursor) => api.org.unitWishes({ cursor, size: 20 }), [])
  return (
    <Sheet open title='单位认领的心愿' id='sheet-unit-wishes' onClose={onClose}>
      {all.loading && !all.loaded ? (
        <Skeleton rows={3} />
      ) : all.error ? (
        <View className='org-note'>{all.error.message}</View>
      ) : (
        all.items.map((w) => <UnitWishRow key={w.id} wish={w} />)
      )}
      <LoadMore count={all.items.length} hasMore={all.hasMore} loading={all.loadingMore} error={all.moreError} onMore={() => void all.loadMore()} />
    </Sheet>
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
              {day(w.at)} · <Tag tone={w.sourceType === 'wish' ? 'red' : 'blue'}>{w.sourceLabel}</Tag> {w.note}
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
