// h5 only: the local gateway's demo identities. Not part of the product; the mini-program never calls it.
import type { Role } from '@shared/roles'
import { ApiError, unavailable } from './errors'

export interface DevUser {
  openid: string
  name: string
  roles: Role[]
  roleLabels: string[]
  communityName?: string
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response
  let body: unknown
  try {
    res = await fetch(url, init)
    body = await res.json()
  } catch {
    throw unavailable()
  }
  if (!res.ok) {
    const err = (body as { error?: { message?: string } } | null)?.error
    throw new ApiError('UNAVAILABLE', 'SERVICE_BUSY', err?.message)
  }
  return body as T
}

export async function devUsers(): Promise<DevUser[]> {
  const body = await getJson<{ users?: DevUser[] }>('/dev/users')
  return Array.isArray(body.users) ? body.users : []
}

export async function devLogin(openid: string): Promise<string> {
  const body = await getJson<{ token?: string }>('/dev/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid }),
  })
  if (!body.token) throw unavailable()
  return body.token
}
