// Asks before a page with unsaved input is left (the h5 build; Taro h5 does not implement
// enableAlertBeforeUnload). While `active`, the router's history is blocked: the browser's back, a
// Taro navigation or a tab switch first asks with Taro.showModal, and goes on only if the person says
// 离开 (history.block puts the page back where it was meanwhile and asks the browser to confirm a
// reload or close too).
import { history } from '@tarojs/router'
import Taro from '@tarojs/taro'
import { useEffect } from 'react'

export const LEAVE_TITLE = '还没有提交'

export function useLeaveGuard(active: boolean, message: string): void {
  useEffect(() => {
    if (!active) return
    let asking = false
    const unblock = history.block((tx) => {
      if (asking) return
      asking = true
      void Taro.showModal({ title: LEAVE_TITLE, content: message, confirmText: '离开', cancelText: '继续填写' })
        .then((r) => {
          if (!r.confirm) return
          unblock()
          tx.retry()
        })
        .catch(() => undefined)
        .finally(() => {
          asking = false
        })
    })
    return unblock
  }, [active, message])
}
