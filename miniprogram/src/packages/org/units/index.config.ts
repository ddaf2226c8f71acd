export default definePageConfig({
  navigationBarTitleText: '共建单位审核',
  enablePullDownRefresh: true,
})
