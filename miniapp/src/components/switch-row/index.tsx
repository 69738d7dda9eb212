import { View } from '@tarojs/components'
import { ListRow } from '../list-row'
import './index.css'

interface SwitchRowProps {
  title: string
  description?: string
  checked: boolean
  onChange: (checked: boolean) => void
}

/** A list row with an on/off switch; the whole row toggles it, not just the knob. */
export function SwitchRow({ title, description, checked, onChange }: SwitchRowProps) {
  return (
    <ListRow
      title={title}
      description={description}
      onClick={() => onChange(!checked)}
      extra={
        <View className={`switch ${checked ? 'switch--on' : ''}`}>
          <View className='switch__knob' />
        </View>
      }
    />
  )
}
