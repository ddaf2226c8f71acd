// Asks before a page with unsaved input is left (the mini-program). While `active`, the platform's own
// back (the navigation bar, the gesture, the Android key) shows `message` first
// (Taro.enableAlertBeforeUnload); the h5 build has its own version of this file (leaveGuard.h5.ts).
import Taro from '@tarojs/taro'
import { useEffect } from 'react'

export const LEAVE_TITLE = '还没有提交'

export function useLeaveGuard(active: boolean, message: string): void {
  useEffect(() => {
    if (!active) return
    try {
      Taro.enableAlertBeforeUnload({ message })
    } catch {
      // An old base library without it: the draft still keeps what was typed.
    }
    return () => {
      try {
        Taro.disableAlertBeforeUnload()
      } catch {
        // as above
      }
    }
  }, [active, message])
}
