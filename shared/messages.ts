import type { ErrorCode, Reason } from './errors'
import { POINTS_REASON_MESSAGES } from './points/texts'
import { UPLOAD_MAX_MB } from './uploads'

// Every sentence a user reads when a call fails. One table, so that copy is reviewed in one place.
export const REASON_MESSAGES: Record<Reason, string> = {
  BAD_INPUT: '填写的内容有误，请检查后再提交',
  UNKNOWN_FUNCTION: '请求的服务不存在',
  UNKNOWN_ACTION: '请求的操作不存在',
  NOT_LOGGED_IN: '请先登录',
  TOKEN_INVALID: '登录已失效，请重新登录',
  BODY_NOT_JSON: '请求格式不正确',
  ROLE_REQUIRED: '您没有进行此操作的权限',
  OUT_OF_SCOPE: '只能处理本辖区的事项',
  TIMER_ONLY: '该操作只能由系统定时执行',
  SERVICE_BUSY: '服务繁忙，请稍后再试',
  INTERNAL_ERROR: '系统开小差了，请稍后再试',
  PATH_INVALID: '请求的地址不存在',
  METHOD_NOT_ALLOWED: '请求方式不正确',
  BODY_TOO_LARGE: '提交的内容太大，请精简或压缩后再试',
  BODY_TOO_DEEP: '请求内容层级过深',
  BODY_ENCODING_UNSUPPORTED: '请求编码不受支持，请使用 UTF-8 编码的 JSON',
  HEADERS_TOO_LARGE: '请求头或地址太长',
  REQUEST_MALFORMED: '请求格式不正确',
  FILE_NAME_INVALID: '文件名不正确',
  UPLOAD_TOO_LARGE: `图片不能超过${UPLOAD_MAX_MB}MB，请换一张或压缩后再传`,
  UPLOAD_NOT_IMAGE: '只能上传照片（JPG、PNG、GIF、WEBP），这个文件不是图片',
  CROSS_SITE_REFUSED: '不接受来自其他网站的请求',
  CONTENT_TYPE_NOT_JSON: '请求类型不正确，请以 JSON 格式提交',
  DEMO_DATA_PREPARING: '正在准备演示数据，请稍候',
  USER_NOT_FOUND: '找不到该用户',
  PROFILE_INCOMPLETE: '请先在“我的”中完善所在社区信息',
  COMMUNITY_NOT_FOUND: '找不到该社区',
  GRID_NOT_IN_COMMUNITY: '所选网格不属于该社区',
  BUILDING_NOT_IN_GRID: '所选楼栋不属于该网格',
  CONTENT_RISKY: '内容含有不当信息，请修改后再提交',
  FILE_NOT_OWNED: '只能使用自己上传的图片',
  ORDER_NOT_FOUND: '找不到该服务单',
  ORDER_TRANSITION_NOT_ALLOWED: '该服务单当前状态不能进行此操作',
  ORDER_FULL: '名额已满，下次早点来',
  ORDER_ALREADY_CLAIMED_BY_YOU: '您已经领过这张单了',
  ORDER_NOT_CLAIMED_BY_YOU: '您没有领取这张单',
  ORDER_MEMBERS_ONLY: '该任务仅限党员领取',
  ORDER_NOT_YOURS: '只能操作自己提交的服务单',
  ORDER_RESIDENT_CONFIRMS: '这张单由居民本人确认办结；网格员只为代点单的居民代确认',
  ORDER_ALREADY_RATED: '您已经评价过了',
  ORDER_REOPEN_WINDOW_PASSED: '办结已超过7天，无法重新打开，请重新点单',
  ORDER_ALREADY_JOINED: '您已经反映过这个问题了',
  ORDER_CATEGORY_UNKNOWN: '请选择社区提供的服务类别',
  ORDER_CONCURRENT_CHANGE: '有人同时在处理这张单，请刷新后重试',
  ASSIGNEE_NOT_FOUND: '找不到要派给的对象',
  PLACE_NOT_FOUND: '找不到该社区、网格或楼栋',
  PLACE_RETIRED: '该社区、网格或楼栋已撤销',
  GRANT_NOT_ASSIGNABLE: '您不能任命或撤销这个角色',
  UNIT_NOT_FOUND: '找不到该单位',
  UNIT_REGISTRATION_NOT_FOUND: '找不到该单位的报到记录',
  UNIT_REGISTRATION_TRANSITION_NOT_ALLOWED: '该报到当前状态不能进行此操作',
  UNIT_NOT_PARTNER: '该单位还不是本社区的共建单位',
  RESOURCE_NOT_FOUND: '找不到该资源',
  NEED_NOT_FOUND: '找不到该需求',
  NEED_CLOSED: '该需求已关闭',
  PROJECT_NOT_FOUND: '找不到该项目',
  PROJECT_TRANSITION_NOT_ALLOWED: '该项目当前状态不能进行此操作',
  ORG_CONCURRENT_CHANGE: '有人同时在修改，请刷新后重试',
  CONSENT_REQUIRED: '请先阅读并同意《隐私保护指引》，再填写个人信息',
  PRIVACY_VERSION_OUTDATED: '隐私保护指引已更新，请重新阅读后再同意',
  REGISTRATION_NOT_FOUND: '找不到该报到记录',
  REGISTRATION_TRANSITION_NOT_ALLOWED: '该报到当前状态不能进行此操作',
  REGISTRATION_PENDING: '您的报到正在审核中，请耐心等待；如需修改请先撤回',
  REGISTRATION_PENDING_ELSEWHERE: '您在其他社区还有待审核的报到，请先撤回再重新报到',
  REGISTRATION_ALREADY_APPROVED: '您已在该社区报到通过，无需重复提交',
  REGISTRATION_NOT_YOUR_COMMUNITY: '只能向您居住的社区报到，请先在“我的”中修改所在社区',
  REGISTRATION_CONCURRENT_CHANGE: '有人同时在处理这条报到，请刷新后重试',
  SKILL_UNKNOWN: '请从社区提供的技能中选择',
  WISH_NOT_FOUND: '找不到该心愿',
  WISH_TRANSITION_NOT_ALLOWED: '该心愿当前状态不能进行此操作',
  WISH_TAKEN: '这个心愿已经有人认领了，去看看其他心愿吧',
  WISH_NOT_CLAIMED_BY_YOU: '您没有认领这个心愿',
  WISH_NOT_YOURS: '只能操作自己发布的心愿',
  WISH_VALUE_OVER_CAP: '估计价值超过了社区规定的上限',
  WISH_CONCURRENT_CHANGE: '有人同时在处理这个心愿，请刷新后重试',
  ACTIVITY_NOT_FOUND: '找不到该活动',
  ACTIVITY_TRANSITION_NOT_ALLOWED: '活动当前状态不能进行此操作',
  ACTIVITY_OVERLAP: '您已报名的其他活动与这个活动时间冲突',
  ACTIVITY_INELIGIBLE: '您不符合这个岗位的报名条件',
  ACTIVITY_CUTOFF_PASSED: '已过取消报名的截止时间，如有变动请联系组织者',
  ACTIVITY_CODE_INVALID: '签到码不正确或已过期，请重新扫描',
  ACTIVITY_TOO_FAR: '您不在活动地点附近，不能定位签到',
  ACTIVITY_CHECKIN_CLOSED: '现在不在签到时间内',
  ACTIVITY_NOT_SIGNED_UP: '您没有报名这个活动',
  ACTIVITY_CONCURRENT_CHANGE: '报名的人太多了，请稍后重试',
  ...POINTS_REASON_MESSAGES,
}

export const CODE_MESSAGES: Record<ErrorCode, string> = {
  INVALID_ARGUMENT: '填写的内容有误',
  UNAUTHENTICATED: '请先登录',
  PERMISSION_DENIED: '您没有进行此操作的权限',
  NOT_FOUND: '内容不存在或已被删除',
  FAILED_PRECONDITION: '当前状态不能进行此操作',
  ALREADY_EXISTS: '已经存在，请勿重复操作',
  RESOURCE_EXHAUSTED: '操作太频繁，请稍后再试',
  UNAVAILABLE: '服务繁忙，请稍后再试',
  INTERNAL: '系统开小差了，请稍后再试',
}

export function messageFor(reason: Reason): string {
  return REASON_MESSAGES[reason]
}

/** Field-level sentences of the content rule (cloudfunctions/common/content.ts, files.ts). */
export const CONTENT_FIELD_MESSAGES = {
  risky: '含有不当信息，请修改',
  imageRisky: '图片未通过内容安全检查，请更换',
  fileNotOwned: '只能使用自己上传的图片',
} as const

/**
 * Field sentences more than one context writes. Where a field says just what its reason says (找不到该社区
 * under communityId), the reason's own sentence is used (cloudfunctions/common/errors.ts `failOn`).
 */
export const FIELD_MESSAGES = {
  cursor: '翻页参数不正确',
  partnerUnitNotFound: '找不到该共建单位',
} as const

/** The detail of a move the record's state does not allow: 该服务单当前“已办结”，不能派单. */
export const notNow = (subject: string, state: string, action: string) => `该${subject}当前“${state}”，不能${action}`
