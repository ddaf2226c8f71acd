// 项目清单 (三张清单): a project links a need of the community (需求清单) with a resource of a 共建单位
// (资源清单) and the unit responsible for it: 认领 → 实施 → 完成, or cancelled on the way.
import { allowedIn, decide, type Table } from '../core/flow'

export const PROJECT_STATES = ['claimed', 'implementing', 'done', 'cancelled'] as const
export type ProjectState = (typeof PROJECT_STATES)[number]

export const PROJECT_ACTIONS = ['start', 'finish', 'cancel'] as const
export type ProjectAction = (typeof PROJECT_ACTIONS)[number]

export const PROJECT_RELATIONS = [
  'communityAdmin', // the admin of the project's community
  'unit', // the admin of the responsible unit
] as const
export type ProjectRelation = (typeof PROJECT_RELATIONS)[number]

/** The whole lifecycle; a (state, action, relation) not here is refused. A project is made 认领 (claimed). */
export const PROJECT_TRANSITIONS: Table<ProjectState, ProjectAction, ProjectRelation> = {
  start: { to: 'implementing', by: { communityAdmin: ['claimed'], unit: ['claimed'] } },
  finish: { to: 'done', by: { communityAdmin: ['implementing'], unit: ['implementing'] } },
  // The unit may step back before it started; the community may stop a project at any point before it is done.
  cancel: { to: 'cancelled', by: { communityAdmin: ['claimed', 'implementing'], unit: ['claimed'] } },
}

export const decideProject = (state: ProjectState, action: ProjectAction, relations: readonly ProjectRelation[]) => decide(PROJECT_TRANSITIONS, state, action, relations)
export const projectActions = (state: ProjectState, relations: readonly ProjectRelation[]) => allowedIn(PROJECT_TRANSITIONS, PROJECT_ACTIONS, state, relations)

export const PROJECT_STATE_LABELS: Record<ProjectState, string> = {
  claimed: '已认领',
  implementing: '实施中',
  done: '已完成',
  cancelled: '已取消',
}

export const PROJECT_ACTION_LABELS: Record<ProjectAction, string> = {
  start: '开始实施',
  finish: '完成',
  cancel: '取消',
}
