// Every sentence the 微心愿 function writes for people to read (notices, timeline and audit notes, the
// field messages and details of its refusals), in the domain package so the use cases hold none.
import { notNow } from '../messages'
import { WISH_ACTION_LABELS, WISH_STATE_LABELS, type WishAction, type WishState } from '../lifecycles/wish'

type W = { title: string }

export const wishNotices = {
  posted: (w: W) => ({ title: '新的微心愿待审核', body: `“${w.title}”等待审核` }),
  resubmitted: (w: W) => ({ title: '微心愿已重新提交', body: `“${w.title}”已修改，等待审核` }),
  approved: (w: W) => ({ title: '微心愿已发布', body: `您的心愿“${w.title}”已通过审核，发布到心愿墙。` }),
  returned: (w: W, reason: string) => ({ title: '微心愿需要修改', body: `您的心愿“${w.title}”被退回：${reason}` }),
  rejected: (w: W, reason: string) => ({ title: '微心愿未通过审核', body: `您的心愿“${w.title}”未通过：${reason}` }),
  claimed: (w: W) => ({ title: '您的心愿有人认领了', body: `“${w.title}”已被认领，爱心人士会尽快帮您实现。` }),
  claimedProxy: (w: W) => ({ title: '有心愿需要代转交', body: `“${w.title}”已被认领，选择了网格员代转交，请留意接收。` }),
  claimedAdmin: (w: W) => ({ title: '微心愿已被认领', body: `“${w.title}”已被认领` }),
  cancelled: (w: W, reason: string) => ({ title: '认领已取消', body: `“${w.title}”的认领人取消了认领：${reason}。心愿已回到心愿墙。` }),
  revoked: (w: W, reason: string) => ({ title: '您的认领已被撤销', body: `“${w.title}”的认领已被社区撤销：${reason}` }),
  remind: (w: W) => ({ title: '心愿认领即将到期', body: `您认领的“${w.title}”3天后到期，请尽快帮助实现；到期未实现将释放给其他人。` }),
  released: (w: W) => ({ title: '认领已超期释放', body: `您认领的“${w.title}”超过期限未实现，已回到心愿墙。` }),
  releasedWisher: (w: W) => ({ title: '心愿重新等待认领', body: `“${w.title}”的认领已超期，心愿重新回到心愿墙。` }),
  fulfilled: (w: W) => ({ title: '心愿已实现，请确认', body: `“${w.title}”已送达，请确认收到并留下感谢。` }),
  confirmed: (w: W, points: number, hours: number) => ({ title: '心愿实现已确认', body: `“${w.title}”已确认收到，获得${points}积分、${hours}小时服务时长。感谢您的爱心！` }),
  autoConfirmed: (w: W, days: number) => ({ title: '心愿已自动确认', body: `“${w.title}”送达${days}天未确认，系统已自动确认收到。如未收到，请联系社区。` }),
  thanked: (w: W) => ({ title: '收到一封感谢信', body: `“${w.title}”的心愿人给您留言致谢。` }),
  withdrawnAdmin: (w: W) => ({ title: '微心愿已撤回', body: `“${w.title}”已撤回` }),
}

export const wishNotes = {
  postedFor: '网格员或社区代为发布',
  /** The audit note of a wish posted in someone's name. */
  postedOnBehalf: (type: string) => `代${type}发布微心愿`,
  redacted: '社区编辑了隐私信息',
  photoHidden: '照片已隐藏',
  redactedNote: (photoHidden: boolean) => (photoHidden ? '社区编辑了隐私信息，照片已隐藏' : '社区编辑了隐私信息'),
  released: '超过认领期限，自动释放',
  claimedAs: (as: 'member' | 'volunteer' | 'unit') => (as === 'member' ? '党员认领' : as === 'volunteer' ? '志愿者认领' : '共建单位认领'),
  fulfilledPublic: '已送达，等待确认',
  confirmedPublic: '心愿已实现',
  /** The timeline and audit note of the timer's confirmation. */
  autoConfirmed: (days: number) => `送达${days}天未确认，系统自动确认`,
  thanksHeld: '（内容审核中）',
  /** With 代转交 the donor is told where to bring the gift instead of the address. */
  proxyNote: (grid: string) => `请将物品送到${grid || '网格'}服务站，由网格员代为转交，无需联系心愿人。`,
  ledger: (w: W) => `微心愿：${w.title}`,
  donor: (as: 'member' | 'volunteer' | 'unit', name: string) => (as === 'unit' ? name : `${as === 'member' ? '党员' : '志愿者'} ${name}`),
  /** The transparency strip. */
  strip: (n: number) => `本月圆梦 ${n} 个心愿`,
}

export const wishFields = {
  notNow: (state: WishState, action: WishAction) => notNow('心愿', WISH_STATE_LABELS[state], WISH_ACTION_LABELS[action]),
  overCap: (cap: number) => `估计价值不能超过${cap}元`,
  buildingOfGrid: '请选择本网格的楼栋',
  buildingOfCommunity: '请选择本社区的楼栋',
  gridFirst: '请先在“我的”中选择所在网格和楼栋',
  onBehalfOnly: '只有网格员或社区党组织可以代居民发布心愿',
  reasonRequired: '请填写原因',
  nothingToRedact: '请修改标题、内容或隐藏照片',
  ownWish: '不能认领自己发布的心愿',
  communityOf: '只能认领本社区或共建社区的心愿',
  alreadyClaimed: '您已经认领了这个心愿',
}

export const PROGRESS_LABELS = { open: '待认领', claimed: '已认领', done: '已实现' } as const
export const DELIVERY_LABELS = { direct: '认领人送达', proxy: '网格员代转交' } as const
export const WISH_ROLE_LABELS: Record<string, string> = {
  wisher: '心愿人',
  gridWorker: '网格员',
  communityAdmin: '社区党组织',
  claimer: '认领人',
  candidate: '认领人',
  system: '系统',
  resident: '居民',
  member: '党员',
  volunteer: '志愿者',
  unitAdmin: '共建单位',
}
export const WISH_TIMELINE_LABELS: Record<string, string> = { post: '发布心愿', remind: '到期提醒' }
