import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { BigButton } from '../big-button'
import './index.css'

interface EmptyStateProps {
  title: string
  /** What to do next, in one or two short sentences. */
  description?: ReactNode
  action?: { label: string; onClick: () => void }
}

/** Shown instead of an empty list: says why it is empty and what to do next. */
export function EmptyState({ title, description, action }: EmptyStateProps) {
  return (
    <View className='state-box'>
      <View className='state-box__mark state-box__mark--empty' />
      <View className='state-box__title'>{title}</View>
      {description ? <View className='state-box__text'>{description}</View> : null}
      {action ? (
        <View className='state-box__action'>
          <BigButton variant='secondary' onClick={action.onClick}>
            {action.label}
          </BigButton>
        </View>
      ) : null}
    </View>
  )
}
