import { View } from '@tarojs/components'
import { FOCUSABLE } from './a11y'
import { cx } from './cx'

export interface TabItem<K extends string> {
  key: K
  title: string
}

/** A segmented row of tabs; the chosen one is underlined in red. */
export function Tabs<K extends string>({ items, value, onChange, className }: { items: readonly TabItem<K>[]; value: K; onChange: (key: K) => void; className?: string }) {
  return (
    <View className={cx('lx-tabs', className)} role='tablist'>
      {items.map((t) => (
        <View
          key={t.key}
          className={cx('lx-tabs__item', t.key === value && 'lx-tabs__item--active')}
          role='tab'
          {...FOCUSABLE}
          aria-selected={t.key === value ? 'true' : 'false'}
          onClick={() => t.key !== value && onChange(t.key)}
        >
          {t.title}
        </View>
      ))}
    </View>
  )
}
