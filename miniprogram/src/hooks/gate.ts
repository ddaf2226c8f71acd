import type { ApiError } from '../api/errors'
import type { Session } from './session'

/**
 * The PageContainer props of a page that waits for the session, then loads `state`: loading until both
 * are there, the session's error before the call's, and a retry that redoes whichever failed.
 * Spread into PageContainer: `<PageContainer {...gate(session, ready, list)} ...>`.
 */
export function gate(
  session: Pick<Session, 'status' | 'error' | 'refresh'>,
  ready: boolean,
  state: { loading: boolean; error?: ApiError; reload: () => Promise<void> },
): { loading: boolean; error?: ApiError; onRetry: () => void } {
  return {
    loading: !ready || state.loading,
    error: session.status === 'error' ? session.error : state.error,
    onRetry: () => void (session.status === 'error' ? session.refresh() : state.reload()),
  }
}
