import { Input, Picker, Textarea, View } from '@tarojs/components'
import type { PropsWithChildren, ReactNode } from 'react'
import { FOCUSABLE } from './a11y'
import { cx } from './cx'

export interface FieldProps {
  label: ReactNode
  required?: boolean
  error?: string
  hint?: ReactNode
  className?: string
  /** Label on its own line above the control (text areas, chips, photos). */
  stacked?: boolean
  /** What to write, always in view (适老化: instructions are never only a placeholder). */
  guide?: ReactNode
  /** The guide's id, for the control's aria-describedby. */
  guideId?: string
}

/** The label as a string, for the control's accessible name (h5 Input/Textarea take it through nativeProps). */
const nameOf = (label: ReactNode) => (typeof label === 'string' ? label : undefined)

/** h5: attributes for the real <input>/<textarea> inside Taro's web component; ignored in the mini-program. */
function nativeA11y(label: ReactNode, guideId?: string, required?: boolean): Record<string, string> {
  const out: Record<string, string> = {}
  if (required) out['aria-required'] = 'true'
  const name = nameOf(label)
  if (name) out['aria-label'] = name
  if (guideId) out['aria-describedby'] = guideId
  return out
}

/** A labelled form row with its own error line (from error.fields or the contract's zod schema). */
export function Field({ label, required, error, hint, className, stacked, guide, guideId, children }: PropsWithChildren<FieldProps>) {
  const guideLine = guide ? (
    <View className='lx-field__guide' id={guideId}>
      {guide}
    </View>
  ) : null
  return (
    <View className={cx('lx-field', error && 'lx-field--error', stacked && 'lx-field--stacked', className)}>
      <View className='lx-field__row'>
        <View className='lx-field__label'>
          {label}
          {required && (
            <View className='lx-field__required' aria-hidden='true'>
              *
            </View>
          )}
        </View>
        {stacked && guideLine}
        <View className='lx-field__control'>{children}</View>
      </View>
      {!stacked && guideLine}
      {error ? (
        <View className='lx-field__error' role='alert'>
          {error}
        </View>
      ) : (
        hint && <View className='lx-field__hint'>{hint}</View>
      )}
    </View>
  )
}

export interface TextFieldProps extends FieldProps {
  name: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  type?: 'text' | 'number' | 'idcard' | 'digit'
  maxlength?: number
  disabled?: boolean
}

export function TextField({ name, value, onChange, placeholder, type = 'text', maxlength, disabled, ...field }: TextFieldProps) {
  // The placeholder's words show as the field's guide, unless a hint already says what to write.
  const guide = field.hint ? undefined : placeholder
  const guideId = guide ? `field-${name}-guide` : undefined
  return (
    <Field {...field} guide={guide} guideId={guideId}>
      <Input
        className='lx-input'
        name={name}
        id={`field-${name}`}
        value={value}
        type={type}
        maxlength={maxlength}
        disabled={disabled}
        placeholder={guide ? undefined : placeholder}
        placeholderClass='lx-input__placeholder'
        nativeProps={nativeA11y(field.label, guideId, field.required)}
        onInput={(e) => onChange(e.detail.value)}
      />
    </Field>
  )
}

export interface PickerFieldProps extends FieldProps {
  name: string
  options: { id: string; name: string }[]
  value?: string
  onChange: (id: string) => void
  placeholder: string
  disabled?: boolean
  /** Shown instead of the placeholder when there is nothing to pick. */
  emptyText?: string
}

/** One level of a cascading choice (社区 → 网格 → 楼栋), by id. */
export function PickerField({ name, options, value, onChange, placeholder, disabled, emptyText, ...field }: PickerFieldProps) {
  const index = options.findIndex((o) => o.id === value)
  const none = options.length === 0
  // The placeholder gives way when the error below says the same thing (请选择楼栋 once, not twice).
  const hint = field.error && field.error === placeholder ? '未选择' : placeholder
  const text = index >= 0 ? options[index].name : none && emptyText ? emptyText : hint
  return (
    <Field {...field}>
      <Picker
        mode='selector'
        range={options.map((o) => o.name)}
        value={index >= 0 ? index : 0}
        disabled={disabled || none}
        onChange={(e) => {
          const picked = options[Number(e.detail.value)]
          if (picked) onChange(picked.id)
        }}
      >
        <View
          className={cx('lx-picker', index < 0 && 'lx-picker--placeholder', (disabled || none) && 'lx-picker--disabled')}
          id={`field-${name}`}
          role='button'
          {...FOCUSABLE}
          aria-haspopup='listbox'
          aria-disabled={disabled || none ? 'true' : undefined}
          aria-label={nameOf(field.label) ? `${nameOf(field.label)}：${text}` : undefined}
        >
          <View className='lx-picker__text'>{text}</View>
          <View className='lx-cell__arrow' />
        </View>
      </Picker>
    </Field>
  )
}

export interface TextAreaFieldProps extends FieldProps {
  name: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  maxlength: number
  /** Visible lines. */
  rows?: number
}

/** A multi-line text with its count ("23/500"), label above it. */
export function TextAreaField({ name, value, onChange, placeholder, maxlength, rows = 4, ...field }: TextAreaFieldProps) {
  const count = Array.from(value).length
  // What to write is a line above the box, in view while writing, not a placeholder that goes away.
  const guideId = placeholder ? `field-${name}-guide` : undefined
  return (
    <Field {...field} stacked guide={placeholder} guideId={guideId}>
      <Textarea
        className='lx-textarea'
        id={`field-${name}`}
        style={{ height: `${rows * 1.6}em` }}
        value={value}
        maxlength={maxlength}
        nativeProps={nativeA11y(field.label, guideId, field.required)}
        // In the mini-program a textarea is a native view drawn above the page; `fixed` keeps it in
        // place inside a fixed panel (Sheet).
        fixed
        onInput={(e) => onChange(e.detail.value)}
      />
      <View className={cx('lx-textarea__count', 'lx-caption', count > maxlength && 'lx-textarea__count--over')}>
        {count}/{maxlength}
      </View>
    </Field>
  )
}
