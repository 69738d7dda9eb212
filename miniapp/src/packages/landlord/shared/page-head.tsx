import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import './page-head.css'

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
