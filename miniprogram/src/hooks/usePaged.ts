import { useCallback, useEffect, useRef, useState } from 'react'
import type { Page } from '@shared/schemas'
import { toApiError, type ApiError } from '../api/errors'

export interface PagedState<T> {
  items: T[]
  /** At least one page has arrived for the current query. */
  loaded: boolean
  /** The first page (or a reload) is on its way. */
  loading: boolean
  /** "加载更多" is on its way. */
  loadingMore: boolean
  hasMore: boolean
  error?: ApiError
  /** A failed "加载更多"; the items already shown stay. */
  moreError?: ApiError
  /** First page again, keeping what is shown until it arrives (pull-to-refresh, back from a detail). */
  reload: () => Promise<void>
  loadMore: () => Promise<void>
}

/**
 * A list read page by page through `nextCursor`. A change of `deps` (another tab, another filter) starts
 * over with an empty list; answers to a query that is no longer current are dropped.
 */
export function usePaged<T>(fetch: (cursor?: string) => Promise<Page<T>>, deps: readonly unknown[], enabled = true): PagedState<T> {
  const [items, setItems] = useState<T[]>([])
  const [cursor, setCursor] = useState<string | undefined>()
  const [loaded, setLoaded] = useState(false)
  const [loading, setLoading] = useState(enabled)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<ApiError>()
  const [moreError, setMoreError] = useState<ApiError>()
  const seq = useRef(0)
  const fetchRef = useRef(fetch)
  fetchRef.current = fetch
  const cursorRef = useRef<string | undefined>()
  const busyMore = useRef(false)

  const reload = useCallback(async () => {
    const mine = ++seq.current
    setLoading(true)
    try {
      const page = await fetchRef.current(undefined)
      if (mine !== seq.current) return
      setItems(page.items)
      setCursor(page.nextCursor)
      cursorRef.current = page.nextCursor
      setLoaded(true)
      setError(undefined)
      setMoreError(undefined)
    } catch (e) {
      if (mine !== seq.current) return
      setError(toApiError(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }, [])

  const loadMore = useCallback(async () => {
    const from = cursorRef.current
    if (!from || busyMore.current) return
    const mine = seq.current
    busyMore.current = true
    setLoadingMore(true)
    try {
      const page = await fetchRef.current(from)
      if (mine !== seq.current) return
      setItems((old) => [...old, ...page.items])
      setCursor(page.nextCursor)
      cursorRef.current = page.nextCursor
      setMoreError(undefined)
    } catch (e) {
      if (mine === seq.current) setMoreError(toApiError(e))
    } finally {
      busyMore.current = false
      setLoadingMore(false)
    }
  }, [])

  useEffect(() => {
    // A new query: forget the old list so that its items never show under the new tab.
    seq.current++
    setItems([])
    setCursor(undefined)
    cursorRef.current = undefined
    setLoaded(false)
    setError(undefined)
    setMoreError(undefined)
    if (enabled) void reload()
    else setLoading(false)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, ...deps])

  // Also "loading" in the render between being enabled and the first call starting.
  return { items, loaded, loading: loading || (enabled && !loaded && !error), loadingMore, hasMore: !!cursor, error, moreError, reload, loadMore }
}
