// 签到码 (organisers): the rotating code to show on site. Participants scan the QR code in WeChat, or type
// its 6 characters; each code is accepted for 60 s and the next one is fetched when the server says
// (refreshInMs). The screen stays on while it is shown (weapp).
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { CheckinCode } from '@shared/contracts/activity'
import { api } from '../../../api/client'
import { toApiError, type ApiError } from '../../../api/errors'
import { Button, ErrorState, PageContainer, Skeleton } from '../../../components'
import { timeRange } from '../../../components/activity/ActivityItem'
import { useAsync } from '../../../hooks/useAsync'
import { useAuthedSession } from '../../../hooks/session'
import { rosterUrl } from '../common'
import '../../../components/activity/activity.css'
import '../activity.css'

/** The QR code as a GIF data URL (drawn in JavaScript, so the same in WeChat and in the browser). */
function qrImage(text: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  return qr.createDataURL(8, 16)
}

export default function CheckinCodeScreen() {
  const session = useAuthedSession()
  const id = useRouter().params?.id ?? ''
  const ready = session.status === 'ready' && !!id
  const activity = useAsync(() => api.activity.get({ activityId: id }), [id], ready)
  const [code, setCode] = useState<CheckinCode>()
  const [error, setError] = useState<ApiError>()
  const [shown, setShown] = useState(true)
  const timer = useRef<ReturnType<typeof setTimeout>>()

  const load = useCallback(async () => {
    clearTimeout(timer.current)
    try {
      const c = await api.activity.checkinCode({ activityId: id })
      setCode(c)
      setError(undefined)
      // A little after the server's next step, and never faster than once a second.
      timer.current = setTimeout(() => void load(), Math.max(1000, c.refreshInMs + 300))
    } catch (e) {
      setError(toApiError(e))
      // A network hiccup: try again soon; a refusal (not the organiser, not the time) waits for a tap.
      if (toApiError(e).code === 'UNAVAILABLE') timer.current = setTimeout(() => void load(), 5000)
    }
  }, [id])

  useEffect(() => {
    if (ready && shown) void load()
    return () => clearTimeout(timer.current)
  }, [ready, shown, load])
  useDidShow(() => {
    setShown(true)
    if (process.env.TARO_ENV === 'weapp') void Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined)
  })
  useDidHide(() => setShown(false))

  const image = useMemo(() => (code ? qrImage(code.qr) : ''), [code])
  const a = activity.data

  return (
    <PageContainer className='act' loading={!ready || (!code && !error)} error={session.status === 'error' ? session.error : undefined} hasData={!!code} skeleton={<Skeleton rows={4} />}>
      <View className='act-code' id='activity-code'>
        {a && (
          <View className='act-code__head'>
            <View className='act-code__title'>{a.title}</View>
            <View className='act-code__sub'>{timeRange(a.start, a.end)} · {a.place.name}</View>
          </View>
        )}
        {error && !code && <ErrorState error={error} onRetry={() => void load()} />}
        {code && (
          <>
            <Image className='act-code__qr' src={image} mode='scaleToFill' nativeProps={{ alt: '签到二维码' }} />
            <View className='act-code__label'>签到码</View>
            <View className='act-code__text' id='activity-code-text' aria-label={`签到码 ${code.code.split('').join(' ')}`}>
              {code.code}
            </View>
            <View className='act-code__hint'>请参与者在活动详情里扫码，或输入上面的6位签到码。签到码每30秒自动更换，每个码1分钟内有效。</View>
            {error && <View className='act-note act-note--warn'>{error.message}（显示的可能是旧码）</View>}
          </>
        )}
        <View className='act-actions'>
          <Button block onClick={() => void Taro.navigateTo({ url: rosterUrl(id) })}>
            报名名单（按报名码签到）
          </Button>
        </View>
      </View>
    </PageContainer>
  )
}
