export default definePageConfig({
  navigationBarTitleText: '服务单处理',
  enablePullDownRefresh: true,
})
