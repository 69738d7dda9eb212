export default definePageConfig({
  navigationBarTitleText: '租客名册',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
