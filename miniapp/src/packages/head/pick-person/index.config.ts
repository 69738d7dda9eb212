export default definePageConfig({
  navigationBarTitleText: '选择关联的家人',
})
