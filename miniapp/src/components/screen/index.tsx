import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import { useSession } from '../../store/use-session'
import './index.css'

interface ScreenProps {
  className?: string
}

/**
 * The root of every page: it carries the theme class, so elder mode (a larger type scale,
 * bigger targets) applies to the whole page the moment the flag changes.
 */
export function Screen({ className, children }: PropsWithChildren<ScreenProps>) {
  const { elderMode } = useSession()
  const classes = ['theme', elderMode ? 'theme--elder' : '', 'screen', className ?? ''].filter(Boolean).join(' ')
  return <View className={classes}>{children}</View>
}
