import { useCallback, useEffect, useRef, useState } from 'react'
import { toApiError, type ApiError } from '../api/errors'

export interface AsyncState<T> {
  data?: T
  error?: ApiError
  loading: boolean
  /** Runs the call again; resolves when done (for pull-to-refresh). Keeps old data while loading. */
  reload: () => Promise<void>
}

/** One call's loading / data / error, re-run when `deps` change; `enabled: false` waits. */
export function useAsync<T>(fn: () => Promise<T>, deps: readonly unknown[], enabled = true): AsyncState<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<ApiError>()
  const [loading, setLoading] = useState(enabled)
  const seq = useRef(0)
  const fnRef = useRef(fn)
  fnRef.current = fn

  const reload = useCallback(async () => {
    const mine = ++seq.current
    setLoading(true)
    try {
      const value = await fnRef.current()
      if (mine !== seq.current) return
      setData(value)
      setError(undefined)
    } catch (e) {
      if (mine !== seq.current) return
      setError(toApiError(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }, [])

  useEffect(() => {
    if (enabled) void reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, ...deps])

  return { data, error, loading, reload }
}
