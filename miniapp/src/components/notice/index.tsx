import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import './index.css'

interface NoticeProps {
  /** done: an action succeeded; info: plain information; warn: something to fix or wait for. */
  tone?: 'done' | 'info' | 'warn'
  title?: string
  className?: string
}

/** A box that says what happened (or what to know), in the flow of the page rather than a toast. */
export function Notice({ tone = 'info', title, className, children }: PropsWithChildren<NoticeProps>) {
  return (
    <View className={['notice', `notice--${tone}`, className ?? ''].filter(Boolean).join(' ')} role='status'>
      {title ? <View className='notice__title'>{title}</View> : null}
      {children ? <View className='notice__text'>{children}</View> : null}
    </View>
  )
}
