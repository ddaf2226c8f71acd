// A hand-written stand-in for @tarojs/taro in jsdom (platform.md: @tarojs/test-utils-react does not
// work with Taro 4.2). It keeps storage in memory and records what the app asked the platform to do
// (navigate, toast, modal, cloud calls), so tests can assert on it. Only what the app uses is here.

import { useEffect, useRef } from 'react'

type Handler = () => void

export interface CloudCall {
  name: string
  data: unknown
}

interface Recorded {
  reLaunch: string[]
  redirectTo: string[]
  titles: string[]
  switchTab: string[]
  navigateTo: string[]
  navigateBack: number
  toasts: { title: string; icon?: string }[]
  modals: { title?: string; content?: string }[]
  stopPullDownRefresh: number
  cloudInit: unknown[]
  cloudCalls: CloudCall[]
  uploads: { cloudPath: string; filePath: string }[]
  actionSheets: string[][]
  phoneCalls: string[]
  /** enableAlertBeforeUnload's message for each time it was turned on, null for each time it was turned off. */
  unloadAlerts: (string | null)[]
}

function fresh(): Recorded {
  return {
    reLaunch: [],
    redirectTo: [],
    titles: [],
    switchTab: [],
    navigateTo: [],
    navigateBack: 0,
    toasts: [],
    modals: [],
    stopPullDownRefresh: 0,
    cloudInit: [],
    cloudCalls: [],
    uploads: [],
    actionSheets: [],
    phoneCalls: [],
    unloadAlerts: [],
  }
}

const storage = new Map<string, unknown>()

export const taroStub = {
  recorded: fresh(),
  /** What showModal answers. */
  modalConfirms: true,
  /** The page stack getCurrentPages reports, top last. */
  pages: [] as { route: string }[],
  /** The cloud function's answer (weapp path); a thrown error stands for the platform failing. */
  cloudAnswer: (_call: CloudCall): unknown => {
    throw new Error('no cloud answer set')
  },
  pullDownHandlers: [] as Handler[],
  /** The query of the page under test (useRouter().params). */
  routerParams: {} as Record<string, string>,
  /** What chooseImage answers: temp paths, or null for a person who closes the chooser. */
  chosenImages: null as string[] | null,
  /** Which item showActionSheet answers (null: closed without choosing). */
  actionSheetPick: null as number | null,
  /** What getAppBaseInfo / getSystemInfoSync answer (WeChat's font size setting). */
  appBaseInfo: { fontSizeScaleFactor: 1 } as { fontSizeScaleFactor?: number; fontSizeSetting?: number },
  storage,
  reset() {
    this.recorded = fresh()
    this.modalConfirms = true
    this.pages = []
    this.pullDownHandlers = []
    this.routerParams = {}
    this.chosenImages = null
    this.actionSheetPick = null
    this.appBaseInfo = { fontSizeScaleFactor: 1 }
    this.cloudAnswer = () => {
      throw new Error('no cloud answer set')
    }
    storage.clear()
  },
  /** Runs the page's pull-down handlers, as a swipe down would. */
  pullDown() {
    this.pullDownHandlers.forEach((h) => h())
  },
}

const ok = <T extends object>(extra?: T) => Promise.resolve({ errMsg: 'ok', ...(extra ?? {}) })

const Taro = {
  getAppBaseInfo() {
    return { ...taroStub.appBaseInfo }
  },
  getSystemInfoSync() {
    return { ...taroStub.appBaseInfo }
  },
  getStorageSync(key: string): unknown {
    return storage.has(key) ? storage.get(key) : ''
  },
  setStorageSync(key: string, value: unknown) {
    storage.set(key, value)
  },
  removeStorageSync(key: string) {
    storage.delete(key)
  },
  reLaunch({ url }: { url: string }) {
    taroStub.recorded.reLaunch.push(url)
    // As on the platform: every page is closed and the target is the only one left.
    taroStub.pages = [{ route: url.replace(/^\//, '').split('?')[0] }]
    return ok()
  },
  switchTab({ url }: { url: string }) {
    taroStub.recorded.switchTab.push(url)
    return ok()
  },
  redirectTo({ url }: { url: string }) {
    taroStub.recorded.redirectTo.push(url)
    return ok()
  },
  setNavigationBarTitle({ title }: { title: string }) {
    taroStub.recorded.titles.push(title)
    return ok()
  },
  chooseImage() {
    if (!taroStub.chosenImages) return Promise.reject(new Error('chooseImage:fail cancel'))
    return ok({ tempFilePaths: taroStub.chosenImages, tempFiles: taroStub.chosenImages.map((path) => ({ path, size: 1 })) })
  },
  previewImage() {
    return ok()
  },
  enableAlertBeforeUnload({ message }: { message: string }) {
    taroStub.recorded.unloadAlerts.push(message)
  },
  disableAlertBeforeUnload() {
    taroStub.recorded.unloadAlerts.push(null)
  },
  makePhoneCall({ phoneNumber }: { phoneNumber: string }) {
    taroStub.recorded.phoneCalls.push(phoneNumber)
    return ok()
  },
  showActionSheet(opts: { itemList: string[] }) {
    taroStub.recorded.actionSheets.push(opts.itemList)
    if (taroStub.actionSheetPick === null) return Promise.reject(new Error('showActionSheet:fail cancel'))
    return ok({ tapIndex: taroStub.actionSheetPick })
  },
  navigateTo({ url }: { url: string }) {
    taroStub.recorded.navigateTo.push(url)
    return ok()
  },
  navigateBack() {
    taroStub.recorded.navigateBack++
    return ok()
  },
  showToast(opts: { title: string; icon?: string }) {
    taroStub.recorded.toasts.push({ title: opts.title, icon: opts.icon })
    return ok()
  },
  showModal(opts: { title?: string; content?: string }) {
    taroStub.recorded.modals.push({ title: opts.title, content: opts.content })
    return ok({ confirm: taroStub.modalConfirms, cancel: !taroStub.modalConfirms })
  },
  stopPullDownRefresh() {
    taroStub.recorded.stopPullDownRefresh++
    return ok()
  },
  getCurrentPages() {
    return taroStub.pages
  },
  cloud: {
    init(config: unknown) {
      taroStub.recorded.cloudInit.push(config)
    },
    async callFunction({ name, data }: { name: string; data: unknown }) {
      const call = { name, data }
      taroStub.recorded.cloudCalls.push(call)
      return { errMsg: 'cloud.callFunction:ok', result: taroStub.cloudAnswer(call) }
    },
    async uploadFile({ cloudPath, filePath }: { cloudPath: string; filePath: string }) {
      taroStub.recorded.uploads.push({ cloudPath, filePath })
      return { errMsg: 'cloud.uploadFile:ok', fileID: `cloud://local-env/${cloudPath}`, statusCode: 200 }
    },
  },
}

export function usePullDownRefresh(handler: Handler) {
  // Registered once per mount, as Taro does for a page.
  const ref = useRef(handler)
  ref.current = handler
  useEffect(() => {
    const h = () => ref.current()
    taroStub.pullDownHandlers.push(h)
    return () => {
      taroStub.pullDownHandlers = taroStub.pullDownHandlers.filter((x) => x !== h)
    }
  }, [])
}

export default Taro

export function useRouter() {
  return { params: taroStub.routerParams, path: '' }
}

/** The page shows once when mounted, as on the platform. */
export function useDidShow(handler: Handler) {
  const ref = useRef(handler)
  ref.current = handler
  useEffect(() => {
    ref.current()
  }, [])
}

export function useReachBottom(_handler: Handler) {
  // Scrolling to the bottom is not simulated; tests press 加载更多.
}
