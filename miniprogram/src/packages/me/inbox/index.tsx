// 我的消息: every notice the person was sent, newest first, unread marked; opening one marks it read and
// goes where it points; 全部已读 clears the badge.
import Taro, { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useState } from 'react'
import type { NoticeView } from '@shared/contracts/notice'
import { api } from '../../../api/client'
import { Button, LoadMore, PageContainer, Skeleton, Tabs } from '../../../components'
import { gate } from '../../../hooks/gate'
import { useAuthedSession } from '../../../hooks/session'
import { usePaged } from '../../../hooks/usePaged'
import { usePullRefresh } from '../../../hooks/usePullRefresh'
import { showUnreadBadge } from '../../../hooks/useUnread'
import { fromNow } from '../../../utils/time'
import './index.css'

type Tab = 'all' | 'unread'
const TABS = [
  { key: 'all', title: '全部' },
  { key: 'unread', title: '未读' },
] as const

export default function Inbox() {
  const session = useAuthedSession()
  const ready = session.status === 'ready'
  const [tab, setTab] = useState<Tab>('all')
  const [readIds, setReadIds] = useState<Set<string>>(new Set())
  const [busy, setBusy] = useState(false)
  const list = usePaged((cursor) => api.notice.list({ cursor, size: 20, unreadOnly: tab === 'unread' }), [tab], ready)
  usePullRefresh(async () => {
    setReadIds(new Set())
    await list.reload()
  })
  useReachBottom(() => void list.loadMore())
  const isRead = (n: NoticeView) => n.read || readIds.has(n.id)
  const unreadShown = list.items.filter((n) => !isRead(n)).length

  async function open(n: NoticeView) {
    if (!isRead(n)) {
      setReadIds((s) => new Set(s).add(n.id))
      try {
        await api.notice.read({ ids: [n.id] })
        showUnreadBadge((await api.notice.unread()).count)
      } catch {
        // Shown as read here; the next visit asks again.
      }
    }
    if (n.link) void Taro.navigateTo({ url: n.link })
  }

  async function readAll() {
    if (busy) return
    setBusy(true)
    try {
      await api.notice.read({})
      setReadIds(new Set(list.items.map((n) => n.id)))
      showUnreadBadge(0)
      Taro.showToast({ title: '已全部标为已读', icon: 'none' })
    } catch (e) {
      Taro.showToast({ title: (e as Error).message || '操作失败，请稍后再试', icon: 'none' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageContainer
      header={
        <View className='inbox-head'>
          <Tabs items={TABS} value={tab} onChange={setTab} />
          {unreadShown > 0 && (
            <Button size='small' loading={busy} onClick={() => void readAll()}>
              全部已读
            </Button>
          )}
        </View>
      }
      {...gate(session, ready, list)}
      hasData={list.loaded}
      skeleton={<Skeleton rows={5} />}
      empty={list.loaded && list.items.length === 0}
      emptyProps={{ mark: '信', title: tab === 'unread' ? '没有未读消息' : '还没有消息', description: '服务单受理、有人领单、任务到期等消息会显示在这里。' }}
    >
      <View className='inbox' id='inbox'>
        {list.items.map((n) => (
          <View key={n.id} className={`inbox-item${isRead(n) ? '' : ' inbox-item--unread'}`} role='button' onClick={() => void open(n)}>
            <View className='inbox-item__top'>
              {/* Unread in words, not by the red dot alone. */}
              {!isRead(n) && <View className='inbox-item__unread'>未读</View>}
              <View className='inbox-item__title'>{n.title}</View>
              <View className='inbox-item__time'>{fromNow(n.createdAt)}</View>
            </View>
            <View className='inbox-item__body'>{n.body}</View>
          </View>
        ))}
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={() => void list.loadMore()} />
      </View>
    </PageContainer>
  )
}
