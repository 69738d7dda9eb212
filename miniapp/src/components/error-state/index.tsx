import { View } from '@tarojs/components'
import { BigButton } from '../big-button'
import '../empty-state/index.css'

interface ErrorStateProps {
  /** Why it failed, in Chinese (an ApiError's message). */
  message: string
  title?: string
  onRetry: () => void
  retrying?: boolean
}

/** Shown when a page could not load: the reason and a retry button. */
export function ErrorState({ message, title = '没有加载出来', onRetry, retrying }: ErrorStateProps) {
  return (
    <View className='state-box'>
      <View className='state-box__mark state-box__mark--error' />
      <View className='state-box__title'>{title}</View>
      <View className='state-box__text'>{message}</View>
      <View className='state-box__action'>
        <BigButton onClick={onRetry} loading={retrying} loadingText='正在重试…'>
          重试
        </BigButton>
      </View>
    </View>
  )
}
