import type { Grant } from '../../shared/roles'
import { db } from './cloud'

export interface UserDoc {
  _id: string // = openid: one person, one document, no duplicates under races
  nickname: string
  realName?: string
  phone?: string
  streetId?: string
  communityId?: string
  gridId?: string
  buildingId?: string
  room?: string
  grants: Grant[]
  largeText?: boolean
  /** Demo identities are listed by the local cloud's dev login; never set in the cloud. */
  demo?: boolean
  createdAt: Date
  updatedAt: Date
}

export async function getDoc<T>(collection: string, id: string, transaction?: { collection: typeof db.collection }): Promise<T | null> {
  const res = await (transaction ?? db).collection(collection).doc(id).get()
  const list = (res as { data?: T[] | T }).data
  if (Array.isArray(list)) return (list[0] as T) ?? null
  return (list as T) ?? null
}

export function loadUser(openid: string): Promise<UserDoc | null> {
  return getDoc<UserDoc>('users', openid)
}
