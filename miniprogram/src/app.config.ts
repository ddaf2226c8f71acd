export default defineAppConfig({
  // Tab pages first: the first page is the one the app opens on.
  pages: [
    'pages/index/index',
    'pages/tasks/index',
    'pages/activities/index',
    'pages/mine/index',
    'pages/login/index',
    'pages/profile/index',
    'pages/order/new/index',
    'pages/order/mine/index',
    'pages/order/detail/index',
  ],
  // Admin screens load only for the people who open them; the main package stays small (2 MB cap).
  subPackages: [
    {
      root: 'packages/admin',
      pages: ['home/index', 'orders/index', 'order/index'],
    },
    {
      root: 'packages/org',
      pages: ['structure/index', 'staff/index', 'units/index', 'needs/index', 'projects/index', 'unit/index', 'ledger/index', 'roster/index'],
    },
    {
      root: 'packages/me',
      pages: ['inbox/index'],
    },
    {
      root: 'packages/report',
      pages: ['form/index', 'status/index', 'queue/index', 'review/index'],
    },
    {
      root: 'packages/points',
      pages: ['mine/index', 'store/index', 'admin/index', 'ranking/index', 'verify/index'],
    },
    {
      root: 'packages/wish',
      pages: ['board/index', 'detail/index', 'post/index', 'mine/index', 'review/index'],
    },
    {
      root: 'packages/activity',
      pages: ['detail/index', 'mine/index', 'manage/index', 'edit/index', 'code/index', 'roster/index'],
    },
  ],
  window: {
    navigationBarBackgroundColor: '#C8161D',
    navigationBarTextStyle: 'white',
    navigationBarTitleText: '连心桥',
    backgroundColor: '#F7F4F0',
    backgroundTextStyle: 'dark',
    // weapp's default anyway; Taro's h5 router draws its title bar (with back and home) only when set.
    navigationStyle: 'default',
  },
  tabBar: {
    // 5.7:1 on white (适老化 ≥ 4.5:1); the selected tab is red with a filled icon, not told by colour alone.
    color: '#666666',
    selectedColor: '#C8161D',
    backgroundColor: '#FFFFFF',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/tasks/index', text: '任务', iconPath: 'assets/tab/tasks.png', selectedIconPath: 'assets/tab/tasks-active.png' },
      { pagePath: 'pages/activities/index', text: '活动', iconPath: 'assets/tab/activities.png', selectedIconPath: 'assets/tab/activities-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
  lazyCodeLoading: 'requiredComponents',
})
