export default definePageConfig({ navigationBarTitleText: '报到详情', enablePullDownRefresh: true })
