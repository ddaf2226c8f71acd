// org — the only file that knows it is a CloudBase function: the organisation (组织架构, 人员任命),
// 双报到 of work units (共建单位) and 三张清单.
import { orgApi } from '../../shared/contracts/org'
import { action, handle } from '../common/handler'
import { orgSweep } from './sweep'
import { memberWork, unitMembers, unitWishes } from './ledger'
import { createNeed, createProject, moveProject, needs, projects, resources, updateNeed } from './lists'
import { createPlace, renamePlace, retirePlace, tree } from './places'
import { assign, findPerson, revoke } from './staff'
import { myUnit, reviewUnit, unitReport, units, updateResources, withdrawUnit } from './units'

export const main = handle(
  {
    tree: action(orgApi.tree, tree),
    createPlace: action(orgApi.createPlace, createPlace),
    renamePlace: action(orgApi.renamePlace, renamePlace),
    retirePlace: action(orgApi.retirePlace, retirePlace),
    findPerson: action(orgApi.findPerson, findPerson),
    assign: action(orgApi.assign, assign),
    revoke: action(orgApi.revoke, revoke),
    unitReport: action(orgApi.unitReport, unitReport),
    myUnit: action(orgApi.myUnit, myUnit),
    withdrawUnit: action(orgApi.withdrawUnit, withdrawUnit),
    updateResources: action(orgApi.updateResources, updateResources),
    units: action(orgApi.units, units),
    reviewUnit: action(orgApi.reviewUnit, reviewUnit),
    unitMembers: action(orgApi.unitMembers, unitMembers),
    memberWork: action(orgApi.memberWork, memberWork),
    unitWishes: action(orgApi.unitWishes, unitWishes),
    resources: action(orgApi.resources, resources),
    needs: action(orgApi.needs, needs),
    createNeed: action(orgApi.createNeed, createNeed),
    updateNeed: action(orgApi.updateNeed, updateNeed),
    projects: action(orgApi.projects, projects),
    createProject: action(orgApi.createProject, createProject),
    moveProject: action(orgApi.moveProject, moveProject),
  },
  { orgSweep },
)
