// WeChat's package limits (platform.md): every package, main or sub, at most 2 MB; tabBar pages in the
// main package; admin screens in a subpackage. Checks the weapp build made by `npm run build`.
import { weappPackages } from '../../scripts/sizes'

const LIMIT = 2 * 1024 * 1024

it('every package fits in 2 MB and tab pages live in the main package', () => {
  const { app, sizes, subRoots } = weappPackages()
  for (const [name, bytes] of Object.entries(sizes)) expect({ name, ok: bytes <= LIMIT }).toEqual({ name, ok: true })
  expect(subRoots.some((r) => r.includes('admin'))).toBe(true)
  for (const tab of app.tabBar?.list ?? []) {
    expect(subRoots.some((r) => tab.pagePath.startsWith(r + '/'))).toBe(false)
    expect(app.pages).toContain(tab.pagePath)
  }
})
