import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { RevealRequest, type PersonDto } from '@linli/shared'
import { revealPerson } from '../../../services/households'
import { errorMessage } from '../../../services/http'
import { validate } from '../../../utils/form'
import { BigButton, ChipGroup, Field, Notice, TextInput } from '../../../components'

export type RevealField = 'phone' | 'idNumber'

const FIELD_LABELS: Record<RevealField, string> = { phone: '手机号', idNumber: '身份证号' }
const QUICK_REASONS = ['上门走访需要联系', '核实身份', '紧急情况联系'] as const

interface RevealSheetProps {
  person: PersonDto
  field: RevealField
  onClose: () => void
}

/** Asks why, then shows the full number once; the server records who looked, at whose, why and when. */
export function RevealSheet({ person, field, onClose }: RevealSheetProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [value, setValue] = useState<string | null>(null)
  const label = FIELD_LABELS[field]

  async function reveal() {
    const checked = validate(RevealRequest.safeParse({ field, reason }))
    if (!checked.ok) {
      setError(checked.errors.reason ?? checked.errors.field)
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      setValue((await revealPerson(person.id, checked.data, { toast: false })).value)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='sheet-mask' onClick={onClose}>
      <View className='sheet' onClick={(e) => e.stopPropagation()}>
        <View className='sheet__title'>
          查看 {person.name} 的完整{label}
        </View>
        {value === null ? (
          <View>
            <Field label='查看原因' required error={error} hint='每次查看都会记录：谁、看了谁的、为什么、什么时间。'>
              <ChipGroup
                options={QUICK_REASONS.map((r) => ({ value: r, label: r }))}
                value={QUICK_REASONS.filter((r) => r === reason)}
                onChange={(v) => {
                  setReason(v[0] ?? '')
                  setError(undefined)
                }}
              />
              <View className='sheet__input'>
                <TextInput value={reason} onInput={setReason} placeholder='或者自己写原因' maxlength={200} invalid={Boolean(error)} />
              </View>
            </Field>
            <View className='button-row'>
              <BigButton variant='secondary' onClick={onClose}>
                取消
              </BigButton>
              <BigButton onClick={() => void reveal()} loading={busy} loadingText='正在查看…'>
                查看
              </BigButton>
            </View>
          </View>
        ) : (
          <View>
            <View className='sheet__value'>{value}</View>
            <Notice tone='info'>本次查看已记录。请只用于：{reason.trim()}。</Notice>
            <View className='button-row'>
              {field === 'phone' ? (
                <BigButton variant='secondary' onClick={() => void Taro.makePhoneCall({ phoneNumber: value }).catch(() => undefined)}>
                  打电话
                </BigButton>
              ) : null}
              <BigButton onClick={onClose}>关闭</BigButton>
            </View>
          </View>
        )}
      </View>
    </View>
  )
}
