import { View } from '@tarojs/components'
import type { PropsWithChildren, ReactNode } from 'react'
import { Button } from './Button'
import { tappable } from './a11y'
import { cx } from './cx'

export interface SheetProps {
  open: boolean
  title: string
  onClose: () => void
  /** The buttons at the bottom, kept in view while the body scrolls. */
  footer?: ReactNode
  className?: string
  id?: string
}

/**
 * A panel sliding up from the bottom for a short form (评价, 提交办结, 受理...). Rendered inside the page,
 * so it inherits the page's large-text scale.
 */
export function Sheet({ open, title, onClose, footer, className, id, children }: PropsWithChildren<SheetProps>) {
  if (!open) return null
  return (
    <View className={cx('lx-sheet', className)} id={id} catchMove>
      {/* Tapping outside closes too; for a screen reader the 关闭 button does it. */}
      <View className='lx-sheet__mask' aria-hidden='true' onClick={onClose} />
      <View className='lx-sheet__panel' role='dialog' aria-modal='true' aria-label={title}>
        <View className='lx-sheet__head'>
          <View className='lx-sheet__title'>{title}</View>
          <View className='lx-sheet__close' {...tappable('button', '关闭')} onClick={onClose}>
            ×
          </View>
        </View>
        <View className='lx-sheet__body'>{children}</View>
        {footer && <View className='lx-sheet__foot'>{footer}</View>}
      </View>
    </View>
  )
}

/** A sheet's usual footer: 取消 and the primary button, which shows a spinner while busy. */
export function SheetFoot({ busy, onCancel, onOk, okText }: { busy: boolean; onCancel: () => void; onOk: () => void; okText: string }) {
  return (
    <>
      <Button onClick={onCancel}>取消</Button>
      <Button type='primary' loading={busy} onClick={onOk}>
        {okText}
      </Button>
    </>
  )
}
