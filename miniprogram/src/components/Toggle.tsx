import { View } from '@tarojs/components'
import { FOCUSABLE } from './a11y'
import { cx } from './cx'

export interface ToggleProps {
  id?: string
  checked: boolean
  /** Read out with the state ("大字模式，开关，已开启"). */
  label: string
  disabled?: boolean
  onChange: (checked: boolean) => void
  className?: string
}

/**
 * An on/off switch drawn here rather than Taro's Switch: in h5 that is a web component whose inner
 * checkbox gets no name from the element it sits in. This one is the element a screen reader reaches
 * (role switch, its label, aria-checked), with a tap area of a main control (≥ 44, in elder mode ≥ 60).
 */
export function Toggle({ id, checked, label, disabled, onChange, className }: ToggleProps) {
  return (
    <View
      id={id}
      className={cx('lx-switch', checked && 'lx-switch--on', disabled && 'lx-switch--disabled', className)}
      role='switch'
      {...FOCUSABLE}
      aria-label={label}
      aria-checked={checked ? 'true' : 'false'}
      aria-disabled={disabled ? 'true' : undefined}
      onClick={() => {
        if (!disabled) onChange(!checked)
      }}
    >
      <View className='lx-switch__track'>
        <View className='lx-switch__knob' />
      </View>
      <View className='lx-switch__state'>{checked ? '开' : '关'}</View>
    </View>
  )
}
