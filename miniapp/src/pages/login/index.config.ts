export default definePageConfig({
  navigationBarTitleText: '邻里微网格',
})
