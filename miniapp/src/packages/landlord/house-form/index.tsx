import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CreatePropertyRequest } from '@linli/shared'
import { createProperty } from '../../../services/tenancy'
import { errorMessage } from '../../../services/http'
import { useSession } from '../../../store/use-session'
import { LANDLORD_PAGES } from '../../../utils/nav'
import { scrollToFirstError, serverFieldErrors, validate, type FieldErrors } from '../../../utils/form'
import { BigButton, ChipGroup, EmptyState, Field, Notice, Screen, TextInput } from '../../../components'
import { PageHead } from '../shared/page-head'

/** "101 102, 201、202" → ['101', '102', '201', '202'] */
function splitRooms(text: string): string[] {
  return text.split(/[\s,，、;；]+/).map((r) => r.trim()).filter(Boolean)
}

export default function HouseFormPage() {
  const { me } = useSession()
  // where the landlord may put a house: the micro-grids they are a landlord member of
  const grids = (me?.memberships ?? []).filter((m) => m.role === 'landlord' && m.status === 'active' && m.node.kind !== 'rental_group').map((m) => m.node)
  const [gridId, setGridId] = useState(grids.length === 1 ? grids[0]!.id : '')
  const [address, setAddress] = useState('')
  const [rooms, setRooms] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function save() {
    if (busy) return
    setProblem(null)
    const checked = validate(CreatePropertyRequest.safeParse({ gridId, address, rooms: splitRooms(rooms) }))
    if (!checked.ok) {
      setErrors({ ...checked.errors, gridId: checked.errors.gridId ? '请选择出租房所在的微网格' : '' })
      scrollToFirstError()
      return
    }
    setErrors({})
    setBusy(true)
    try {
      const made = await createProperty(checked.data, { toast: false })
      void Taro.showToast({ title: '出租房已登记', icon: 'success' })
      setTimeout(() => void Taro.redirectTo({ url: `${LANDLORD_PAGES.house}?id=${made.id}&name=${encodeURIComponent(checked.data.address)}` }), 800)
    } catch (err) {
      const fields = serverFieldErrors(err)
      if (Object.keys(fields).length > 0) setErrors(fields)
      else setProblem(errorMessage(err))
      setBusy(false)
    }
  }

  if (grids.length === 0) {
    return (
      <Screen className='house-form'>
        <PageHead title='登记出租房' />
        <EmptyState title='你还不是房东' description='请先扫描社区给房东的二维码，加入出租房所在的微网格，再来登记。' />
      </Screen>
    )
  }

  return (
    <Screen className='house-form'>
      <PageHead title='登记出租房' subtitle='每套出租房是一个“五级微网格”，你是它的网格长' />
      {problem ? <Notice tone='warn'>{problem}</Notice> : null}
      {grids.length > 1 ? (
        <Field label='所在微网格' required error={errors.gridId}>
          <ChipGroup options={grids.map((g) => ({ value: g.id, label: g.name }))} value={gridId ? [gridId] : []} onChange={(v) => setGridId(v[0] ?? '')} />
        </Field>
      ) : (
        <View className='field'>
          <View className='field__label'>所在微网格</View>
          <View className='field__hint'>{grids[0]!.name}</View>
        </View>
      )}
      <Field label='地址' required error={errors.address} hint='门牌号就好，如 金钱寺路20号'>
        <TextInput value={address} onInput={setAddress} placeholder='如 金钱寺路20号' maxlength={40} invalid={Boolean(errors.address)} />
      </Field>
      <Field label='房间号' required error={errors.rooms} hint='用空格或逗号隔开，如 101 102 201 202'>
        <TextInput value={rooms} onInput={setRooms} placeholder='101 102 201 202' maxlength={400} invalid={Boolean(errors.rooms)} />
      </Field>
      <View className='form-actions'>
        <BigButton onClick={() => void save()} loading={busy} loadingText='正在登记…'>
          登记
        </BigButton>
      </View>
    </Screen>
  )
}
