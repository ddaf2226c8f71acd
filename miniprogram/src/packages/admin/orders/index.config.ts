export default definePageConfig({
  navigationBarTitleText: '服务单办理',
  enablePullDownRefresh: true,
})
