import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import './index.css'

interface BigButtonProps {
  onClick?: () => void
  /** primary: the one main action of a screen; secondary: everything else; danger: overdue/urgent only. */
  variant?: 'primary' | 'secondary' | 'danger'
  disabled?: boolean
  /** While true the button cannot be tapped and shows loadingText. */
  loading?: boolean
  loadingText?: string
  className?: string
}

/** A full-width button, tall enough for an unsteady finger. */
export function BigButton({
  onClick,
  variant = 'primary',
  disabled,
  loading,
  loadingText = '请稍候…',
  className,
  children,
}: PropsWithChildren<BigButtonProps>) {
  const inactive = Boolean(disabled || loading)
  const classes = [
    'big-button',
    `big-button--${variant}`,
    inactive ? 'big-button--inactive' : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <View
      className={classes}
      role='button'
      ariaRole='button'
      hoverClass={inactive ? 'none' : 'big-button--pressed'}
      onClick={inactive ? undefined : onClick}
    >
      {loading ? <View className='big-button__spinner' /> : null}
      {loading ? loadingText : children}
    </View>
  )
}
