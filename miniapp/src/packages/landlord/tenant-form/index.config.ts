export default definePageConfig({
  navigationBarTitleText: '登记租客',
})
