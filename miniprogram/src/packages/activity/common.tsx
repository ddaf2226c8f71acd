// Pieces the 志愿活动 screens share: the links between them, a labelled line, the one way a move is run
// (toast with the outcome or the server's message), and the export of the roster (.xlsx).
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { api } from '../../api/client'
import { toApiError } from '../../api/errors'
import { ROUTES } from '../../api/routes'
import { openGeneratedFile } from '../../utils/download'

const q = (id: string) => `?id=${encodeURIComponent(id)}`
export const codeUrl = (id: string) => `${ROUTES.activityCode}${q(id)}`
export const rosterUrl = (id: string) => `${ROUTES.activityRoster}${q(id)}`
export const editUrl = (id?: string) => (id ? `${ROUTES.activityEdit}${q(id)}` : ROUTES.activityEdit)

/** A toast that fits: WeChat cuts a toast with an icon after 7 characters, so longer ones go without. */
export function say(title: string, ok = true) {
  void Taro.showToast({ title, icon: ok && Array.from(title).length <= 7 ? 'success' : 'none' })
}

/** Runs a call with a toast for its outcome (`done` may depend on the answer); the answer when it succeeded. */
export async function run<T>(call: () => Promise<T>, done: string | ((out: T) => string)): Promise<T | undefined> {
  try {
    const out = await call()
    say(typeof done === 'string' ? done : done(out))
    return out
  } catch (e) {
    say(toApiError(e).message, false)
    return undefined
  }
}

export function Kv({ k, v, id }: { k: string; v?: ReactNode; id?: string }) {
  if (v === undefined || v === '' || v === null) return null
  return (
    <View className='act-kv' id={id}>
      <View className='act-kv__k'>{k}</View>
      <View className='act-kv__v'>{v}</View>
    </View>
  )
}

/**
 * 导出名单: the server writes the roster and hours as an .xlsx and answers a link valid for an hour.
 * h5 downloads it through the browser; the mini-program downloads it and opens it in WeChat's viewer
 * (from where it can be sent on or opened in WPS / Excel).
 */
export async function exportRoster(activityId: string): Promise<void> {
  const out = await run(() => api.activity.export({ activityId }), (r) => `已导出${r.rows}人`)
  if (!out) return
  try {
    await openGeneratedFile(out, 'xlsx')
  } catch {
    say('文件打开失败，请稍后再试', false)
  }
}
