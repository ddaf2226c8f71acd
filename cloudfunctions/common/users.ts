import { validGrants, type ValidGrant } from '../../shared/roleSchemas'
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
  /** Checked on load (loadUser): each one carries its role's scope id. */
  grants: ValidGrant[]
  /** 大字模式: on, off, or 'system' (follow the phone); absent until the person answers. */
  largeText?: boolean | 'system'
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

/**
 * A person with their grants checked: a stored grant that does not fit its role's shape (a department
 * grant without its department, a community admin without a community…) is dropped and logged, so it
 * can never widen a query built from it. The stored document is left as it is for an admin to repair.
 */
export async function loadUser(openid: string, requestId?: string): Promise<UserDoc | null> {
  const doc = await getDoc<UserDoc>('users', openid)
  if (!doc) return null
  const { grants, invalid } = validGrants(doc.grants ?? [])
  for (const bad of invalid) {
    console.error(`[${requestId ?? '-'}] invalid grant of user ${openid} ignored (${bad.problem}): ${JSON.stringify(bad.grant)}`)
  }
  return { ...doc, grants }
}
