// Every sentence the org use cases (places, staff, 共建单位, needs and projects) write for people to read:
// notices, audit and timeline notes, and the field messages and details of their refusals.
import { PLACE_KIND_LABELS, type PlaceKind, type StaffRole } from '../contracts/org'
import { PROJECT_ACTION_LABELS, PROJECT_STATE_LABELS, type ProjectAction, type ProjectState } from '../lifecycles/project'
import { UNIT_REG_ACTION_LABELS, UNIT_REG_STATE_LABELS, type UnitRegAction, type UnitRegState } from '../lifecycles/unitRegistration'
import { notNow } from '../messages'
import { ROLE_LABELS } from '../roles'

type Reg = { unitName: string; communityName: string }

/** A role in a place, as a person reads it: 网格员（一网格）. */
const roleIn = (role: StaffRole, placeName: string) => `${ROLE_LABELS[role]}（${placeName}）`

export const orgNotices = {
  unitReported: (r: Reg) => ({ title: '新的共建单位报到', body: `${r.unitName}申请成为${r.communityName}的共建单位，请审核。` }),
  unitWithdrew: (r: Reg) => ({ title: '共建单位撤回报到', body: `${r.unitName}撤回了在${r.communityName}的报到。` }),
  unitApproved: (r: Reg) => ({ title: '共建单位报到已通过', body: `${r.unitName}已成为${r.communityName}的共建单位。` }),
  unitReturned: (r: Reg, reason: string) => ({ title: '共建单位报到被退回', body: `${r.communityName}退回了报到，原因：${reason}。修改后可重新提交。` }),
  unitRevoked: (r: Reg, reason: string) => ({ title: '共建关系已解除', body: `${r.communityName}解除了与${r.unitName}的共建关系，原因：${reason}` }),
  projectGiven: (communityName: string, title: string) => ({ title: '新的共建项目', body: `${communityName}把“${title}”交给贵单位负责。` }),
  projectTaken: (unitName: string, needTitle: string) => ({ title: '共建单位认领了需求', body: `${unitName}认领了“${needTitle}”。` }),
  projectMoved: (title: string, to: ProjectState) => ({ title: `共建项目${PROJECT_STATE_LABELS[to]}`, body: `“${title}”${PROJECT_STATE_LABELS[to]}。` }),
  assigned: (role: StaffRole, placeName: string) => ({ title: '您有新的任命', body: `您已被任命为${roleIn(role, placeName)}，可在${role === 'storeVerifier' ? '“我的—爱心超市核销”' : '“管理后台”'}开展工作。` }),
  revoked: (role: StaffRole, placeName: string, reason: string) => ({ title: '任命已撤销', body: `您的${roleIn(role, placeName)}任命已撤销。原因：${reason}` }),
}

export const orgNotes = {
  placeCreated: (kind: PlaceKind, name: string) => `新建${PLACE_KIND_LABELS[kind]}“${name}”`,
  placeRenamed: (from: string, to: string) => `“${from}”改名为“${to}”`,
  assigned: (role: StaffRole, placeName: string, reason: string) => `任命为${roleIn(role, placeName)}：${reason}`,
  revoked: (role: StaffRole, placeName: string, reason: string) => `撤销${roleIn(role, placeName)}：${reason}`,
  projectCreated: (unitName: string, resourceTitle: string) => `${unitName}：${resourceTitle}`,
  /** The title of a need made from an order: its category and the start of its text. */
  needFromOrder: (o: { category: string; text: string }) => {
    const chars = Array.from(o.text)
    return `${o.category}：${chars.slice(0, 20).join('')}${chars.length > 20 ? '…' : ''}`
  },
}

/** Field messages and details of the org use cases' refusals. */
export const orgFields = {
  unitRegNotNow: (state: UnitRegState, action: UnitRegAction) => notNow('报到', UNIT_REG_STATE_LABELS[state], UNIT_REG_ACTION_LABELS[action]),
  projectNotNow: (state: ProjectState, action: ProjectAction) => notNow('项目', PROJECT_STATE_LABELS[state], PROJECT_ACTION_LABELS[action]),
  communityRetired: '该社区已撤销',
  alreadyPartner: '本单位已是该社区的共建单位，如需修改资源请到“我们的资源”',
  reportPending: '本单位向该社区的报到正在审核中，请耐心等待',
  orderOfOtherCommunity: '服务单不属于该社区',
  notPartnerHere: '该单位不是这个社区的共建单位',
  nameToChange: '名称需要修改后再提交',
  nameTaken: (kind: PlaceKind) => `已有同名的${PLACE_KIND_LABELS[kind]}`,
  parentNotFound: '找不到上级',
  parentRetired: '上级已撤销',
  staffPlaceNotFound: '找不到该社区、网格、部门或单位',
  noUserWithPhone: '没有使用这个手机号的用户',
}
