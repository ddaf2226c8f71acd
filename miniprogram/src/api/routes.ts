// Page paths the transport and the session need; pages import them too so a rename is one edit.
export const ROUTES = {
  home: '/pages/index/index',
  tasks: '/pages/tasks/index',
  activities: '/pages/activities/index',
  mine: '/pages/mine/index',
  login: '/pages/login/index',
  profile: '/pages/profile/index',
  adminHome: '/packages/admin/home/index',
} as const
