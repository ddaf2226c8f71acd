// 适老化 audit of the page on screen in the h5 build (docs/a11y.md): axe-core's serious and critical
// violations, and what axe does not measure, from computed styles: text sizes (smallest 16 CSS px in
// normal mode, 18 in elder mode, .lx-caption aside), text and placeholder contrast against the colours
// under it (4.5:1; 3:1 at 24 px and above), tap targets (44×44; main controls 60×60 in elder mode), views with a
// tap handler and no role, one-word labels broken over two lines and content wider than the screen.
// Used by test/e2e/a11y.test.ts (which asserts) and bench/a11y.ts (which reports shares).
import fs from 'node:fs'
import type { Page } from 'playwright-core'

export type Mode = 'normal' | 'large'

export const RULES = {
  /** CSS px: the smallest text in normal mode (工信部规范: 正文 ≥ 16). */
  minText: 16,
  /** CSS px: the smallest text in elder mode (≥ 18 dp/pt). */
  minTextLarge: 18,
  /** CSS px: captions (.lx-caption) in normal mode. */
  minCaption: 12,
  minContrast: 4.5,
  /** Text at 24 CSS px (18 pt) and above. */
  minContrastLarge: 3,
  minTarget: 44,
  minMainTargetLarge: 60,
  minLineHeight: 1.3,
} as const

export interface TextSample {
  text: string
  px: number
  caption: boolean
  lineHeight: number
  where: string
}
export interface ContrastMiss {
  text: string
  ratio: number
  need: number
  fg: string
  bg: string
  where: string
}
export interface Target {
  name: string
  role: string
  w: number
  h: number
  main: boolean
  where: string
}
export interface Measure {
  texts: TextSample[]
  contrast: ContrastMiss[]
  targets: Target[]
  /** Views with a tap handler (React onClick/onTap) and no role: a screen reader cannot tell they act. */
  noRole: string[]
  /** One-word labels (chips, tags, buttons, tabs) drawn on more than one line or cut off. */
  broken: string[]
  /** The page is wider than the screen (sideways scrolling). */
  overflowX: number
}

export interface AxeViolation {
  id: string
  impact: string
  help: string
  nodes: string[]
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** Runs axe-core over the document (hidden pages of Taro's stack are display: none, so skipped). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE })
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: unknown[]; html: string }> }> }> } }).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 140)}`) }))
  })
}

/** The computed-style measures of what is visible now. */
export function measure(page: Page): Promise<Measure> {
  return page.evaluate(MEASURE)
}

// Plain JavaScript run in the page (kept as a string: no compiler helpers leak into it).
const MEASURE = `(() => {
  const visible = (el) => {
    if (!el || !el.getBoundingClientRect) return false
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false
    const r = el.getBoundingClientRect()
    return r.width > 0 && r.height > 0
  }
  const where = (el) => {
    const parts = []
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      const cls = (typeof e.className === 'string' ? e.className : '').split(/\\s+/).filter((c) => c && !c.startsWith('hydrated')).slice(0, 2).join('.')
      parts.unshift(e.id ? '#' + e.id : e.tagName.toLowerCase() + (cls ? '.' + cls : ''))
    }
    return parts.join(' > ')
  }
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || '')
    if (!m) return null
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number)
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }
  }
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  })
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4) }
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b)
  }
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05) }
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')
  // The colours under an element: each ancestor's background colour (or the stops of a gradient)
  // over the next, from the page down; the worst case when a gradient has several.
  const backgrounds = (el) => {
    const chain = []
    for (let e = el; e; e = e.parentElement) chain.push(e)
    let unders = [{ r: 255, g: 255, b: 255, a: 1 }]
    let opacity = 1
    for (let i = chain.length - 1; i >= 0; i--) {
      const s = getComputedStyle(chain[i])
      opacity *= Number(s.opacity)
      const stops = (s.backgroundImage || '').includes('gradient') ? (s.backgroundImage.match(/rgba?\\([^)]+\\)/g) || []).map(parse) : []
      const bg = parse(s.backgroundColor)
      if (stops.length) unders = stops.map((st) => over(st, unders[0]))
      else if (bg && bg.a > 0) unders = unders.map((u) => over(bg, u))
    }
    return { unders, opacity }
  }
  const texts = []
  const contrast = []
  const seen = new Set()
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim()
    const el = n.parentElement
    if (!text || !el || !visible(el)) continue
    if (el.closest('script,style,noscript')) continue
    // The real <input>'s text is its value; its size is the element's.
    const s = getComputedStyle(el)
    const px = parseFloat(s.fontSize)
    const lh = s.lineHeight === 'normal' ? 1.2 : parseFloat(s.lineHeight) / px
    texts.push({ text: text.slice(0, 30), px, caption: !!el.closest('.lx-caption'), lineHeight: Math.round(lh * 100) / 100, where: where(el) })
    if (seen.has(el)) continue
    seen.add(el)
    // Inactive controls are exempt (WCAG 1.4.3), as they are for axe.
    if (el.closest('[aria-disabled="true"],.lx-btn--disabled,[disabled]')) continue
    const fg = parse(s.color)
    if (!fg) continue
    const { unders, opacity } = backgrounds(el)
    const bold = Number(s.fontWeight) >= 700
    const need = px >= 24 || (bold && px >= 18.66) ? 3 : 4.5
    for (const u of unders) {
      const eff = over({ ...fg, a: fg.a * opacity }, u)
      const r = ratio(eff, u)
      if (r < need - 0.005) {
        contrast.push({ text: text.slice(0, 30), ratio: Math.round(r * 100) / 100, need, fg: hex(eff), bg: hex(u), where: where(el) })
        break
      }
    }
  }
  // A placeholder is text too (WCAG 1.4.3): its colour against the field, while the field is empty.
  for (const el of document.querySelectorAll('input[placeholder],textarea[placeholder]')) {
    const text = (el.getAttribute('placeholder') || '').trim()
    if (!text || el.value || !visible(el) || el.closest('[aria-disabled="true"],[disabled]')) continue
    const ps = getComputedStyle(el, '::placeholder')
    const fg = parse(ps.color)
    if (!fg) continue
    const px = parseFloat(ps.fontSize) || parseFloat(getComputedStyle(el).fontSize)
    const need = px >= 24 ? 3 : 4.5
    const { unders, opacity } = backgrounds(el)
    for (const u of unders) {
      const eff = over({ ...fg, a: fg.a * opacity }, u)
      const r = ratio(eff, u)
      if (r < need - 0.005) {
        contrast.push({ text: 'placeholder ' + text.slice(0, 24), ratio: Math.round(r * 100) / 100, need, fg: hex(eff), bg: hex(u), where: where(el) })
        break
      }
    }
  }
  const CONTROL = '[role=button],[role=link],[role=radio],[role=checkbox],[role=tab],[role=switch],[role=menuitem],[role=option],a[href],button,input:not([type=hidden]),textarea,select,.weui-tabbar__item,.taro-navigation-bar-back,.taro-navigation-bar-home'
  const MAIN = '.lx-btn:not(.lx-btn--small),.lx-chip,.lx-tabs__item,.lx-switch,.lx-picker,.lx-input input,.lx-textarea textarea,.weui-tabbar__item,.lx-tile__inner,.lx-cell[role],.lx-stars__star[role]'
  const targets = []
  for (const el of document.querySelectorAll(CONTROL)) {
    if (!visible(el) || el.closest('[aria-hidden="true"]')) continue
    const r = el.getBoundingClientRect()
    const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder') || '').trim().slice(0, 30)
    targets.push({ name, role: el.getAttribute('role') || el.tagName.toLowerCase(), w: Math.round(r.width * 10) / 10, h: Math.round(r.height * 10) / 10, main: el.matches(MAIN), where: where(el) })
  }
  const noRole = []
  const INTERACTIVE = 'a,button,input,textarea,select,label,[role]'
  for (const el of document.querySelectorAll('body *')) {
    // Taro's React components hand their handlers to the element's own event table (__events), or
    // React keeps them in its props.
    const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'))
    const props = key ? el[key] : null
    const events = el.__events && typeof el.__events === 'object' ? Object.keys(el.__events).filter((k) => /^(click|tap)$/i.test(k) && el.__events[k] && (!Array.isArray(el.__events[k]) || el.__events[k].length)) : []
    const handles = events.length > 0 || (props && (typeof props.onClick === 'function' || typeof props.onTap === 'function'))
    if (!handles) continue
    if (!visible(el) || el.closest('[aria-hidden="true"]') || el.matches(INTERACTIVE)) continue
    noRole.push(where(el) + ' "' + (el.textContent || '').trim().slice(0, 20) + '"')
  }
  const broken = []
  for (const el of document.querySelectorAll('.lx-chip,.lx-tag,.lx-btn__text,.lx-tabs__item,.weui-tabbar__label')) {
    if (!visible(el)) continue
    // The lines of the label's own text (a dot or spinner beside it is not a line).
    const tops = new Set()
    const tw = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    for (let t = tw.nextNode(); t; t = tw.nextNode()) {
      if (!t.textContent.trim()) continue
      const range = document.createRange()
      range.selectNodeContents(t)
      for (const x of range.getClientRects()) if (x.width > 0) tops.add(Math.round(x.top))
    }
    const cut = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible'
    const r = el.getBoundingClientRect()
    let scroller = false
    for (let e = el.parentElement; e && !scroller; e = e.parentElement) scroller = /(auto|scroll)/.test(getComputedStyle(e).overflowX)
    const outside = !scroller && (r.right > innerWidth + 1 || r.left < -1)
    if (tops.size > 1 || cut || outside) broken.push(where(el) + ' "' + el.textContent.trim().slice(0, 20) + '"' + (outside ? ' (off screen)' : tops.size > 1 ? ' (' + tops.size + ' lines)' : ' (cut)'))
  }
  return { texts, contrast, targets, noRole, broken, overflowX: Math.max(0, document.documentElement.scrollWidth - innerWidth) }
})()`

/** The failures of a measure against the rules, as readable lines (empty when the page passes). */
export function failures(m: Measure, mode: Mode): string[] {
  const out: string[] = []
  const min = mode === 'large' ? RULES.minTextLarge : RULES.minText
  const minCaption = mode === 'large' ? RULES.minTextLarge : RULES.minCaption
  for (const t of m.texts) {
    const need = t.caption ? minCaption : min
    if (t.px < need - 0.05) out.push(`text ${t.px.toFixed(1)}px < ${need}: "${t.text}" at ${t.where}`)
    if (t.lineHeight < RULES.minLineHeight - 0.01) out.push(`line height ${t.lineHeight} < ${RULES.minLineHeight}: "${t.text}" at ${t.where}`)
  }
  for (const c of m.contrast) out.push(`contrast ${c.ratio} < ${c.need}: "${c.text}" ${c.fg} on ${c.bg} at ${c.where}`)
  for (const t of m.targets) {
    const need = mode === 'large' && t.main ? RULES.minMainTargetLarge : RULES.minTarget
    if (t.w < need - 0.5 || t.h < need - 0.5) out.push(`target ${t.w}×${t.h} < ${need}: ${t.role} "${t.name}" at ${t.where}`)
  }
  for (const v of m.noRole) out.push(`tap handler without a role: ${v}`)
  for (const b of m.broken) out.push(`label broken: ${b}`)
  if (m.overflowX > 1) out.push(`page ${m.overflowX}px wider than the screen`)
  return out
}

/** Shares for the bench: text under 16 and 18 px (captions included), targets under 44 px. */
export function shares(m: Measure): { text: number; under16: number; under18: number; targets: number; under44: number } {
  const n = m.texts.length || 1
  const t = m.targets.length || 1
  return {
    text: m.texts.length,
    under16: m.texts.filter((x) => x.px < 15.95).length / n,
    under18: m.texts.filter((x) => x.px < 17.95).length / n,
    targets: m.targets.length,
    under44: m.targets.filter((x) => x.w < 43.5 || x.h < 43.5).length / t,
  }
}
