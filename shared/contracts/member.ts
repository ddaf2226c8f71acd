// member: who am I, my profile, and the organisation tree a profile points into.
import { z } from 'zod'
import { call } from '../contract'
import type { Grant, Role } from '../roles'
import { id, optionalText, personName, phone, text } from '../schemas'

export interface ProfileView {
  openid: string
  nickname: string
  realName?: string
  phone?: string
  streetId?: string
  communityId?: string
  communityName?: string
  gridId?: string
  gridName?: string
  buildingId?: string
  buildingName?: string
  room?: string
  grants: Grant[]
  roles: Role[]
  largeText: boolean
  createdAt: string
  /** True when the person has said which community they live in. */
  complete: boolean
}

export interface OrgTree {
  streets: { id: string; name: string }[]
  communities: { id: string; name: string; streetId: string }[]
  grids: { id: string; name: string; communityId: string }[]
  buildings: { id: string; name: string; gridId: string; communityId: string }[]
}

export const memberApi = {
  /** First call of a session: creates the person as a plain resident when unknown. */
  login: call<ProfileView>()('member', 'login', z.object({ nickname: optionalText({ max: 20, label: '昵称' }) }).default({})),
  profile: call<ProfileView>()('member', 'profile', z.object({}).default({})),
  updateProfile: call<ProfileView>()(
    'member',
    'updateProfile',
    z
      .object({
        nickname: text({ max: 20, label: '昵称' }).optional(),
        realName: personName.optional(),
        phone: phone.optional(),
        communityId: id.optional(),
        gridId: id.optional(),
        buildingId: id.optional(),
        room: text({ min: 0, max: 20, label: '门牌号' }).optional(),
        largeText: z.boolean().optional(),
      })
      .strict(),
  ),
  orgTree: call<OrgTree>()('member', 'orgTree', z.object({ streetId: id.optional() }).default({})),
}
