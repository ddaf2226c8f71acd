import { View } from '@tarojs/components'
import type { Colour } from '@shared/rules/sla'
import { COLOUR_SHORT } from './labels'

export function ColourDot({ colour }: { colour: Colour }) {
  return <View className={`lx-dot lx-dot--${colour}`} aria-label={COLOUR_SHORT[colour]} />
}
