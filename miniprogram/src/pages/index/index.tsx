import { View, Text } from '@tarojs/components'
import { ROLE_LABELS } from '@shared/roles'
import { contracts } from '@shared/contracts'
export default function Index() {
  return <View><Text>{ROLE_LABELS.resident}{contracts.member.login.fn}{process.env.TARO_APP_CLOUD_ENV}</Text></View>
}
