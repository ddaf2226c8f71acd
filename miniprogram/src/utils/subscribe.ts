// WeChat subscribe messages: the person is asked from the tap itself (WeChat refuses the request
// otherwise), so the template ids are fetched beforehand; what they accept is reported to the service
// (one accept, one message). In h5 there is nothing to ask: the inbox carries every notice.
import Taro from '@tarojs/taro'
import { api } from '../api/client'
import type { SubscribeKey } from '../../../shared/notify/subscribe'

let templates: Promise<Partial<Record<SubscribeKey, string>>> | undefined

/** Fetches the template ids once (call when a page that may ask opens). */
export function loadTemplates(): Promise<Partial<Record<SubscribeKey, string>>> {
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve({})
  templates ??= api.notice.templates({}).catch(() => {
    templates = undefined
    return {}
  })
  return templates
}

/**
 * Asks for the given templates; call first thing in a tap handler, before anything else is awaited.
 * Never throws and never holds the tap's own work up for long: a refusal or an error simply means no message.
 */
export function askSubscribe(keys: SubscribeKey[], known: Partial<Record<SubscribeKey, string>>): void {
  if (process.env.TARO_ENV !== 'weapp') return
  const ids = keys.map((k) => known[k]).filter((x): x is string => !!x)
  if (!ids.length) return
  Taro.requestSubscribeMessage({ tmplIds: ids } as Parameters<typeof Taro.requestSubscribeMessage>[0])
    .then((res) => {
      const accepted = keys.filter((k) => known[k] && (res as unknown as Record<string, string>)[known[k]!] === 'accept')
      if (accepted.length) return api.notice.subscribe({ accepted })
    })
    .catch(() => undefined)
}
