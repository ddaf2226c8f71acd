import { fireEvent, render, waitFor } from '@testing-library/react'
import type { ReactElement } from 'react'
import { SessionProvider } from '../../miniprogram/src/hooks/session'

/** Renders screens the way the app does: inside the session, which logs in through the transport. */
export function renderApp(ui: ReactElement) {
  return render(<SessionProvider>{ui}</SessionProvider>)
}

/**
 * Types into a Taro Input as a person would: into the real <input> that taro-input-core draws (a
 * moment after mount, so it is waited for).
 */
export async function typeInto(container: HTMLElement, selector: string, value: string) {
  const input = await waitFor(() => {
    const el = container.querySelector(`${selector} input`) as HTMLInputElement | null
    if (!el) throw new Error(`no input in ${selector} yet`)
    return el
  })
  input.value = value
  fireEvent(input, new Event('input', { bubbles: true }))
}

/** Chooses the index-th option of the Picker that wraps `selector` (the wheel itself is not in jsdom). */
export function pickIndex(container: HTMLElement, selector: string, index: number) {
  const picker = container.querySelector(selector)?.closest('taro-picker-core')
  if (!picker) throw new Error(`no picker around ${selector}`)
  fireEvent(picker, new CustomEvent('change', { detail: { value: index }, bubbles: true }))
}
