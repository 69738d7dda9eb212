import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import './page-head.css'

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
