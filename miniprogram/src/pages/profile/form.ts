// The profile form's values and how they become a member.updateProfile input. Kept apart from the
// page so the rules can be read (and tested) without rendering.
import type { InputOf } from '@shared/contract'
import { memberApi, type OrgTree, type ProfileView } from '@shared/contracts/member'
import { fieldsOf } from '../../api/transport'

export interface ProfileForm {
  nickname: string
  realName: string
  phone: string
  communityId: string
  gridId: string
  buildingId: string
  room: string
}

export type ProfileInput = InputOf<typeof memberApi.updateProfile>
export type FieldErrors = Partial<Record<keyof ProfileForm | string, string>>

export function formFromProfile(p?: ProfileView): ProfileForm {
  return {
    nickname: p?.nickname ?? '',
    realName: p?.realName ?? '',
    phone: p?.phone ?? '',
    communityId: p?.communityId ?? '',
    gridId: p?.gridId ?? '',
    buildingId: p?.buildingId ?? '',
    room: p?.room ?? '',
  }
}

/** Blank optional fields are left out (the contract has no way to clear them, only to set them). */
export function toInput(f: ProfileForm): ProfileInput {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined)
  return {
    nickname: f.nickname.trim(),
    realName: opt(f.realName),
    phone: opt(f.phone),
    communityId: opt(f.communityId),
    gridId: opt(f.gridId),
    buildingId: opt(f.buildingId),
    room: opt(f.room),
  }
}

/**
 * The contract's own schema, plus the one thing this screen asks for that the call does not: a
 * community, since that is what makes a profile complete.
 */
export function validate(f: ProfileForm): FieldErrors {
  const parsed = memberApi.updateProfile.input.safeParse(toInput(f))
  const errors: FieldErrors = parsed.success ? {} : fieldsOf(parsed.error)
  if (!f.communityId) errors.communityId = '请选择所在社区'
  return errors
}

/** Choosing a higher level clears the levels under it that no longer belong to it. */
export function pick(f: ProfileForm, level: 'communityId' | 'gridId' | 'buildingId', id: string, tree?: OrgTree): ProfileForm {
  if (level === 'communityId') {
    if (id === f.communityId) return f
    return { ...f, communityId: id, gridId: '', buildingId: '' }
  }
  if (level === 'gridId') {
    if (id === f.gridId) return f
    const grid = tree?.grids.find((g) => g.id === id)
    return { ...f, gridId: id, communityId: grid?.communityId ?? f.communityId, buildingId: '' }
  }
  return { ...f, buildingId: id }
}

export function optionsOf(tree: OrgTree | undefined, f: ProfileForm) {
  if (!tree) return { communities: [], grids: [], buildings: [] }
  const manyStreets = new Set(tree.communities.map((c) => c.streetId)).size > 1
  const streetName = (id: string) => tree.streets.find((s) => s.id === id)?.name
  return {
    communities: tree.communities.map((c) => ({
      id: c.id,
      name: manyStreets && streetName(c.streetId) ? `${streetName(c.streetId)} · ${c.name}` : c.name,
    })),
    grids: tree.grids.filter((g) => g.communityId === f.communityId),
    buildings: tree.buildings.filter((b) => b.gridId === f.gridId),
  }
}
