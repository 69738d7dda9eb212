import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import './index.css'

interface ListRowProps {
  title: ReactNode
  /** A second line under the title, in smaller grey type. */
  description?: ReactNode
  /** Shown at the right edge (a tag, a number, a switch). */
  extra?: ReactNode
  /** Show a › to say the row opens something. */
  arrow?: boolean
  disabled?: boolean
  onClick?: () => void
  className?: string
}

/** One row of a list: at least a finger tall, the whole row is the tap target. */
export function ListRow({ title, description, extra, arrow, disabled, onClick, className }: ListRowProps) {
  const tappable = Boolean(onClick) && !disabled
  const classes = ['list-row', disabled ? 'list-row--disabled' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <View
      className={classes}
      role={onClick ? 'button' : undefined}
      ariaRole={onClick ? 'button' : undefined}
      hoverClass={tappable ? 'list-row--pressed' : 'none'}
      onClick={tappable ? onClick : undefined}
    >
      <View className='list-row__main'>
        <View className='list-row__title'>{title}</View>
        {description ? <View className='list-row__description'>{description}</View> : null}
      </View>
      {extra !== undefined && extra !== null ? <View className='list-row__extra'>{extra}</View> : null}
      {arrow ? <Text className='list-row__arrow'>›</Text> : null}
    </View>
  )
}
