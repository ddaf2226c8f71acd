import { fireEvent, screen, waitFor } from '@testing-library/react'
import Mine from '../../miniprogram/src/pages/mine'
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
  // The real checkbox inside taro-switch-core (drawn by the web component a moment after mount),
  // toggled as a tap would.
  const box = await waitFor(() => {
    const el = container.querySelector('#large-text-switch input[type=checkbox]')
    if (!el) throw new Error('switch not drawn yet')
    return el as HTMLInputElement
  })
  fireEvent.click(box)
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
  await waitFor(() => expect((container.querySelector('#large-text-switch') as HTMLElement & { checked: boolean }).checked).toBe(false))
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
