import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { tappable } from './a11y'
import { cx } from './cx'
import './PhoneLink.css'

/**
 * A phone number shown in the app: a tap calls it (Taro.makePhoneCall). A masked number (138****1234)
 * cannot be called and stays text. `name` says whom the call is to, for screen readers.
 */
export function PhoneLink({ phone, name, className, prefix }: { phone: string; name?: string; className?: string; prefix?: string }) {
  if (!/^\+?\d[\d-]{2,}$/.test(phone)) {
    return (
      <Text className={className}>
        {prefix}
        {phone}
      </Text>
    )
  }
  return (
    <View
      className={cx('lx-phone', className)}
      {...tappable('button', `拨打${name ? `${name}的电话` : '电话'} ${phone}`)}
      onClick={(e) => {
        e.stopPropagation()
        void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
      }}
    >
      {prefix}
      {phone}
    </View>
  )
}
