// Every sentence the points function writes for people to read: its refusals (spread into the reason
// table of ../errors.ts and ../messages.ts), field messages, ledger notes and notices.
import type { ErrorCode } from '../errors'

export const POINTS_REASONS = {
  POINTS_INSUFFICIENT: 'FAILED_PRECONDITION',
  GOODS_NOT_FOUND: 'NOT_FOUND',
  GOODS_OFF_SHELF: 'FAILED_PRECONDITION',
  GOODS_SOLD_OUT: 'RESOURCE_EXHAUSTED',
  GOODS_LIMIT_REACHED: 'RESOURCE_EXHAUSTED',
  REDEMPTION_NOT_FOUND: 'NOT_FOUND',
  REDEMPTION_TRANSITION_NOT_ALLOWED: 'FAILED_PRECONDITION',
  PICKUP_CODE_UNKNOWN: 'NOT_FOUND',
  ADJUSTMENT_INVALID: 'INVALID_ARGUMENT',
  RECORD_NOT_FOUND: 'NOT_FOUND',
  POINTS_CONCURRENT_CHANGE: 'UNAVAILABLE',
} as const satisfies Record<string, ErrorCode>

export const POINTS_REASON_MESSAGES: Record<keyof typeof POINTS_REASONS, string> = {
  POINTS_INSUFFICIENT: '积分不足',
  GOODS_NOT_FOUND: '找不到该商品',
  GOODS_OFF_SHELF: '该商品已下架',
  GOODS_SOLD_OUT: '该商品已兑完',
  GOODS_LIMIT_REACHED: '已达到该商品的每人兑换上限',
  REDEMPTION_NOT_FOUND: '找不到该兑换记录',
  REDEMPTION_TRANSITION_NOT_ALLOWED: '该兑换当前状态不能进行此操作',
  PICKUP_CODE_UNKNOWN: '取货码无效或已使用',
  ADJUSTMENT_INVALID: '积分调整不符合规则',
  RECORD_NOT_FOUND: '查无此志愿服务记录',
  POINTS_CONCURRENT_CHANGE: '操作的人较多，请稍后再试',
}

export const pointsFields = {
  adjustEmpty: '请填写调整的积分或时长',
  hoursCap: (max: number) => `单次补录时长不能超过${max}小时`,
  pointsCap: (max: number) => `单次调整积分不能超过${max}分`,
  evidence: '补录时长须上传证明材料',
  person: '该居民不在本社区',
  period: '期间格式不正确',
}

export const pointsTexts = {
  /** Ledger notes. */
  redeem: (goodsName: string) => `兑换：${goodsName}`,
  refund: (goodsName: string) => `退还兑换：${goodsName}`,
  adjust: (reason: string) => `管理员调整：${reason}`,
  capped: { daily: '已达当日积分上限', cooldown: '同一居民服务间隔未满，本次不计积分' } as Record<string, string>,
  /** A work entry the earning limits paid less for: what it paid, and why (hours count in full). */
  cappedNotice: (note: string, points: number, capped: 'daily' | 'cooldown') => ({
    title: '本次积分按规则计入',
    body: `${note}：${capped === 'daily' ? '今日积分已达上限' : '24小时内为同一居民服务'}，本次计入${points}积分，服务时长照常累计。`,
  }),
  /** Notices. */
  driftTitle: '积分对账发现差异',
  driftBody: (name: string, before: number, after: number) => `${name}的积分余额为${before}，按积分明细应为${after}，已自动更正。`,
  rankDriftBody: (name: string, rows: number) => `${name}的排行榜数据有${rows}项与积分明细不符，已按明细重新计算。`,
  readyTitle: '兑换成功',
  readyBody: (goodsName: string, code: string) => `您兑换的“${goodsName}”已备好，取货码 ${code}，请到社区爱心超市领取。`,
  cancelledTitle: '兑换已取消',
  cancelledBody: (goodsName: string, price: number) => `“${goodsName}”的兑换已取消，${price}积分已退回。`,
  collectedTitle: '已领取',
  collectedBody: (goodsName: string) => `您已领取“${goodsName}”。`,
  adjustedTitle: '积分调整',
  adjustedBody: (points: number, hours: number, reason: string) => `管理员为您调整了${points}积分、${hours}小时：${reason}`,
  /** Ranking: a person who is not named. */
  anonymous: '匿名志愿者',
  /** The unit or community a record names when its name is gone. */
  unknownOrg: '社区',
  recordTitle: '志愿服务记录',
}

/** The public page where a record's code is checked (points.verifyRecord), a mini-program route. */
export const RECORD_VERIFY_PATH = '/packages/points/verify/index'

/** Every word of the 志愿服务记录's PDF (points.recordPdf). */
export const recordPdfTexts = {
  title: '志愿服务记录',
  field: (label: string, value: string) => `${label}：${value}`,
  continued: '志愿服务记录（续）',
  name: '姓名',
  org: '所属组织',
  star: '星级',
  hours: '累计服务时长',
  count: '服务记录',
  code: '验证码',
  issued: '出具日期',
  columns: ['日期', '服务内容', '时长', '确认组织'] as const,
  hoursValue: (h: number) => `${h}小时`,
  countValue: (n: number) => `${n}条`,
  flagged: '（管理员补录）',
  empty: '暂无已确认的志愿服务。',
  verifyHint: '本记录根据社区确认的服务生成。任何人无需登录，可凭验证码在核验页面查验本记录的真实性。',
  verifyAt: (address: string) => `核验地址：${address}`,
  /** Where to check it when the deployment names no public web address: the mini-program's page. */
  inApp: (code: string) => `微信小程序「连心桥」${RECORD_VERIFY_PATH}?code=${code}`,
  page: (i: number, n: number) => `第${i}页 / 共${n}页`,
  footer: (code: string) => `志愿服务记录 · 验证码 ${code}`,
  author: '连心桥',
  file: (code: string) => `志愿服务记录-${code}.pdf`,
}
