// notice — 我的消息: the caller's own notices, newest first, the unread count, and marking them read.
import type { OutputOf, ParsedOf } from '../../shared/contract'
import { noticeApi, type NoticeView } from '../../shared/contracts/notice'
import { _, db } from '../common/cloud'
import { action, handle, type Ctx } from '../common/handler'
import { fail } from '../common/errors'
import { pageOver } from '../common/pager'
import { templateId } from '../common/subscribe'
import { MAX_SUBSCRIPTIONS, SUBSCRIBE_KEYS } from '../../shared/notify/subscribe'

interface NoticeDoc {
  _id: string
  openid: string
  type: string
  title: string
  body: string
  link?: string
  read: boolean
  createdAt: Date
}

const viewOf = (n: NoticeDoc): NoticeView => ({ id: n._id, type: n.type, title: n.title, body: n.body, link: n.link, read: n.read, createdAt: new Date(n.createdAt).toISOString() })

type List = typeof noticeApi.list
async function list(input: ParsedOf<List>, ctx: Ctx): Promise<OutputOf<List>> {
  const where = { openid: ctx.openid, ...(input.unreadOnly ? { read: false } : {}) }
  const page = await pageOver<NoticeDoc & Record<string, unknown>>('notifications', [where], { field: 'createdAt', dir: 'desc', type: 'date' }, input)
  return { items: page.items.map(viewOf), nextCursor: page.nextCursor }
}

type Unread = typeof noticeApi.unread
async function unread(_input: ParsedOf<Unread>, ctx: Ctx): Promise<OutputOf<Unread>> {
  const res = await db.collection('notifications').where({ openid: ctx.openid, read: false }).count()
  return { count: res.total ?? 0 }
}

type Read = typeof noticeApi.read
async function read(input: ParsedOf<Read>, ctx: Ctx): Promise<OutputOf<Read>> {
  // Only the caller's own: the openid is part of the condition, so another's id changes nothing.
  const where = { openid: ctx.openid, read: false, ...(input.ids ? { _id: _.in(input.ids) } : {}) }
  const res = await db.collection('notifications').where(where).update({ read: true, readAt: ctx.now })
  return { count: res.updated ?? 0 }
}

type Templates = typeof noticeApi.templates
async function templates(): Promise<OutputOf<Templates>> {
  const out: OutputOf<Templates> = {}
  for (const key of SUBSCRIBE_KEYS) {
    const id = templateId(key)
    if (id) out[key] = id
  }
  return out
}

type Subscribe = typeof noticeApi.subscribe
/** Counts the accepts (each allows one message), at most MAX_SUBSCRIPTIONS kept per template. */
async function subscribe(input: ParsedOf<Subscribe>, ctx: Ctx): Promise<OutputOf<Subscribe>> {
  if (!ctx.user) fail('NOT_LOGGED_IN')
  const keys = [...new Set(input.accepted)].filter((k) => templateId(k))
  const out: OutputOf<Subscribe> = {}
  for (const key of keys) {
    const field = `subscriptions.${key}`
    await db.collection('users').where({ _id: ctx.openid, [field]: _.lt(MAX_SUBSCRIPTIONS) }).update({ [field]: _.inc(1) })
    await db.collection('users').where({ _id: ctx.openid, [field]: _.exists(false) }).update({ [field]: 1 })
    const u = (await db.collection('users').doc(ctx.openid).get()) as { data?: Array<{ subscriptions?: Record<string, number> }> }
    out[key] = u.data?.[0]?.subscriptions?.[key] ?? 0
  }
  return out
}

export const main = handle({
  templates: action(noticeApi.templates, templates),
  subscribe: action(noticeApi.subscribe, subscribe),
  list: action(noticeApi.list, list),
  unread: action(noticeApi.unread, unread),
  read: action(noticeApi.read, read),
})
