// Chromium on the h5 build (platform.md): the system Chromium driven by playwright-core, a fresh profile
// per context, a phone-sized viewport, screenshots after Taro's page slide-in, and the dev login done
// the way a person does it, through the login page.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import zlib from 'node:zlib'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { ROOT } from '../../localcloud/runtime'

export const ARTIFACTS = path.join(ROOT, 'test', 'artifacts', 'e2e')

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

let chromiumPath: string | undefined
function systemChromium(): string {
  chromiumPath ??= execFileSync('which', ['chromium']).toString().trim()
  return chromiumPath
}

export interface Phone {
  context: BrowserContext
  page: Page
  /** Uncaught page errors and console errors, for a test to assert there were none. */
  errors: string[]
  close(): Promise<void>
}

/** A new phone: its own profile folder (so its own localStorage token), 390×844 at 2×; optionally a larger default font size. */
export async function openPhone(baseUrl: string, opts: { defaultFontSize?: number } = {}): Promise<Phone> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-e2e-chromium-'))
  if (opts.defaultFontSize) {
    // The browser's own font size setting (设置 → 字体大小), as a person with large text has it.
    fs.mkdirSync(path.join(dir, 'Default'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'Default', 'Preferences'), JSON.stringify({ webkit: { webprefs: { default_font_size: opts.defaultFontSize } } }))
  }
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: systemChromium(),
    headless: true,
    args: FLAGS,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    baseURL: baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  context.setDefaultTimeout(15_000)
  const page = context.pages()[0] ?? (await context.newPage())
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => {
    // A 4xx answer is a refused call the page shows to the person; it is not a script error.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text())
  })
  return {
    context,
    page,
    errors,
    async close() {
      await context.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Waits for the page's slide-in (~600 ms) and saves test/artifacts/e2e/<name>.png. */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  await page.waitForTimeout(700)
  const file = path.join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path: file })
  return file
}

/**
 * The page on top of Taro's h5 stack. Pages under it stay in the document (hidden), so every lookup
 * is scoped to the one that shows.
 */
export function current(page: Page): Locator {
  return page.locator('.taro_page:visible').last()
}

/** Taro's h5 tab bar. */
export function tabBar(page: Page): Locator {
  return page.locator('.taro-tabbar__tabbar')
}

/** The toast Taro shows (h5 draws it in the document), matched by its text. */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.taro__toast').getByText(text)
}

/** Waits until no toast covers the page (before a screenshot of what is under it). */
export async function toastGone(page: Page): Promise<void> {
  // Taro keeps the toast element and hides it with display: none.
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.taro__toast')).every((e) => getComputedStyle(e).display === 'none'))
}

/** Confirms (or cancels) the Taro.showModal that is open. */
export async function answerModal(page: Page, button: string): Promise<void> {
  // The modal's own element has no box (its mask and dialog are fixed children); its buttons do.
  await page.locator('.taro-modal__foot').getByText(button, { exact: true }).click()
}

/** Chooses an item of the Taro.showActionSheet that is open (the bar's 更多). */
export async function chooseAction(page: Page, item: string): Promise<void> {
  await page.locator('.taro-actionsheet__cell').getByText(item, { exact: true }).click()
}

/** Opens the app at its root, lands on the login page, taps the demo identity and waits for 首页. */
export async function loginAs(page: Page, openid: string): Promise<void> {
  await page.goto('/')
  await page.waitForURL(/pages\/login/)
  const row = page.locator(`#login-${openid}`)
  await row.waitFor()
  await row.click()
  await page.waitForURL(/pages\/index/)
  await current(page).locator('.home-hero__greet').waitFor()
}

/** A small PNG made here (a warm gradient with a darker band), to upload as a photo a person took. */
export function samplePhoto(size = 96): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf: Buffer) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(body))
    return Buffer.concat([len, body, sum])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // RGB
  const rows: Buffer[] = []
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3)
    for (let x = 0; x < size; x++) {
      const band = y > size * 0.6 && y < size * 0.75
      row[1 + x * 3] = band ? 120 : 200 + Math.round((55 * x) / size)
      row[2 + x * 3] = band ? 90 : 150 + Math.round((60 * y) / size)
      row[3 + x * 3] = band ? 70 : 110
    }
    rows.push(row)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Answers the file chooser that Taro.chooseImage opens in h5 with a photo. */
export async function attachPhoto(page: Page, trigger: Locator, name = 'photo.png'): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await trigger.click()
  await (await chooser).setFiles({ name, mimeType: 'image/png', buffer: samplePhoto() })
}
