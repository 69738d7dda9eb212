export default definePageConfig({
  navigationBarTitleText: '我关注的家人',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
