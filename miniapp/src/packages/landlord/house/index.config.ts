export default definePageConfig({
  navigationBarTitleText: '出租房',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
