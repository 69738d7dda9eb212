import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CreateHouseholdRequest, OCCUPANCIES, OCCUPANCY_LABELS, type Occupancy } from '@linli/shared'
import { createHousehold } from '../../../services/households'
import { ApiError, errorMessage } from '../../../services/http'
import { HEAD_PAGES, pageUrl } from '../../../utils/nav'
import { serverFieldErrors, validate, type FieldErrors } from '../../../utils/form'
import { BigButton, ChipGroup, Field, Notice, Screen, TextInput } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'

export default function HouseholdFormPage() {
  const { gridId = '', name: gridName = '' } = useParams()
  const [building, setBuilding] = useState('')
  const [unit, setUnit] = useState('')
  const [room, setRoom] = useState('')
  const [occupancy, setOccupancy] = useState<Occupancy>('owner_occupied')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function save() {
    const checked = validate(CreateHouseholdRequest.safeParse({ building, unit, room, occupancy }))
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    setProblem(null)
    setBusy(true)
    try {
      const household = await createHousehold(gridId, checked.data, { toast: false })
      void Taro.showToast({ title: `已登记 ${household.address}`, icon: 'none' })
      // Next: the household itself, to add the people who live there.
      void Taro.redirectTo({ url: pageUrl(HEAD_PAGES.household, { id: household.id }) })
    } catch (err) {
      if (err instanceof ApiError && err.code === 'HOUSEHOLD_EXISTS') setErrors({ room: err.message })
      else {
        const fields = serverFieldErrors(err)
        if (Object.keys(fields).length > 0) setErrors(fields)
        else setProblem(errorMessage(err))
      }
      setBusy(false)
    }
  }

  return (
    <Screen className='household-form'>
      <PageHead title='登记住户' subtitle={gridName} />
      {problem ? <Notice tone='warn'>{problem}</Notice> : null}
      <Field label='楼栋' error={errors.building} hint='和已登记住户的写法保持一致，如：西29'>
        <TextInput value={building} onInput={setBuilding} placeholder='如：29栋' maxlength={20} invalid={Boolean(errors.building)} />
      </Field>
      <Field label='单元' error={errors.unit}>
        <TextInput value={unit} onInput={setUnit} placeholder='如：2单元' maxlength={20} invalid={Boolean(errors.unit)} />
      </Field>
      <Field label='门牌号' required error={errors.room}>
        <TextInput value={room} onInput={setRoom} placeholder='如：301' maxlength={20} invalid={Boolean(errors.room)} />
      </Field>
      <Field label='居住类型' required error={errors.occupancy}>
        <ChipGroup
          options={OCCUPANCIES.map((o) => ({ value: o, label: OCCUPANCY_LABELS[o] }))}
          value={[occupancy]}
          onChange={(v) => setOccupancy(v[0] ?? 'owner_occupied')}
        />
      </Field>
      <View className='form-actions'>
        <BigButton onClick={() => void save()} loading={busy} loadingText='正在保存…'>
          保存，下一步添加成员
        </BigButton>
      </View>
    </Screen>
  )
}
