import Taro from '@tarojs/taro'

// Page paths the transport and the session need; pages import them too so a rename is one edit.
export const ROUTES = {
  home: '/pages/index/index',
  tasks: '/pages/tasks/index',
  activities: '/pages/activities/index',
  mine: '/pages/mine/index',
  login: '/pages/login/index',
  profile: '/pages/profile/index',
  adminHome: '/packages/admin/home/index',
  orderNew: '/pages/order/new/index',
  orderMine: '/pages/order/mine/index',
  orderDetail: '/pages/order/detail/index',
  adminOrders: '/packages/admin/orders/index',
  adminOrder: '/packages/admin/order/index',
  inbox: '/packages/me/inbox/index',
  orgStructure: '/packages/org/structure/index',
  orgStaff: '/packages/org/staff/index',
  orgUnits: '/packages/org/units/index',
  orgNeeds: '/packages/org/needs/index',
  orgProjects: '/packages/org/projects/index',
  orgUnit: '/packages/org/unit/index',
  orgLedger: '/packages/org/ledger/index',
  orgRoster: '/packages/org/roster/index',
  reportForm: '/packages/report/form/index',
  reportStatus: '/packages/report/status/index',
  reportQueue: '/packages/report/queue/index',
  wishBoard: '/packages/wish/board/index',
  wishPost: '/packages/wish/post/index',
  wishMine: '/packages/wish/mine/index',
  wishReview: '/packages/wish/review/index',
  pointsMine: '/packages/points/mine/index',
  pointsStore: '/packages/points/store/index',
  pointsAdmin: '/packages/points/admin/index',
  pointsRanking: '/packages/points/ranking/index',
  activityDetail: '/packages/activity/detail/index',
  activityMine: '/packages/activity/mine/index',
  activityManage: '/packages/activity/manage/index',
  activityEdit: '/packages/activity/edit/index',
  activityCode: '/packages/activity/code/index',
  activityRoster: '/packages/activity/roster/index',
  /** Public: opens without a login (志愿服务记录核验). */
  pointsVerify: '/packages/points/verify/index',
} as const

/** The page of one order: the resident/member view, or the admin one in the subpackage. */
export function orderUrl(id: string, admin = false): string {
  return `${admin ? ROUTES.adminOrder : ROUTES.orderDetail}?id=${encodeURIComponent(id)}`
}

function currentRoute(): string {
  const pages = Taro.getCurrentPages ? Taro.getCurrentPages() : []
  return pages.length ? pages[pages.length - 1].route || '' : ''
}

let leaving = false
/**
 * h5: to the login page, once. Several parts notice a lost session at the same moment (the transport
 * on UNAUTHENTICATED, the page guard, 退出登录); only the first navigates.
 */
export function goToLogin(): void {
  if (leaving || currentRoute().includes(ROUTES.login.slice(1))) return
  leaving = true
  Promise.resolve(Taro.reLaunch({ url: ROUTES.login }))
    .catch(() => undefined)
    .then(() => {
      leaving = false
    })
}
