export default definePageConfig({
  navigationBarTitleText: '我的出租房',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
