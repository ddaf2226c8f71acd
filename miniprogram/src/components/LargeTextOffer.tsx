import { View } from '@tarojs/components'
import { useSession } from '../hooks/session'
import { Button } from './Button'
import { Card } from './Card'
import { useLargeTextChoice } from './LargeTextSwitch'

/**
 * The one-time offer of 大字模式 on 首页, to a person who has not chosen yet (the profile has no
 * largeText). Either answer is saved in the profile, so it is offered once, on any device; until then
 * the app already follows the phone's font size, and the card says so.
 */
export function LargeTextOffer() {
  const { profile, largeText, largeTextAnswered, systemLargeText } = useSession()
  const { pending, choose } = useLargeTextChoice()
  if (!profile || largeTextAnswered) return null
  return (
    <Card className='lx-offer' title={<View id='large-text-offer-title'>需要把字放大吗？</View>}>
      <View id='large-text-offer' role='region' aria-labelledby='large-text-offer-title'>
        <View className='lx-offer__sample'>大字模式：文字更大，按钮更好按</View>
        <View className='lx-offer__text'>
          {systemLargeText
            ? '您的手机设置了大号字体，我们已为您打开大字模式。'
            : '打开后，全部文字和按钮都会放大。以后可以在“我的”里随时开关。'}
        </View>
        <View className='lx-offer__actions'>
          <Button type='primary' size='large' block loading={pending === true} onClick={() => void choose(true)}>
            {largeText ? '好的，保持大字' : '打开大字模式'}
          </Button>
          <Button size='large' block loading={pending === false} onClick={() => void choose(false)}>
            {largeText ? '不用，换回标准字' : '不用了，保持标准字'}
          </Button>
        </View>
      </View>
    </Card>
  )
}
