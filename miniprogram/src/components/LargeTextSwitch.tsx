import Taro from '@tarojs/taro'
import { Switch } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../api/client'
import { toApiError } from '../api/errors'
import { useSession } from '../hooks/session'
import { Cell } from './Cell'

/**
 * 适老化 large text. The setting lives in the profile (member.updateProfile { largeText }) so it follows
 * the person to another device; the session applies it to every page once the call has succeeded.
 */
export function LargeTextSwitch() {
  const { largeText, setProfile } = useSession()
  const [pending, setPending] = useState<boolean | null>(null)

  async function change(next: boolean) {
    if (pending !== null) return
    setPending(next)
    try {
      const profile = await api.member.updateProfile({ largeText: next })
      setProfile(profile)
      Taro.showToast({ title: next ? '已开启大字模式' : '已关闭大字模式', icon: 'none' })
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setPending(null)
    }
  }

  return (
    <Cell
      title='大字模式'
      label={largeText ? '文字已放大，方便老年朋友阅读' : '放大全部文字，方便老年朋友阅读'}
      value={
        <Switch
          className='lx-switch'
          id='large-text-switch'
          checked={pending ?? largeText}
          disabled={pending !== null}
          color='#C8161D'
          onChange={(e) => void change(!!e.detail.value)}
        />
      }
    />
  )
}
