export default defineAppConfig({
  pages: ['pages/index/index'],
  window: { navigationBarTitleText: '连心桥' },
})
