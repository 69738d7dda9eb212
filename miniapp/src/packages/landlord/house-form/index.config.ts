export default definePageConfig({
  navigationBarTitleText: '登记出租房',
})
