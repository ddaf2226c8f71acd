// A stand-in for the network boundary only: `fetch` is replaced by a function that records each request
// and answers with what the test's handler returns. Everything above it (transport, session, pages)
// is the real code.
import type { ErrorBody } from '@shared/errors'
import type { OrgTree, ProfileView } from '@shared/contracts/member'
import { REASON_MESSAGES } from '@shared/messages'
import { REASONS, type Reason } from '@shared/errors'

export interface SentRequest {
  url: string
  method: string
  headers: Record<string, string>
  /** Parsed JSON when the body was JSON, else the raw body. */
  body: unknown
}

export type Reply = { status?: number; json?: unknown; text?: string; blob?: Blob } | 'network-error'

export function installFetch(handler: (req: SentRequest) => Reply | Promise<Reply>) {
  const requests: SentRequest[] = []
  const fake = async (input: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) => {
    let body: unknown = init.body
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body)
      } catch {
        // raw text body
      }
    }
    const req: SentRequest = { url: String(input), method: init.method ?? 'GET', headers: { ...(init.headers ?? {}) }, body }
    requests.push(req)
    const reply = await handler(req)
    if (reply === 'network-error') throw new TypeError('Failed to fetch')
    const status = reply.status ?? 200
    return {
      ok: status >= 200 && status < 300,
      status,
      async json() {
        if (reply.json !== undefined) return reply.json
        return JSON.parse(reply.text ?? '')
      },
      async blob() {
        return reply.blob ?? new Blob([reply.text ?? ''])
      },
    }
  }
  ;(globalThis as { fetch?: unknown }).fetch = fake
  return { requests, calls: () => requests.filter((r) => r.url.startsWith('/api/')) }
}

export const ok = <T>(data: T): Reply => ({ json: { ok: true, data } })

export function fail(reason: Reason, fields?: Record<string, string>, message?: string): Reply {
  const error: ErrorBody = { code: REASONS[reason], reason, message: message ?? REASON_MESSAGES[reason] }
  if (fields) error.fields = fields
  return { json: { ok: false, error } }
}

export const tree: OrgTree = {
  streets: [{ id: 's1', name: '东港街道' }],
  communities: [
    { id: 'c1', name: '东山社区', streetId: 's1' },
    { id: 'c2', name: '西山社区', streetId: 's1' },
  ],
  grids: [
    { id: 'g1', name: '第一网格', communityId: 'c1' },
    { id: 'g2', name: '第二网格', communityId: 'c1' },
    { id: 'g3', name: '西山一网格', communityId: 'c2' },
  ],
  buildings: [
    { id: 'b1', name: '1号楼', gridId: 'g1', communityId: 'c1' },
    { id: 'b2', name: '2号楼', gridId: 'g1', communityId: 'c1' },
    { id: 'b3', name: '5号楼', gridId: 'g2', communityId: 'c1' },
  ],
}

export function aProfile(over: Partial<ProfileView> = {}): ProfileView {
  return {
    openid: 'o-resident-1',
    nickname: '王阿姨',
    grants: [{ role: 'resident', communityId: 'c1' }],
    roles: ['resident'],
    largeText: false,
    createdAt: '2025-11-01T08:00:00.000Z',
    complete: false,
    ...over,
  }
}

/** The member function as the h5 gateway would answer it, kept in memory for one test. */
export function memberBackend(start: ProfileView) {
  let profile = start
  return {
    get profile() {
      return profile
    },
    handle(req: SentRequest): Reply | undefined {
      if (req.url !== '/api/member') return undefined
      const { action, payload } = req.body as { action: string; payload: Record<string, unknown> }
      if (action === 'login' || action === 'profile') return ok(profile)
      if (action === 'orgTree') return ok(tree)
      if (action === 'updateProfile') {
        const next = { ...profile, ...payload } as ProfileView
        next.communityName = tree.communities.find((c) => c.id === next.communityId)?.name
        next.gridName = tree.grids.find((g) => g.id === next.gridId)?.name
        next.buildingName = tree.buildings.find((b) => b.id === next.buildingId)?.name
        next.complete = !!next.communityId
        profile = next
        return ok(profile)
      }
      return fail('UNKNOWN_ACTION')
    },
  }
}
