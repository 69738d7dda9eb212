export default definePageConfig({
  navigationBarTitleText: '关爱走访',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
