import { View } from '@tarojs/components'

interface PrivacyNoticeProps {
  gridName: string
  version: string
  /** Whether a household address is asked for (residents and tenants). */
  withHousehold: boolean
}

/** The privacy notice a person agrees to before anything about them is stored. Plain words, short. */
export function PrivacyNotice({ gridName, version, withHousehold }: PrivacyNoticeProps) {
  return (
    <View className='privacy'>
      <View className='privacy__title'>加入前，请看一下隐私说明</View>
      <View className='privacy__lead'>我们会登记：</View>
      <View className='privacy__item'>· 你的姓名</View>
      {withHousehold ? <View className='privacy__item'>· 你家的门牌号（楼栋、单元、门牌号）</View> : null}
      <View className='privacy__item'>· 手机号（可以不填，填了方便网格长联系你）</View>
      <View className='privacy__lead'>怎么保护：</View>
      <View className='privacy__item'>· 手机号等信息加密保存，平时只显示一部分（如 138****5678）</View>
      <View className='privacy__item'>· 只有「{gridName}」的网格长和社区工作人员能看到，邻居看不到</View>
      <View className='privacy__item'>· 工作人员查看完整号码时要写明原因，每次都有记录</View>
      <View className='privacy__item'>· 只用于网格服务，不会给别人，也不会用于其他用途</View>
      <View className='privacy__lead'>如需更正或删除你的信息，请联系网格长。</View>
      <View className='privacy__version'>隐私说明版本 {version}</View>
    </View>
  )
}
