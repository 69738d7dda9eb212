import { View } from '@tarojs/components'
import './index.css'

interface LoadingProps {
  text?: string
}

/** A calm spinner with words, for a page's first load. */
export function Loading({ text = '正在加载…' }: LoadingProps) {
  return (
    <View className='loading'>
      <View className='loading__spinner' />
      <View className='loading__text'>{text}</View>
    </View>
  )
}
