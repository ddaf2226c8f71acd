export default definePageConfig({
  navigationBarTitleText: '党员报到台账',
  enablePullDownRefresh: true,
})
