// notice: 我的消息, the in-app inbox every notice lands in (the channel that always works; WeChat
// subscribe messages need a fresh consent per message).
import { z } from 'zod'
import { call } from '../contract'
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
}
