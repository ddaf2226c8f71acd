import Taro from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../api/client'
import { toApiError } from '../api/errors'
import { useSession } from '../hooks/session'
import type { LargeTextChoice } from '@shared/contracts/member'
import { Button } from './Button'
import { Cell } from './Cell'
import { Toggle } from './Toggle'

const SAVED: Record<string, string> = { true: '已开启大字模式', false: '已关闭大字模式', system: '已改为跟随手机的字体大小' }

/** Saves the person's 大字模式 choice in the profile; the session applies it to every page. */
export function useLargeTextChoice() {
  const { setProfile } = useSession()
  const [pending, setPending] = useState<LargeTextChoice | null>(null)
  async function choose(next: LargeTextChoice, toast = true): Promise<boolean> {
    if (pending !== null) return false
    setPending(next)
    try {
      const profile = await api.member.updateProfile({ largeText: next })
      setProfile(profile)
      if (toast) Taro.showToast({ title: SAVED[String(next)], icon: 'none' })
      return true
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
      return false
    } finally {
      setPending(null)
    }
  }
  return { pending, choose }
}

/**
 * 适老化 large text under 我的. The setting lives in the profile (member.updateProfile { largeText }) so it
 * follows the person to another device; until they choose, and again after 跟随手机, it follows the
 * phone's font size.
 */
export function LargeTextSwitch() {
  const { largeText, largeTextChoice } = useSession()
  const { pending, choose } = useLargeTextChoice()
  const label =
    largeTextChoice === undefined
      ? largeText
        ? '已按手机的字体设置放大文字和按钮'
        : '放大全部文字和按钮，方便老年朋友阅读'
      : largeText
        ? '文字和按钮已放大，方便老年朋友阅读'
        : '放大全部文字和按钮，方便老年朋友阅读'
  const on = pending === null || pending === 'system' ? largeText : pending
  return (
    <>
      <Cell
        title='大字模式'
        label={label}
        value={<Toggle id='large-text-switch' label='大字模式' checked={on} disabled={pending !== null} onChange={(next) => void choose(next)} />}
      />
      {largeTextChoice !== undefined && (
        <Cell
          className='lx-large-text-system'
          title='跟随手机字体'
          label='按手机设置的字体大小自动开关大字模式'
          value={
            <Button loading={pending === 'system'} disabled={pending !== null} onClick={() => void choose('system')}>
              跟随手机
            </Button>
          }
        />
      )}
    </>
  )
}
