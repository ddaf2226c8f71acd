// 我要点单 in Chromium (issue 12, findings 10 and 11): with something typed, the browser's back asks
// first — 继续填写 stays with the text, 离开 goes — and what was typed comes back as a draft when the
// page is opened again. The photo picker says what it takes and refuses a file that is no image, by name.
import { e2eWorld } from '../support/e2eCloud'
import { answerModal, current, shot } from '../support/browser'

jest.setTimeout(90_000)

const world = e2eWorld()
const { phoneOf } = world

test('back with typed text asks first; the draft is kept; a non-image is refused in view', async () => {
  const TEXT = '楼下的路灯坏了好几天，晚上出门很不方便。'
  const resident = await phoneOf('demo-resident-2')
  const page = resident.page
  await current(page).getByText('我要点单').click()
  await page.waitForURL(/order\/new/)
  const form = current(page)
  await form.locator('#field-text textarea').fill(TEXT)

  // The picker says what it takes; a PDF is refused by name and type, not dropped without a word.
  await form.getByText(/只能传图片.*每张不超过5MB/).waitFor()
  const chooser = page.waitForEvent('filechooser')
  await form.locator('#field-photos .lx-photos__add').click()
  await (await chooser).setFiles({ name: '通知.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') })
  await form.getByText('“通知.pdf”不是图片（application/pdf），没有上传，请选择照片').waitFor()
  expect(await form.locator('#field-photos .lx-photos__img').count()).toBe(0)

  // Back asks first; 继续填写 stays with what was typed.
  await page.goBack()
  await page.locator('.taro-modal__title', { hasText: '还没有提交' }).waitFor()
  await shot(page, 'leave-ask')
  await answerModal(page, '继续填写')
  expect(page.url()).toMatch(/order\/new/)
  expect(await current(page).locator('#field-text textarea').inputValue()).toBe(TEXT)

  // 离开 goes; coming back, the draft is there.
  await page.goBack()
  await page.locator('.taro-modal__title', { hasText: '还没有提交' }).waitFor()
  await answerModal(page, '离开')
  await page.waitForURL(/pages\/index/)
  await current(page).getByText('我要点单').click()
  await page.waitForURL(/order\/new/)
  await current(page).getByText('已恢复您上次没有提交的内容。').waitFor()
  expect(await current(page).locator('#field-text textarea').inputValue()).toBe(TEXT)
  expect(resident.errors).toEqual([])
})
