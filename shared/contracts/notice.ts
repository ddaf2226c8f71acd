// notice: 我的消息, the in-app inbox every notice lands in (the channel that always works; WeChat
// subscribe messages need a fresh consent per message).
import { z } from 'zod'
import { call } from '../contract'
import { SUBSCRIBE_KEYS, type SubscribeKey } from '../notify/subscribe'
import { pageInput, type Page } from '../schemas'

/** Notice ids are made from the effect that sent them (record, move, person): longer than record ids. */
const noticeId = z.string().min(1, '缺少编号').max(400, '编号过长')

export interface NoticeView {
  id: string
  type: string
  title: string
  body: string
  link?: string
  read: boolean
  createdAt: string
}

export const noticeApi = {
  list: call<Page<NoticeView>>()('notice', 'list', pageInput.extend({ unreadOnly: z.boolean().default(false) }).strict()),
  unread: call<{ count: number }>()('notice', 'unread', z.object({}).strict().default({})),
  /** Marks the given notices read (the caller's own only); without ids, every unread notice. */
  read: call<{ count: number }>()('notice', 'read', z.object({ ids: z.array(noticeId).min(1).max(50).optional() }).strict().default({})),
  /** The subscribe-message templates the client may ask the person to accept (absent: not configured). */
  templates: call<Partial<Record<SubscribeKey, string>>>()('notice', 'templates', z.object({}).strict().default({})),
  /** The templates the person just accepted (Taro.requestSubscribeMessage, from a tap): one message each. */
  subscribe: call<Partial<Record<SubscribeKey, number>>>()(
    'notice',
    'subscribe',
    z.object({ accepted: z.array(z.enum(SUBSCRIBE_KEYS)).min(1).max(SUBSCRIBE_KEYS.length) }).strict(),
  ),
}
