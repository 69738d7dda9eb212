import type { PropsWithChildren } from 'react'
import { Text } from '@tarojs/components'
import './index.css'

/** primary: a role; neutral: plain facts; warn: waiting for someone; danger: overdue or urgent only. */
export type TagTone = 'primary' | 'neutral' | 'warn' | 'danger'

interface StatusTagProps {
  tone?: TagTone
}

export function StatusTag({ tone = 'neutral', children }: PropsWithChildren<StatusTagProps>) {
  return <Text className={`status-tag status-tag--${tone}`}>{children}</Text>
}
