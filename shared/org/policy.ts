// Who the caller is to an org record, and what each relation sees: the whole record for the people who
// run it, and for residents a public board of projects with no person in it.
import type { NeedView, ProjectView, RegEntryView, UnitRegView } from '../contracts/org'
import { NEED_STATE_LABELS } from '../contracts/org'
import { PROJECT_ACTION_LABELS, PROJECT_STATE_LABELS, projectActions, type ProjectRelation } from '../lifecycles/project'
import { UNIT_REG_ACTION_LABELS, UNIT_REG_STATE_LABELS, unitRegActions, type UnitRegRelation } from '../lifecycles/unitRegistration'
import { ROLE_LABELS, type Grant, type Role } from '../roles'
import type { NeedDoc, OrgEntry, ProjectDoc, UnitRegDoc } from './model'

export function regRelations(r: Pick<UnitRegDoc, 'unitId' | 'communityId' | 'streetId'>, grants: readonly Grant[]): UnitRegRelation[] {
  const out: UnitRegRelation[] = []
  if (grants.some((g) => g.role === 'unitAdmin' && g.unitId === r.unitId)) out.push('unitAdmin')
  if (grants.some((g) => g.role === 'communityAdmin' && g.communityId === r.communityId)) out.push('communityAdmin')
  if (grants.some((g) => g.role === 'streetAdmin' && g.streetId === r.streetId)) out.push('streetAdmin')
  return out
}

export function projectRelations(p: Pick<ProjectDoc, 'unitId' | 'communityId'>, grants: readonly Grant[]): ProjectRelation[] {
  const out: ProjectRelation[] = []
  if (grants.some((g) => g.role === 'communityAdmin' && g.communityId === p.communityId)) out.push('communityAdmin')
  if (grants.some((g) => g.role === 'unitAdmin' && g.unitId === p.unitId)) out.push('unit')
  return out
}

const iso = (d: Date | string) => new Date(d).toISOString()

const roleLabel = (role: string) => ROLE_LABELS[role as Role] ?? (role === 'unit' ? ROLE_LABELS.unitAdmin : '系统')

function entries(timeline: OrgEntry[], labels: Record<string, string>): RegEntryView[] {
  return timeline.map((t) => ({ at: iso(t.at), action: t.action, label: labels[t.action] ?? (t.action === 'report' ? '提交报到' : t.action === 'create' ? '认领项目' : t.action), byRole: roleLabel(t.role), ...(t.note ? { note: t.note } : {}) }))
}

/** A registration for those related to it (the unit, the community's and the street's admins). */
export function regView(r: UnitRegDoc, rel: UnitRegRelation[]): UnitRegView {
  return {
    id: r._id,
    unitId: r.unitId,
    unitName: r.unitName,
    communityId: r.communityId,
    communityName: r.communityName,
    status: r.status,
    statusLabel: UNIT_REG_STATE_LABELS[r.status],
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    ...(r.intro ? { intro: r.intro } : {}),
    resources: r.resources,
    ...(r.returnReason && r.status === 'returned' ? { returnReason: r.returnReason } : {}),
    actions: unitRegActions(r.status, rel),
    timeline: entries(r.timeline, UNIT_REG_ACTION_LABELS),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  }
}

export function needView(n: NeedDoc): NeedView {
  return {
    id: n._id,
    communityId: n.communityId,
    title: n.title,
    ...(n.detail ? { detail: n.detail } : {}),
    ...(n.category ? { category: n.category } : {}),
    source: n.source,
    ...(n.orderId ? { orderId: n.orderId } : {}),
    status: n.status,
    statusLabel: NEED_STATE_LABELS[n.status],
    createdAt: iso(n.createdAt),
    updatedAt: iso(n.updatedAt),
  }
}

/**
 * A project. `full` for the community's and street's admins and the partner units; the residents'
 * board gets what the project is, who carries it and how far it is — no ids of people, no plan text,
 * no history with names or notes.
 */
export function projectView(p: ProjectDoc, full: boolean, rel: ProjectRelation[] = []): ProjectView {
  const base: ProjectView = {
    id: p._id,
    communityId: p.communityId,
    communityName: p.communityName,
    title: p.title,
    needTitle: p.needTitle,
    resourceTitle: p.resourceTitle,
    unitName: p.unitName,
    status: p.status,
    statusLabel: PROJECT_STATE_LABELS[p.status],
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
    ...(p.doneAt ? { doneAt: iso(p.doneAt) } : {}),
  }
  if (!full) return base
  return {
    ...base,
    needId: p.needId,
    unitId: p.unitId,
    ...(p.plan ? { plan: p.plan } : {}),
    actions: projectActions(p.status, rel),
    timeline: entries(p.timeline, PROJECT_ACTION_LABELS),
  }
}

/** The last state-changing entry is this caller's same move: a repeat answers ok. */
export function alreadyDid(r: { status: string; timeline: OrgEntry[] }, action: string, openid: string): boolean {
  for (let i = r.timeline.length - 1; i >= 0; i--) {
    const t = r.timeline[i]
    if (!t.to) continue
    return t.action === action && t.by === openid && t.to === r.status
  }
  return false
}

/** 138****5678 */
export const maskPhone = (phone?: string) => (phone && phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : undefined)
