import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { FOCUSABLE } from './a11y'
import { cx } from './cx'

export interface ChipOption<V extends string> {
  value: V
  label: ReactNode
  /** A coloured dot before the label (urgency colours). */
  dot?: 'red' | 'yellow' | 'green'
}

interface ChipsProps<V extends string> {
  options: readonly ChipOption<V>[]
  className?: string
  /** For tests and labels: the chips' container gets `id`. */
  id?: string
  /** Lay the chips out in equal columns instead of flowing. */
  columns?: number
}

/** One choice among a few, as large tap targets (easier for older people than a wheel picker). */
export function Chips<V extends string>({ options, value, onChange, className, id, columns }: ChipsProps<V> & { value?: V; onChange: (v: V) => void }) {
  return (
    <View className={cx('lx-chips', !!columns && `lx-chips--cols${columns}`, className)} id={id} role='radiogroup'>
      {options.map((o) => (
        <View
          key={o.value}
          className={cx('lx-chip', o.value === value && 'lx-chip--on')}
          role='radio'
          {...FOCUSABLE}
          aria-checked={o.value === value ? 'true' : 'false'}
          onClick={() => onChange(o.value)}
        >
          {o.dot && <View className={cx('lx-dot', `lx-dot--${o.dot}`)} />}
          {o.label}
        </View>
      ))}
    </View>
  )
}

/** Several choices among a few (skills). */
export function MultiChips<V extends string>({ options, values, onChange, className, id, columns }: ChipsProps<V> & { values: readonly V[]; onChange: (v: V[]) => void }) {
  return (
    <View className={cx('lx-chips', !!columns && `lx-chips--cols${columns}`, className)} id={id} role='group'>
      {options.map((o) => {
        const on = values.includes(o.value)
        return (
          <View
            key={o.value}
            className={cx('lx-chip', on && 'lx-chip--on')}
            role='checkbox'
            {...FOCUSABLE}
            aria-checked={on ? 'true' : 'false'}
            onClick={() => onChange(on ? values.filter((v) => v !== o.value) : [...values, o.value])}
          >
            {o.label}
          </View>
        )
      })}
    </View>
  )
}
