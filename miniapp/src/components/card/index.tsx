import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import './index.css'

interface CardProps {
  className?: string
  onClick?: () => void
}

/** A white rounded block; tappable when given onClick. */
export function Card({ className, onClick, children }: PropsWithChildren<CardProps>) {
  const classes = ['card', onClick ? 'card--tappable' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <View className={classes} onClick={onClick} hoverClass={onClick ? 'card--pressed' : 'none'}>
      {children}
    </View>
  )
}
