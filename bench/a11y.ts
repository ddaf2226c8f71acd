// 适老化 figures of the h5 build (issue 14): per page and mode, the share of visible text under 16 and
// under 18 CSS px and the share of tap targets under 44×44, on a 390-px-wide phone in the system
// Chromium, measured by test/support/a11y.ts (the e2e test test/e2e/a11y.test.ts asserts the rules;
// this only reports). Reads the existing miniprogram/dist/h5 (build it first).
// Runs alone with `npx tsx bench/a11y.ts`; `npm run bench` calls it too.
import fs from 'node:fs'
import path from 'node:path'
import { measure, shares, type Mode } from '../test/support/a11y'
import { current, loginAs, openPhone } from '../test/support/browser'
import { startE2eCloud } from '../test/support/e2eCloud'

type Put = (name: string, value: number, show: string) => void

const ROOT = path.resolve(__dirname, '..')
const PAGES: Array<{ openid: string; url: string; name: string }> = [
  ...[
    ['pages/index/index', 'home'],
    ['pages/tasks/index', 'tasks'],
    ['pages/activities/index', 'activities'],
    ['pages/mine/index', 'mine'],
    ['pages/profile/index', 'profile'],
    ['pages/order/new/index', 'order_new'],
    ['pages/order/mine/index', 'order_mine'],
    ['packages/me/inbox/index', 'inbox'],
    ['packages/wish/board/index', 'wish_board'],
    ['packages/wish/post/index', 'wish_post'],
    ['packages/wish/mine/index', 'wish_mine'],
    ['packages/points/mine/index', 'points_mine'],
    ['packages/points/store/index', 'points_store'],
    ['packages/activity/mine/index', 'activity_mine'],
    ['packages/report/form/index', 'report_form'],
  ].map(([url, name]) => ({ openid: 'demo-resident-1', url, name })),
  ...[
    ['packages/admin/home/index', 'admin_home'],
    ['packages/admin/orders/index', 'admin_orders'],
    ['packages/activity/edit/index', 'activity_edit'],
  ].map(([url, name]) => ({ openid: 'demo-admin-c1', url, name })),
]

export async function a11yBench(put: Put): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'miniprogram', 'dist', 'h5', 'index.html'))) {
    put('a11y_pages', 0, 'h5 not built (npm run build:h5)')
    return
  }
  const env = await startE2eCloud()
  const totals: Record<Mode, { text: number; u16: number; u18: number; targets: number; u44: number }> = {
    normal: { text: 0, u16: 0, u18: 0, targets: 0, u44: 0 },
    large: { text: 0, u16: 0, u18: 0, targets: 0, u44: 0 },
  }
  try {
    for (const openid of [...new Set(PAGES.map((p) => p.openid))]) {
      const phone = await openPhone(env.cloud.url)
      try {
        for (const mode of ['normal', 'large'] as Mode[]) {
          await env.cloud.runtime.invoke('member', { action: 'updateProfile', payload: { largeText: mode === 'large' } }, { openid })
          if (mode === 'normal') await loginAs(phone.page, openid)
          else await phone.page.reload()
          for (const p of PAGES.filter((x) => x.openid === openid)) {
            await phone.page.goto(`/#/${p.url}`)
            await current(phone.page).locator('.lx-page').first().waitFor()
            await phone.page.waitForTimeout(1200)
            const s = shares(await measure(phone.page))
            const t = totals[mode]
            t.text += s.text
            t.u16 += s.under16 * s.text
            t.u18 += s.under18 * s.text
            t.targets += s.targets
            t.u44 += s.under44 * s.targets
            const pct = (x: number) => `${(x * 100).toFixed(0)}%`
            put(`a11y_${p.name}_${mode}_text_under16`, s.under16, `${pct(s.under16)} of ${s.text} texts < 16 px, ${pct(s.under18)} < 18 px`)
            put(`a11y_${p.name}_${mode}_text_under18`, s.under18, `${pct(s.under18)}`)
            put(`a11y_${p.name}_${mode}_targets_under44`, s.under44, `${pct(s.under44)} of ${s.targets} targets < 44 px`)
          }
        }
      } finally {
        await phone.close()
      }
    }
    for (const mode of ['normal', 'large'] as Mode[]) {
      const t = totals[mode]
      put(`a11y_all_${mode}_text_under16`, t.u16 / (t.text || 1), `${((100 * t.u16) / (t.text || 1)).toFixed(1)}% of ${t.text} texts < 16 px (all pages, ${mode})`)
      put(`a11y_all_${mode}_text_under18`, t.u18 / (t.text || 1), `${((100 * t.u18) / (t.text || 1)).toFixed(1)}% < 18 px (all pages, ${mode})`)
      put(`a11y_all_${mode}_targets_under44`, t.u44 / (t.targets || 1), `${((100 * t.u44) / (t.targets || 1)).toFixed(1)}% of ${t.targets} targets < 44 px (all pages, ${mode})`)
    }
  } finally {
    await env.close()
  }
}

if (require.main === module) {
  const rows: Array<[string, string]> = []
  a11yBench((name, _v, show) => rows.push([name, show]))
    .then(() => {
      const w = Math.max(...rows.map((r) => r[0].length))
      for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`)
    })
    .catch((err) => {
      console.error(err)
      process.exit(1)
    })
}
