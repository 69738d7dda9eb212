import type { PropsWithChildren, ReactNode } from 'react'
import { View } from '@tarojs/components'
import './index.css'

interface PageHeadProps {
  title: string
  /** The grid (or household) the page is about. */
  subtitle?: string
  extra?: ReactNode
}

/** The top of a staff page: what it is, and for which grid. */
export function PageHead({ title, subtitle, extra }: PageHeadProps) {
  return (
    <View className='page-head'>
      <View className='page-head__main'>
        <View className='page-head__title'>{title}</View>
        {subtitle ? <View className='page-head__subtitle'>{subtitle}</View> : null}
      </View>
      {extra ? <View className='page-head__extra'>{extra}</View> : null}
    </View>
  )
}

interface SmallButtonProps {
  onClick: () => void
  primary?: boolean
}

/** A compact action for rows and headers (the one main action of a page stays a BigButton). */
export function SmallButton({ onClick, primary, children }: PropsWithChildren<SmallButtonProps>) {
  return (
    <View
      className={primary ? 'small-button small-button--primary' : 'small-button'}
      role='button'
      ariaRole='button'
      hoverClass='small-button--pressed'
      onClick={(e) => {
        e.stopPropagation()
        onClick()
      }}
    >
      {children}
    </View>
  )
}
