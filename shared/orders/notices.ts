// Every sentence the order lifecycle writes for people to read (notices, timeline and audit notes, the
// field messages and details of its refusals), in one place of the domain package so that copy is
// reviewed together and use cases hold none.
import { ORDER_ACTION_LABELS, ORDER_STATE_LABELS, type OrderAction, type OrderState } from '../lifecycles/order'
import { whenText } from '../activities/texts'
import { notNow } from '../messages'
import { maskName } from '../privacy'
import { COLOUR_LABELS, type Colour } from '../rules/sla'

type O = { no: string; category: string; text: string }

export const orderNotices = {
  submitted: (o: O, red: boolean) => ({ title: red ? '新的紧急服务需求' : '新的服务需求', body: `${o.category}：${o.text.slice(0, 40)}` }),
  claimed: (o: O, as: 'member' | 'volunteer') => ({ title: '有人领单了', body: `您的“${o.category}”需求已有${as === 'member' ? '党员' : '志愿者'}领取，会尽快与您联系。` }),
  accepted: (o: O) => ({ title: '服务单已受理', body: `您的“${o.category}”需求已受理，我们会尽快安排。` }),
  rejected: (o: O, reason: string) => ({ title: '服务单未受理', body: `您的“${o.category}”需求未受理：${reason}` }),
  escalated: (o: O, colour: Colour, reason: string, due: Date) => ({ title: '服务单已上报', body: `${COLOUR_LABELS[colour]}：${o.category}，${reason}。请在${whenText(due)}前办结。` }),
  escalationOverdue: (o: O) => ({ title: '上报事项已超过完成期限', body: `服务单${o.no}（${o.category}）已超过吹哨上报时约定的完成期限，请尽快办理或说明情况。` }),
  dispatched: (o: O) => ({ title: '服务单已派单', body: `新派单：${o.category}，${o.text.slice(0, 30)}` }),
  closed: (o: O, note: string) => ({ title: '服务单已办结', body: `您的“${o.category}”服务单已办结：${note}。如没有解决，7天内可以重新提出。` }),
  returned: (o: O, reason: string) => ({ title: '服务单被退回', body: `${o.category}：${reason}` }),
  done: (o: O) => ({ title: '服务已办结，请确认', body: `您的“${o.category}”需求已办理完毕，请确认并评价。` }),
  confirmed: (o: O, points: number, hours: number) => ({ title: '服务已确认', body: `“${o.category}”已确认，获得${points}积分、${hours}小时服务时长。` }),
  disputed: (o: O, reason: string) => ({ title: '居民反映没解决', body: `“${o.category}”居民反映没有解决：${reason}。请继续办理后再提交。` }),
  lowRating: (o: O, stars: number) => ({ title: '收到差评', body: `服务单${o.no}（${o.category}）评价为${stars}星，请回访。` }),
  reopened: (o: O, reason: string) => ({ title: '居民反映没解决', body: `服务单${o.no}（${o.category}）：${reason}` }),
  autoEscalated: (o: O, due: Date) => ({ title: '超时未受理，已自动上报', body: `服务单${o.no}（${o.category}）超过受理时限，请在${whenText(due)}前办结。` }),
  claimDue: (o: O) => ({ title: '任务已到期', body: `“${o.category}”已到完成期限，请尽快办理；2小时后未办结将释放给其他人。` }),
  dispatchDue: (o: O) => ({ title: '任务已到期', body: `“${o.category}”已到完成期限，请尽快办理。` }),
  claimReleased: (o: O) => ({ title: '任务已释放', body: `“${o.category}”超过完成期限，已释放回任务大厅。` }),
  claimReleasedAdmin: (o: O) => ({ title: '领单超时已释放', body: `服务单${o.no}（${o.category}）的领单人未按期办结，已释放回任务大厅。` }),
  unclaimed: (o: O) => ({ title: '任务无人领取', body: `服务单${o.no}（${o.category}）到了完成期限仍无人领取，请改为派单或调整。` }),
  autoConfirmed: (o: O, days: number) => ({ title: '服务已自动确认', body: `“${o.category}”办结后${days}天未确认，系统已自动确认。` }),
}

export const orderNotes = {
  onBehalf: '网格员代居民点单',
  accepted: (colour: Colour, points: number) => `${COLOUR_LABELS[colour]}，${points}积分`,
  escalated: (colour: Colour, reason: string, due: Date) => `${COLOUR_LABELS[colour]}：${reason}（完成期限${whenText(due)}）`,
  escalationOverdue: (due: Date) => `已超过完成期限（${whenText(due)}）`,
  autoEscalated: (colour: Colour) => `超过${COLOUR_LABELS[colour]}受理时限，自动上报街道`,
  /** For those entitled to the order's details: the full name (as in its 承办 and 领单人). */
  dispatchedTo: (name: string, note?: string) => `派给${name}${note ? `：${note}` : ''}`,
  /** For everyone else who may see the order: a member's name masked, as everywhere else on the page. */
  dispatchedToPublic: (type: 'member' | 'unit' | 'department', name: string) => `派给${type === 'member' ? maskName(name) : name}`,
  needPeople: (slots: number) => `需要${slots}人`,
  completionHeld: '已提交办理情况（待审核）',
  joined: '又一位居民反映了同样的问题',
  released: '超过完成期限，自动释放',
  reopenedClaims: '重新办理',
  placesWithdrawn: '已办理完毕，未领满的名额不再招募',
  autoConfirmed: (days: number) => `办结后${days}天未确认，系统自动确认`,
  archived: '已评价，自动归档',
  stars: (n: number) => '★'.repeat(n),
  /** Why the claims still open end when the order is closed. */
  closedClaims: '服务单已办结',
  /** The escalation's reason when the acceptance deadline passes. */
  overdue: '超时未受理',
  /** The audit note of an order made by a grid worker in a resident's name. */
  orderedFor: (name: string) => `代${name}点单`,
  /** The ledger entry of points and hours paid for an order. */
  ledger: (o: Pick<O, 'no' | 'category'>) => `服务单${o.no}：${o.category}`,
}

/** Field messages and details of the order use cases' refusals (beside the reasons' own sentences). */
export const orderFields = {
  /** The admin's points above what the earning rules allow for the colour and hours (points/rules orderPointsCap). */
  pointsCap: (max: number, colour: Colour, hours: number) => `积分最多${max}分（${COLOUR_LABELS[colour]}，${hours}小时）`,
  notNow: (state: OrderState, action: OrderAction) => notNow('服务单', ORDER_STATE_LABELS[state], ORDER_ACTION_LABELS[action]),
  deadlineInPast: '完成期限要晚于现在',
  departmentNotFound: '找不到该职能部门',
  reportedMembersOnly: '只能派给本社区已报到的党员',
  notInHall: '这张单已经不在任务大厅了',
  dispatchedRelease: '派给您的任务请用“退回社区”',
  startedRelease: '已经开始办理，不能放弃领单',
  startFirst: '请先开始办理',
  claimNotNow: '该任务当前不能进行此操作',
  gridWorkersOnly: '只有网格员可以代居民点单',
  buildingOfGrid: '请选择本网格的楼栋',
  residentsOfGrid: '只能为本网格的居民代点单',
  buildingOfCommunity: '请选择本社区的楼栋',
  gridFirst: '请先在“我的”中选择所在网格和楼栋',
}
