export default definePageConfig({
  navigationBarTitleText: '家属请求上门',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
