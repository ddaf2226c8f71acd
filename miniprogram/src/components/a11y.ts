/**
 * What a tappable View needs to be reached and announced (适老化: every control has a name and a role).
 * h5: Taro's View passes role, aria-* and tabIndex to the element, so screen readers read it as a
 * button (or link) and the keyboard reaches it. weapp: Taro's View template carries none of these
 * (see docs/a11y.md); WeChat's 读屏 reads the visible text.
 */
export function tappable(role: 'button' | 'link' = 'button', label?: string): { role: string; tabIndex: number; 'aria-label'?: string } {
  return label ? { role, tabIndex: 0, 'aria-label': label } : { role, tabIndex: 0 }
}

/** In the keyboard's tab order (h5); spread, since Taro's ViewProps do not list tabIndex. */
export const FOCUSABLE: { tabIndex: number } = { tabIndex: 0 }
