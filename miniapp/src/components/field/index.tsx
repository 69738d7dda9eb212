import type { PropsWithChildren, ReactNode } from 'react'
import { Input, Text, View } from '@tarojs/components'
import './index.css'

interface FieldProps {
  label: string
  /** Marks the field as one that must be filled (a small 必填 after the label). */
  required?: boolean
  /** A short example or explanation under the input. */
  hint?: ReactNode
  /** What is wrong with the value, in Chinese; shown in place of the hint. */
  error?: string
  className?: string
}

/** A label, the input, and the hint or the error right under it, where the eye already is. */
export function Field({ label, required, hint, error, className, children }: PropsWithChildren<FieldProps>) {
  return (
    <View className={['field', error ? 'field--error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <View className='field__label'>
        <Text>{label}</Text>
        {required ? <Text className='field__required'>必填</Text> : <Text className='field__optional'>选填</Text>}
      </View>
      {children}
      {error ? (
        <View className='field__error' role='alert'>
          {error}
        </View>
      ) : hint ? (
        <View className='field__hint'>{hint}</View>
      ) : null}
    </View>
  )
}

interface TextInputProps {
  value: string
  onInput: (value: string) => void
  placeholder?: string
  /** phone: a phone keypad; number: digits keyboard; idcard: digits and X (WeChat); text otherwise. */
  type?: 'text' | 'phone' | 'number' | 'idcard' | 'digit'
  maxlength?: number
  onBlur?: () => void
  onConfirm?: () => void
  focus?: boolean
  invalid?: boolean
  large?: boolean
}

/** A tall input that fills its row, with a visible border (people must see where to type). */
/**
 * WeChat's `number` keyboard suits phone numbers; in a browser `number` would be an <input
 * type=number> (spin buttons, no "+86"), so H5 gets `tel`, which Taro passes through.
 */
const PHONE_TYPE = (process.env.TARO_ENV === 'h5' ? 'tel' : 'number') as 'number'

export function TextInput({ value, onInput, placeholder, type = 'text', maxlength = 40, onBlur, onConfirm, focus, invalid, large }: TextInputProps) {
  const classes = ['text-input', invalid ? 'text-input--invalid' : '', large ? 'text-input--large' : ''].filter(Boolean).join(' ')
  return (
    <Input
      className={classes}
      type={type === 'phone' ? PHONE_TYPE : type}
      value={value}
      placeholder={placeholder}
      placeholderClass='text-input__placeholder'
      maxlength={maxlength}
      focus={focus}
      onInput={(e) => onInput(e.detail.value)}
      onBlur={onBlur}
      onConfirm={onConfirm}
    />
  )
}
