import { fireEvent, screen, waitFor } from '@testing-library/react'
import Home from '../../miniprogram/src/pages/index'
import Mine from '../../miniprogram/src/pages/mine'
import { systemPrefersLargeText } from '../../miniprogram/src/utils/systemFont'
import Tasks from '../../miniprogram/src/pages/tasks'
import { aProfile, fail, installFetch, memberBackend, type SentRequest } from './fake-network'
import { renderApp } from './render'
import { taroStub } from './taro-stub'

beforeEach(() => {
  taroStub.reset()
  taroStub.storage.set('lianxin.token', 'tok')
})

const pages = (container: HTMLElement) => Array.from(container.querySelectorAll('.lx-page'))
const allLarge = (container: HTMLElement) => pages(container).every((p) => p.classList.contains('lx-large'))
const noneLarge = (container: HTMLElement) => pages(container).every((p) => !p.classList.contains('lx-large'))

async function flipSwitch(container: HTMLElement) {
  // The switch under 我的 is a view with role switch (named 大字模式), tapped as a person does.
  const sw = await waitFor(() => {
    const el = container.querySelector('#large-text-switch[role=switch]')
    if (!el) throw new Error('switch not drawn yet')
    return el as HTMLElement
  })
  expect(sw.getAttribute('aria-label')).toBe('大字模式')
  fireEvent.click(sw)
}

const updates = (requests: SentRequest[]) =>
  requests.filter((r) => (r.body as { action?: string })?.action === 'updateProfile').map((r) => (r.body as { payload: unknown }).payload)

test('turning it on saves largeText and grows the text of every page', async () => {
  const backend = memberBackend(aProfile({ largeText: false }))
  const net = installFetch((req) => backend.handle(req)!)
  // Two screens in one session: the setting is app-wide, not the 我的 page's alone.
  const { container } = renderApp(
    <>
      <Mine />
      <Tasks />
    </>,
  )
  await screen.findByText('大字模式')
  expect(pages(container)).toHaveLength(2)
  expect(noneLarge(container)).toBe(true)

  await flipSwitch(container)

  await waitFor(() => expect(allLarge(container)).toBe(true))
  expect(updates(net.requests)).toEqual([{ largeText: true }])
  expect(backend.profile.largeText).toBe(true)
  expect(taroStub.storage.get('lianxin.largeText')).toBe(true)
  expect(taroStub.recorded.toasts).toContainEqual({ title: '已开启大字模式', icon: 'none' })
})

test('when saving fails the text stays as it was and the reason is shown', async () => {
  const backend = memberBackend(aProfile({ largeText: false }))
  installFetch((req) => ((req.body as { action?: string })?.action === 'updateProfile' ? fail('SERVICE_BUSY') : backend.handle(req)!))
  const { container } = renderApp(<Mine />)
  await screen.findByText('大字模式')

  await flipSwitch(container)

  await waitFor(() => expect(taroStub.recorded.toasts).toContainEqual({ title: '服务繁忙，请稍后再试', icon: 'none' }))
  expect(noneLarge(container)).toBe(true)
  await waitFor(() => expect(container.querySelector('#large-text-switch')!.getAttribute('aria-checked')).toBe('false'))
})

test('a profile saved with large text opens large, and the last setting applies before login answers', async () => {
  taroStub.storage.set('lianxin.largeText', true)
  let answer: (() => void) | undefined
  const backend = memberBackend(aProfile({ largeText: true }))
  installFetch(async (req) => {
    await new Promise<void>((r) => (answer = r))
    return backend.handle(req)!
  })
  const { container } = renderApp(<Mine />)

  // Still loading (skeleton), already large.
  expect(container.querySelector('[aria-busy="true"]')).not.toBeNull()
  expect(allLarge(container)).toBe(true)

  await waitFor(() => expect(answer).toBeDefined())
  answer!()
  await screen.findByText('大字模式')
  expect(allLarge(container)).toBe(true)
})

test('turning it off goes back to normal size', async () => {
  const backend = memberBackend(aProfile({ largeText: true }))
  const net = installFetch((req) => backend.handle(req)!)
  const { container } = renderApp(<Mine />)
  await screen.findByText('大字模式')
  expect(allLarge(container)).toBe(true)

  await flipSwitch(container)

  await waitFor(() => expect(noneLarge(container)).toBe(true))
  expect(updates(net.requests)).toEqual([{ largeText: false }])
})

// 大字模式 follows the phone until the person chooses, and is offered once on 首页.

/** h5: the browser's default font size, as the probe at `font-size: medium` reads it. */
function browserDefaultFontSize(px: number) {
  const real = window.getComputedStyle
  return jest.spyOn(window, 'getComputedStyle').mockImplementation((el, pseudo) => {
    const style = real.call(window, el, pseudo)
    if ((el as HTMLElement).style?.fontSize !== 'medium') return style
    return new Proxy(style, { get: (t, k) => (k === 'fontSize' ? `${px}px` : Reflect.get(t, k)) })
  })
}

afterEach(() => jest.restoreAllMocks())

const offer = () => document.querySelector('#large-text-offer')

test('a new person with a standard font size: normal text, and 首页 offers 大字模式 once; yes is saved', async () => {
  browserDefaultFontSize(16)
  const backend = memberBackend(aProfile({ largeText: undefined }))
  const net = installFetch((req) => backend.handle(req) ?? fail('UNKNOWN_ACTION'))
  const { container } = renderApp(<Home />)
  await screen.findByText('需要把字放大吗？')
  expect(noneLarge(container)).toBe(true)
  expect(taroStub.storage.has('lianxin.largeText')).toBe(false)

  fireEvent.click(screen.getByText('打开大字模式'))

  await waitFor(() => expect(allLarge(container)).toBe(true))
  expect(updates(net.requests)).toEqual([{ largeText: true }])
  expect(backend.profile.largeText).toBe(true)
  expect(taroStub.storage.get('lianxin.largeText')).toBe(true)
  // Answered: never offered again.
  await waitFor(() => expect(offer()).toBeNull())
})

test('a new person whose phone has large text: 大字模式 is on before they choose; no keeps standard text', async () => {
  browserDefaultFontSize(20)
  const backend = memberBackend(aProfile({ largeText: undefined }))
  const net = installFetch((req) => backend.handle(req) ?? fail('UNKNOWN_ACTION'))
  const { container } = renderApp(<Home />)
  await screen.findByText('您的手机设置了大号字体，我们已为您打开大字模式。')
  expect(allLarge(container)).toBe(true)
  expect(document.documentElement.classList.contains('lx-large-root')).toBe(true)

  fireEvent.click(screen.getByText('不用，换回标准字'))

  await waitFor(() => expect(noneLarge(container)).toBe(true))
  expect(updates(net.requests)).toEqual([{ largeText: false }])
  expect(taroStub.storage.get('lianxin.largeText')).toBe(false)
  expect(document.documentElement.classList.contains('lx-large-root')).toBe(false)
  await waitFor(() => expect(offer()).toBeNull())
})

test('a choice made overrides the phone, and no offer is shown', async () => {
  browserDefaultFontSize(20)
  const backend = memberBackend(aProfile({ largeText: false }))
  installFetch((req) => backend.handle(req) ?? fail('UNKNOWN_ACTION'))
  const { container } = renderApp(
    <>
      <Home />
      <Mine />
    </>,
  )
  await screen.findByText('大字模式')
  expect(noneLarge(container)).toBe(true)
  expect(offer()).toBeNull()
})

test('before choosing, the switch under 我的 shows the phone\'s setting and says it follows it', async () => {
  browserDefaultFontSize(20)
  const backend = memberBackend(aProfile({ largeText: undefined }))
  const net = installFetch((req) => backend.handle(req) ?? fail('UNKNOWN_ACTION'))
  const { container } = renderApp(<Mine />)
  await screen.findByText('已按手机的字体设置放大文字和按钮')
  expect(container.querySelector('#large-text-switch')!.getAttribute('aria-checked')).toBe('true')

  await flipSwitch(container)

  await waitFor(() => expect(noneLarge(container)).toBe(true))
  expect(updates(net.requests)).toEqual([{ largeText: false }])
})

test('after a choice, 跟随手机 gives the setting back to the phone, and 首页 does not offer it again', async () => {
  browserDefaultFontSize(20)
  const backend = memberBackend(aProfile({ largeText: false }))
  const net = installFetch((req) => backend.handle(req) ?? fail('UNKNOWN_ACTION'))
  const { container } = renderApp(
    <>
      <Home />
      <Mine />
    </>,
  )
  await screen.findByText('跟随手机字体')
  expect(noneLarge(container)).toBe(true)

  fireEvent.click(screen.getByText('跟随手机'))

  // The phone has large text: it applies again, and the switch says it follows the phone.
  await waitFor(() => expect(allLarge(container)).toBe(true))
  expect(updates(net.requests)).toEqual([{ largeText: 'system' }])
  expect(backend.profile.largeText).toBe('system')
  expect(taroStub.storage.has('lianxin.largeText')).toBe(false)
  expect(taroStub.recorded.toasts).toContainEqual({ title: '已改为跟随手机的字体大小', icon: 'none' })
  await screen.findByText('已按手机的字体设置放大文字和按钮')
  expect(container.querySelector('#large-text-switch')!.getAttribute('aria-checked')).toBe('true')
  expect(screen.queryByText('跟随手机字体')).toBeNull()
  expect(offer()).toBeNull()
})

test('the offer is not shown to someone who chose to follow the phone', async () => {
  browserDefaultFontSize(16)
  const backend = memberBackend(aProfile({ largeText: 'system' }))
  installFetch((req) => backend.handle(req) ?? fail('UNKNOWN_ACTION'))
  const { container } = renderApp(
    <>
      <Home />
      <Mine />
    </>,
  )
  await screen.findByText('放大全部文字和按钮，方便老年朋友阅读')
  expect(noneLarge(container)).toBe(true)
  expect(offer()).toBeNull()
  expect(screen.queryByText('跟随手机字体')).toBeNull()
})

test('the mini-program reads WeChat\'s font size setting (fontSizeScaleFactor)', () => {
  const was = process.env.TARO_ENV
  process.env.TARO_ENV = 'weapp'
  try {
    const stub = taroStub as unknown as { appBaseInfo?: { fontSizeScaleFactor?: number; fontSizeSetting?: number } }
    stub.appBaseInfo = { fontSizeScaleFactor: 1 }
    expect(systemPrefersLargeText()).toBe(false)
    // 关怀模式 / 大号字体: 23.8 px where standard is 17.
    stub.appBaseInfo = { fontSizeScaleFactor: 1.4 }
    expect(systemPrefersLargeText()).toBe(true)
    // Older base libraries: only the point size.
    stub.appBaseInfo = { fontSizeSetting: 20 }
    expect(systemPrefersLargeText()).toBe(true)
  } finally {
    process.env.TARO_ENV = was
  }
})
