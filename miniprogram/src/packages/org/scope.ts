// The communities an admin screen may show: a community admin's own, a street admin's whole street
// (read once from org.tree, retired ones left out).
import type { ProfileView } from '@shared/contracts/member'
import { api } from '../../api/client'

export interface CommunityOption {
  id: string
  name: string
}

export async function adminCommunities(p: ProfileView | undefined): Promise<CommunityOption[]> {
  if (!p) return []
  const own = p.grants.filter((g) => g.role === 'communityAdmin' && g.communityId).map((g) => g.communityId!)
  if (p.roles.includes('streetAdmin')) {
    const tree = await api.org.tree({})
    const live = tree.communities.filter((c) => !c.retired)
    return [...live.filter((c) => own.includes(c.id)), ...live.filter((c) => !own.includes(c.id))].map((c) => ({ id: c.id, name: c.name }))
  }
  if (!own.length) return []
  const tree = await api.member.orgTree({})
  return own.map((id) => ({ id, name: tree.communities.find((c) => c.id === id)?.name ?? id }))
}
