// Sends a WeChat subscribe message to a person who agreed to the template: one accept is used up by a
// conditional decrement before the send, so two deliveries never spend one accept twice. Best effort:
// a refusal (43101 no quota, 47003 bad data, 40037 bad template) is final and the inbox notice stands.
import { SUBSCRIBE_TEMPLATE_ENV, type SubscribeKey } from '../../shared/notify/subscribe'
import { _, app, db } from './cloud'

/** The template's id from the function's environment (the local cloud sets stand-ins); null when unset. */
export function templateId(key: SubscribeKey): string | null {
  return process.env[SUBSCRIBE_TEMPLATE_ENV[key]] || null
}

export async function sendSubscribe(openid: string, key: SubscribeKey, data: Record<string, { value: string }>, page?: string): Promise<boolean> {
  const template = templateId(key)
  if (!template) return false
  const field = `subscriptions.${key}`
  try {
    const took = (await db.collection('users').where({ _id: openid, [field]: _.gt(0) }).update({ [field]: _.inc(-1) })) as { updated?: number }
    if (took.updated !== 1) return false
    const res = await app.callWxOpenApi({ apiName: 'subscribeMessage.send', requestData: { touser: openid, template_id: template, ...(page ? { page } : {}), data, miniprogram_state: 'formal' } })
    const raw = (res as { result?: unknown }).result
    const body = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as { errcode?: number; errmsg?: string }
    if (body.errcode) console.warn(`[subscribe] ${key} to ${openid}: ${body.errcode} ${body.errmsg ?? ''}`)
    return !body.errcode
  } catch (err) {
    console.warn(`[subscribe] ${key} to ${openid}:`, (err as Error)?.message ?? err)
    return false
  }
}
