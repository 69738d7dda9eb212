import { View } from '@tarojs/components'
import './index.css'

export interface ChipOption<T extends string> {
  value: T
  label: string
  /** care: the warm accent of 独居老人 and other people who need looking after. */
  tone?: 'care'
}

interface ChipGroupProps<T extends string> {
  options: readonly ChipOption<T>[]
  /** The chosen values (one at most unless `multiple`). */
  value: readonly T[]
  onChange: (value: T[]) => void
  multiple?: boolean
  /** For single choice: tapping the chosen chip again clears it. */
  allowEmpty?: boolean
}

/** Choices as large tappable chips: easier than a picker for a short list. */
export function ChipGroup<T extends string>({ options, value, onChange, multiple, allowEmpty }: ChipGroupProps<T>) {
  function toggle(option: T) {
    const chosen = value.includes(option)
    if (multiple) onChange(chosen ? value.filter((v) => v !== option) : [...value, option])
    else if (chosen) onChange(allowEmpty ? [] : [option])
    else onChange([option])
  }
  return (
    <View className='chips' role={multiple ? 'group' : 'radiogroup'}>
      {options.map((option) => {
        const chosen = value.includes(option.value)
        const classes = ['chip', chosen ? 'chip--on' : '', option.tone ? `chip--${option.tone}` : ''].filter(Boolean).join(' ')
        return (
          <View
            key={option.value}
            className={classes}
            role={multiple ? 'checkbox' : 'radio'}
            ariaRole={multiple ? 'checkbox' : 'radio'}
            aria-checked={chosen}
            hoverClass='chip--pressed'
            onClick={() => toggle(option.value)}
          >
            {chosen && multiple ? '✓ ' : ''}
            {option.label}
          </View>
        )
      })}
    </View>
  )
}
