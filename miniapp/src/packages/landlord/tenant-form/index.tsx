import { useEffect, useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  CreateTenancyRequest,
  GENDER_LABELS,
  checkIdNumber,
  tenantFieldProblems,
  tenantFieldProblemsAsTyped,
} from '@linli/shared'
import { listProperties, registerTenancy } from '../../../services/tenancy'
import { errorMessage } from '../../../services/http'
import { goBack } from '../../../utils/nav'
import { optional, scrollToFirstError, serverFieldErrors, validate, type FieldErrors } from '../../../utils/form'
import { BigButton, ChipGroup, Field, Notice, Screen, TextInput } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import { todayDate } from '../shared/tenancy-labels'
import './index.css'

/**
 * The registration form. The ID number and phone are checked as they are typed, by the same
 * shared check the server runs: a wrong check character shows at the 18th character, an unknown
 * region at the 6th, an impossible birth date at the 14th. Gender, birth date and home region are
 * read from the ID number, never typed. `self=1`: a tenant registering themself (the landlord confirms).
 */
export default function TenantFormPage() {
  const { propertyId = '', name: houseName = '', self } = useParams()
  const selfMode = self === '1'
  const [rooms, setRooms] = useState<string[]>([])
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [phone, setPhone] = useState('')
  const [room, setRoom] = useState('')
  const [moveInDate, setMoveInDate] = useState(todayDate())
  const [expected, setExpected] = useState('')
  const [employer, setEmployer] = useState('')
  const [coResidents, setCoResidents] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (selfMode) return
    listProperties({ toast: false }).then(
      (r) => setRooms(r.items.find((h) => h.id === propertyId)?.rooms ?? []),
      () => undefined,
    )
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const live = tenantFieldProblemsAsTyped({ idNumber, phone })
  const idCheck = checkIdNumber(idNumber)
  const derived = idCheck.ok ? idCheck : null

  function body() {
    return {
      tenant: { name, idNumber, phone, employer: optional(employer) },
      room: room.trim(),
      moveInDate,
      expectedMoveOutDate: expected || undefined,
      coResidents: coResidents.split(/[\s,，、]+/).map((n) => n.trim()).filter(Boolean).map((n) => ({ name: n })),
    }
  }

  async function save() {
    if (busy) return
    setProblem(null)
    const raw = body()
    const checked = validate(CreateTenancyRequest.safeParse(raw))
    const fieldErrors: FieldErrors = checked.ok ? {} : { ...checked.errors }
    for (const p of tenantFieldProblems(raw.tenant)) fieldErrors[p.field] ??= p.message
    if (!checked.ok || Object.keys(fieldErrors).length > 0) {
      setErrors(fieldErrors)
      scrollToFirstError()
      return
    }
    setErrors({})
    setBusy(true)
    try {
      const made = await registerTenancy(propertyId, checked.data, { toast: false })
      void Taro.showToast({ title: made.status === 'pending' ? '已提交，等房东确认' : `已登记 ${made.tenant.name}`, icon: 'success' })
      setTimeout(goBack, 900)
    } catch (err) {
      const fields = serverFieldErrors(err)
      if (Object.keys(fields).length > 0) {
        setErrors(fields)
        scrollToFirstError()
      } else {
        setProblem(errorMessage(err))
        void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
      }
      setBusy(false)
    }
  }

  const idError = errors['tenant.idNumber'] || live['tenant.idNumber']
  const phoneError = errors['tenant.phone'] || live['tenant.phone']

  return (
    <Screen className='tenant-form'>
      <PageHead title={selfMode ? '登记我的租住信息' : '登记租客'} subtitle={houseName} />
      {selfMode ? <Notice tone='info'>提交后由房东确认。你的身份证号和手机号加密保存，只有房东和社区工作人员能看到打码后的号码。</Notice> : null}
      {problem ? <Notice tone='warn'>{problem}</Notice> : null}

      <Field label='姓名' required error={errors['tenant.name']}>
        <TextInput value={name} onInput={setName} placeholder='和身份证上一致' maxlength={30} invalid={Boolean(errors['tenant.name'])} />
      </Field>

      <Field label='身份证号' required error={idError} hint='输入时自动核对；性别、出生日期、户籍地自动识别'>
        <TextInput
          type='idcard'
          value={idNumber}
          onInput={(v) => {
            setIdNumber(v)
            setErrors((e) => ({ ...e, 'tenant.idNumber': '' }))
          }}
          placeholder='18 位身份证号'
          maxlength={22}
          invalid={Boolean(idError)}
        />
      </Field>

      {derived ? (
        <View className='derived'>
          <View className='derived__title'>从身份证号识别</View>
          <View className='derived__row'>
            性别：<Text className='derived__value'>{GENDER_LABELS[derived.gender]}</Text>　出生：<Text className='derived__value'>{derived.birthDate}</Text>
          </View>
          <View className='derived__row'>
            户籍地：<Text className='derived__value'>{derived.region}</Text>
          </View>
        </View>
      ) : null}

      <Field label='手机号' required error={phoneError}>
        <TextInput
          type='phone'
          value={phone}
          onInput={(v) => {
            setPhone(v)
            setErrors((e) => ({ ...e, 'tenant.phone': '' }))
          }}
          placeholder='11 位手机号'
          maxlength={20}
          invalid={Boolean(phoneError)}
        />
      </Field>

      <Field label='房间' required error={errors.room}>
        {rooms.length ? (
          <ChipGroup options={rooms.map((r) => ({ value: r, label: r }))} value={room ? [room] : []} onChange={(v) => setRoom(v[0] ?? '')} />
        ) : (
          <TextInput value={room} onInput={setRoom} placeholder='房间号，如 101' maxlength={20} invalid={Boolean(errors.room)} />
        )}
      </Field>

      <Field label='入住日期' required error={errors.moveInDate}>
        <Picker mode='date' value={moveInDate} start='2000-01-01' end='2099-12-31' onChange={(e) => setMoveInDate(String(e.detail.value))}>
          <View className='picker-box'>
            <Text>{moveInDate}</Text>
            <Text>›</Text>
          </View>
        </Picker>
      </Field>

      <Field label='预计搬离日期' error={errors.expectedMoveOutDate} hint='到期还没搬离的，社区名册里会提醒'>
        <Picker mode='date' value={expected || moveInDate} start={moveInDate} end='2099-12-31' onChange={(e) => setExpected(String(e.detail.value))}>
          <View className={expected ? 'picker-box' : 'picker-box picker-box--empty'}>
            <Text>{expected || '点这里选择'}</Text>
            <Text>›</Text>
          </View>
        </Picker>
      </Field>

      <Field label='工作单位' error={errors['tenant.employer']}>
        <TextInput value={employer} onInput={setEmployer} placeholder='如 开发区电子厂' maxlength={40} />
      </Field>

      <Field label='同住人' error={errors.coResidents} hint='姓名用空格隔开，如 李雷 李小雷'>
        <TextInput value={coResidents} onInput={setCoResidents} placeholder='没有可不填' maxlength={100} />
      </Field>

      <View className='form-actions'>
        <BigButton onClick={() => void save()} loading={busy} loadingText='正在提交…'>
          {selfMode ? '提交给房东确认' : '登记'}
        </BigButton>
      </View>
    </Screen>
  )
}
