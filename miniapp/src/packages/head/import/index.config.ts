export default definePageConfig({
  navigationBarTitleText: '导入 Excel 名册',
})
