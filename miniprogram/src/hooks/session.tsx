// Who is using the app, shared by every page through React context (Taro renders all pages inside
// the App component, in the mini-program as in h5).
import Taro from '@tarojs/taro'
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type PropsWithChildren } from 'react'
import type { ProfileView } from '@shared/contracts/member'
import { api } from '../api/client'
import { toApiError, type ApiError } from '../api/errors'
import { clearToken, getToken, setToken } from '../api/token'
import { goToLogin } from '../api/routes'
import { systemPrefersLargeText } from '../utils/systemFont'

export type SessionStatus = 'loading' | 'ready' | 'signedOut' | 'error'

export interface Session {
  status: SessionStatus
  profile?: ProfileView
  error?: ApiError
  /**
   * 大字模式 as applied: the person's choice (from the profile, before it arrives from the last value
   * this device saw), else the phone's font size setting.
   */
  largeText: boolean
  /** The person's own on / off; undefined while 大字模式 follows the phone (not answered yet, or chosen so). */
  largeTextChoice?: boolean
  /** The person has answered (on, off, or follow the phone): 首页 no longer offers 大字模式. */
  largeTextAnswered: boolean
  /** The phone's font size is above standard (WeChat's 字体大小 / the browser's default size). */
  systemLargeText: boolean
  /** Calls member.login (idempotent) and stores the profile it answers. */
  refresh: () => Promise<ProfileView | undefined>
  /** After an update call: the answer is the new profile. */
  setProfile: (profile: ProfileView) => void
  /** h5: keep the token the dev gateway issued, then log in with it; throws the ApiError on failure. */
  signIn: (token: string) => Promise<ProfileView>
  /** h5: forget the token and go to the login page. */
  signOut: () => void
}

const LARGE_TEXT_KEY = 'lianxin.largeText'
const isH5 = () => process.env.TARO_ENV === 'h5'

/** The profile's setting as on / off; 'system' or absent: follow the phone. */
const choiceOf = (v: ProfileView['largeText']): boolean | undefined => (typeof v === 'boolean' ? v : undefined)

function readLargeText(): boolean | undefined {
  try {
    const v: unknown = Taro.getStorageSync(LARGE_TEXT_KEY)
    return typeof v === 'boolean' ? v : undefined
  } catch {
    return undefined
  }
}

function rememberLargeText(on: boolean | undefined) {
  try {
    if (on === undefined) Taro.removeStorageSync(LARGE_TEXT_KEY)
    else Taro.setStorageSync(LARGE_TEXT_KEY, on)
  } catch {
    // only a cache of the profile's own setting
  }
}

/** h5: Taro's own shell (tab bar, title bar, toasts, modals) is outside every page; it follows this class on <html>. */
function markDocument(large: boolean) {
  if (isH5() && typeof document !== 'undefined') document.documentElement.classList.toggle('lx-large-root', large)
}

const SessionContext = createContext<Session | null>(null)

export function SessionProvider({ children, initial }: PropsWithChildren<{ initial?: Partial<Pick<Session, 'status' | 'profile'>> }>) {
  const [status, setStatus] = useState<SessionStatus>(initial?.status ?? 'loading')
  const [profile, setProfileState] = useState<ProfileView | undefined>(initial?.profile)
  const [error, setError] = useState<ApiError | undefined>()
  const [largeTextChoice, setLargeTextChoice] = useState<boolean | undefined>(() => (initial?.profile ? choiceOf(initial.profile.largeText) : readLargeText()))
  const [systemLargeText] = useState(systemPrefersLargeText)
  const largeText = largeTextChoice ?? systemLargeText
  const inflight = useRef<Promise<ProfileView | undefined> | null>(null)
  const lastError = useRef<ApiError | undefined>()

  const setProfile = useCallback((p: ProfileView) => {
    setProfileState(p)
    setLargeTextChoice(choiceOf(p.largeText))
    rememberLargeText(choiceOf(p.largeText))
    setError(undefined)
    setStatus('ready')
  }, [])

  const refresh = useCallback(() => {
    if (inflight.current) return inflight.current
    if (isH5() && !getToken()) {
      setStatus('signedOut')
      return Promise.resolve(undefined)
    }
    const run = api.member
      .login({})
      .then((p) => {
        setProfile(p)
        return p
      })
      .catch((e: unknown) => {
        const err = toApiError(e)
        lastError.current = err
        setError(err)
        setStatus(err.code === 'UNAUTHENTICATED' ? 'signedOut' : 'error')
        return undefined
      })
      .finally(() => {
        inflight.current = null
      })
    inflight.current = run
    return run
  }, [setProfile])

  const signIn = useCallback(
    async (token: string) => {
      setToken(token)
      setStatus('loading')
      const p = await refresh()
      if (!p) throw lastError.current ?? toApiError(undefined)
      return p
    },
    [refresh],
  )

  const signOut = useCallback(() => {
    clearToken()
    setProfileState(undefined)
    setStatus('signedOut')
    goToLogin()
  }, [])

  useEffect(() => markDocument(largeText), [largeText])

  useEffect(() => {
    if (initial?.status) return
    void refresh()
    // once per app launch
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const value = useMemo<Session>(
    () => ({ status, profile, error, largeText, largeTextChoice, largeTextAnswered: profile?.largeText !== undefined, systemLargeText, refresh, setProfile, signIn, signOut }),
    [status, profile, error, largeText, largeTextChoice, systemLargeText, refresh, setProfile, signIn, signOut],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside SessionProvider')
  return s
}

/** For every page but login: in h5 a visitor without a token is sent to the login page. */
export function useAuthedSession(): Session {
  const s = useSession()
  useEffect(() => {
    if (s.status === 'signedOut') goToLogin()
  }, [s.status])
  return s
}
