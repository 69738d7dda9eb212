import type { PropsWithChildren } from 'react'
import { Text } from '@tarojs/components'
import './index.css'

/**
 * primary: a role; neutral: plain facts; warn: waiting for someone; care: a person who needs
 * looking after (独居老人), warm, not alarming; danger: overdue or urgent only.
 */
export type TagTone = 'primary' | 'neutral' | 'warn' | 'care' | 'danger'

interface StatusTagProps {
  tone?: TagTone
}

export function StatusTag({ tone = 'neutral', children }: PropsWithChildren<StatusTagProps>) {
  return <Text className={`status-tag status-tag--${tone}`}>{children}</Text>
}
