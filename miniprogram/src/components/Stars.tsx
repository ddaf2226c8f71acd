import { View } from '@tarojs/components'
import { FOCUSABLE } from './a11y'
import { cx } from './cx'

const WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意']

/** 1–5 stars; read-only when there is no onChange. */
export function Stars({ value, onChange, size = 'normal' }: { value: number; onChange?: (v: number) => void; size?: 'normal' | 'large' }) {
  return (
    <View className={cx('lx-stars', `lx-stars--${size}`)} role={onChange ? 'radiogroup' : 'img'} aria-label={onChange ? '评分' : `${value}星`}>
      {[1, 2, 3, 4, 5].map((n) => (
        <View
          key={n}
          className={cx('lx-stars__star', n <= value && 'lx-stars__star--on')}
          role={onChange ? 'radio' : undefined}
          {...(onChange ? FOCUSABLE : {})}
          aria-checked={onChange ? (n === value ? 'true' : 'false') : undefined}
          aria-label={onChange ? `${n}星` : undefined}
          aria-hidden={onChange ? undefined : 'true'}
          onClick={onChange ? () => onChange(n) : undefined}
        >
          ★
        </View>
      ))}
      {value > 0 && (
        <View className='lx-stars__word' aria-hidden={onChange ? undefined : 'true'}>
          {WORDS[value]}
        </View>
      )}
    </View>
  )
}
