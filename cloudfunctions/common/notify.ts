// The in-app inbox: the channel that always works (WeChat subscribe messages need a fresh consent per
// message and may be refused). Each notice has a deterministic id so a retried call notifies once.
import { db } from './cloud'
import { isDuplicate } from './errors'

export interface Notice {
  key: string
  type: string
  title: string
  body: string
  link?: string
  at: Date
}

export async function notify(openids: readonly string[], n: Notice): Promise<void> {
  const unique = [...new Set(openids.filter(Boolean))]
  await Promise.all(
    unique.map(async (openid) => {
      try {
        await db.collection('notifications').add({ _id: `${n.key}:${openid}`, openid, type: n.type, title: n.title, body: n.body, link: n.link, read: false, createdAt: n.at })
      } catch (err) {
        if (!isDuplicate(err)) throw err
      }
    }),
  )
}
