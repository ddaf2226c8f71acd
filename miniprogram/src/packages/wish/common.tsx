// Pieces the 微心愿 screens share: the card (as the server masked it), status tags, the transparency
// strip, and the one way a move is run (busy flag, toast, the error's message).
import Taro from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import type { WishCard } from '@shared/contracts/wish'
import { Card, Tag, type Tone } from '../../components'
import { toApiError } from '../../api/errors'
import { fromNow } from '../../utils/time'

export const WISH_DETAIL = '/packages/wish/detail/index'
export const WISH_POST = '/packages/wish/post/index'
export const wishUrl = (id: string) => `${WISH_DETAIL}?id=${encodeURIComponent(id)}`

const TONES: Record<string, Tone> = {
  pending_review: 'gold',
  returned: 'red',
  rejected: 'gray',
  open: 'red',
  claimed: 'gold',
  fulfilled: 'blue',
  confirmed: 'green',
  withdrawn: 'gray',
}

export function WishStatus({ status, label }: { status: string; label: string }) {
  return <Tag tone={TONES[status] ?? 'gray'}>{label}</Tag>
}

/** One wish on a list: the title, who it is for (masked by the server), progress, and how long ago. */
export function WishItem({ w, onClick }: { w: WishCard; onClick?: () => void }) {
  return (
    <Card className='wish-card' title={w.title} extra={<WishStatus status={w.status} label={w.progressLabel ?? w.statusLabel} />} onClick={onClick ?? (() => void Taro.navigateTo({ url: wishUrl(w.id) }))}>
      <View className='wish-card__body'>
        {w.photo && <Image className='wish-card__photo' src={w.photo} mode='aspectFill' nativeProps={{ alt: '心愿照片' }} />}
        <View className='wish-card__main'>
          <View className='wish-card__tags'>
            <Tag tone='red'>{w.category}</Tag>
            <Tag tone='gray'>{w.beneficiaryType}</Tag>
            <Tag tone='gray'>{w.ageBand}</Tag>
          </View>
          <View className='wish-card__story'>{w.story}</View>
          <View className='wish-card__meta'>
            {w.name} · {w.gridName || w.communityName} · 约{w.value}元 · {fromNow(w.updatedAt)}
          </View>
          {w.donor && <View className='wish-card__donor'>圆梦人：{w.donor}</View>}
          {w.thanks && <View className='wish-card__thanks'>“{w.thanks}”</View>}
        </View>
      </View>
    </Card>
  )
}

export function Strip({ text }: { text: string }) {
  return (
    <View className='wish-strip' id='wish-strip'>
      <View className='wish-strip__mark'>圆</View>
      <View className='wish-strip__text'>{text}</View>
    </View>
  )
}

/** Runs a call with a toast for its outcome; the answer when it succeeded. */
export async function run<T>(call: () => Promise<T>, done: string): Promise<T | undefined> {
  try {
    const out = await call()
    Taro.showToast({ title: done, icon: 'success' })
    return out
  } catch (e) {
    Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    return undefined
  }
}
