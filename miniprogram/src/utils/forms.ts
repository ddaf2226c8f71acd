// Form helpers: the contract's own zod schema checks a form before sending (the same messages the
// backend would answer), and a failed call's field errors land under their fields.
import Taro from '@tarojs/taro'
import type { InputOf } from '@shared/contract'
import { fieldsOf, type AnyContract } from '../api/transport'
import { toApiError } from '../api/errors'

export type FieldErrors = Record<string, string | undefined>

/** Field path → message for what the contract refuses; empty when the input is fine. */
export function validate<C extends AnyContract>(contract: C, input: InputOf<C>): FieldErrors {
  const parsed = contract.input.safeParse(input)
  return parsed.success ? {} : fieldsOf(parsed.error)
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean)
}

/** The message for a field, or for anything under it ('place' covers 'place.room'). */
export function errorOf(errors: FieldErrors, key: string): string | undefined {
  if (errors[key]) return errors[key]
  const nested = Object.keys(errors).find((k) => k.startsWith(key + '.') && errors[k])
  return nested ? errors[nested] : undefined
}

/** Clears the message of a field (and of what is under it) once the person changes it. */
export function clearError(errors: FieldErrors, key: string): FieldErrors {
  const next: FieldErrors = {}
  for (const [k, v] of Object.entries(errors)) if (k !== key && !k.startsWith(key + '.')) next[k] = v
  return next
}

/**
 * Runs a form's call. Field errors (the server's `error.fields`, or the contract's own check in the
 * transport) go to `setErrors`; every failure is also said in a toast. Resolves undefined on failure.
 */
export async function submitForm<T>(call: () => Promise<T>, setErrors: (e: FieldErrors) => void): Promise<T | undefined> {
  try {
    const out = await call()
    setErrors({})
    return out
  } catch (e) {
    const err = toApiError(e)
    if (err.fields) setErrors(err.fields)
    Taro.showToast({ title: err.message, icon: 'none' })
    return undefined
  }
}

/** Taro.showModal as a promise of yes/no. */
export async function confirmModal(opts: { title: string; content: string; confirmText?: string; danger?: boolean }): Promise<boolean> {
  try {
    const res = await Taro.showModal({
      title: opts.title,
      content: opts.content,
      confirmText: opts.confirmText ?? '确定',
      cancelText: '取消',
      ...(opts.danger ? { confirmColor: '#C8161D' } : {}),
    })
    return !!res.confirm
  } catch {
    return false
  }
}
