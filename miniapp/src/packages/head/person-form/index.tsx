import { useEffect, useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  CreatePersonRequest,
  GENDERS,
  GENDER_LABELS,
  RELATIONS,
  UpdatePersonRequest,
  checkIdNumber,
  type Gender,
  type PersonDto,
  type PersonTag,
} from '@linli/shared'
import { addPerson, getPerson, updatePerson } from '../../../services/households'
import { errorMessage } from '../../../services/http'
import { goBack } from '../../../utils/nav'
import { optional, scrollToFirstError, serverFieldErrors, validate, type FieldErrors } from '../../../utils/form'
import { BigButton, ChipGroup, ErrorState, Field, Loading, Notice, Screen, TextInput } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import { TAG_CHIPS } from '../shared/tags'
import './index.css'

type Relation = (typeof RELATIONS)[number]

function today(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t) => b.includes(t))
}

export default function PersonFormPage() {
  const { id, householdId = '', address = '' } = useParams()
  const editing = Boolean(id)
  const [original, setOriginal] = useState<PersonDto | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [idTouched, setIdTouched] = useState(false)
  const [gender, setGender] = useState<Gender | ''>('')
  const [birthDate, setBirthDate] = useState('')
  const [relation, setRelation] = useState<Relation | ''>('')
  const [phone, setPhone] = useState('')
  const [clearPhone, setClearPhone] = useState(false)
  const [clearId, setClearId] = useState(false)
  const [tags, setTags] = useState<PersonTag[]>([])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function load() {
    if (!id) return
    setLoadError(null)
    try {
      const p = await getPerson(id, { toast: false })
      setOriginal(p)
      setName(p.name)
      setGender(p.gender ?? '')
      setBirthDate(p.birthDate ?? '')
      setRelation((RELATIONS as readonly string[]).includes(p.relation ?? '') ? (p.relation as Relation) : '')
      setTags(p.tags)
    } catch (err) {
      setLoadError(errorMessage(err))
    }
  }

  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // An ID number says gender and birth date: derived, shown, not asked.
  const idCheck = idNumber.trim() ? checkIdNumber(idNumber) : null
  const derived = idCheck?.ok ? idCheck : null
  const idLive = idCheck && !idCheck.ok && (idTouched || idNumber.replace(/\s/g, '').length >= 18) ? idCheck.message : undefined

  function buildCreate() {
    return {
      name,
      gender: derived?.gender ?? (gender || undefined),
      birthDate: derived?.birthDate ?? (birthDate || undefined),
      relation: relation || undefined,
      phone: optional(phone),
      idNumber: optional(idNumber),
      tags,
    }
  }

  function buildUpdate(o: PersonDto): Record<string, unknown> {
    const diff: Record<string, unknown> = {}
    if (name.trim() !== o.name) diff.name = name
    const g = derived?.gender ?? (gender || null)
    if (g !== o.gender) diff.gender = g
    const b = derived?.birthDate ?? (birthDate || null)
    if (b !== o.birthDate) diff.birthDate = b
    const r = relation || null
    if (r !== o.relation && !(r === null && !(RELATIONS as readonly string[]).includes(o.relation ?? ''))) diff.relation = r
    if (optional(phone)) diff.phone = optional(phone)
    else if (clearPhone) diff.phone = null
    if (optional(idNumber)) diff.idNumber = optional(idNumber)
    else if (clearId) diff.idNumber = null
    if (!sameTags(tags, o.tags)) diff.tags = tags
    return diff
  }

  async function save() {
    if (busy) return
    setProblem(null)
    setIdTouched(true)
    let body: CreatePersonRequest | UpdatePersonRequest
    if (editing) {
      if (!original) return
      const checked = validate(UpdatePersonRequest.safeParse(buildUpdate(original)))
      if (!checked.ok) {
        setErrors(checked.errors)
        if (checked.errors['']) {
          setProblem(checked.errors[''])
          void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
        } else scrollToFirstError()
        return
      }
      body = checked.data
    } else {
      const checked = validate(CreatePersonRequest.safeParse(buildCreate()))
      if (!checked.ok) {
        setErrors(checked.errors)
        scrollToFirstError()
        return
      }
      body = checked.data
    }
    setErrors({})
    setBusy(true)
    try {
      if (editing && id) await updatePerson(id, body as UpdatePersonRequest, { toast: false })
      else await addPerson(householdId, body as CreatePersonRequest, { toast: false })
      void Taro.showToast({ title: editing ? '已保存修改' : `已添加 ${name.trim()}`, icon: 'success' })
      setTimeout(goBack, 800)
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

  if (editing && !original) {
    return (
      <Screen className='person-form'>
        {loadError ? <ErrorState message={loadError} onRetry={() => void load()} /> : <Loading />}
      </Screen>
    )
  }

  return (
    <Screen className='person-form'>
      <PageHead title={editing ? `编辑 ${original?.name ?? ''}` : '添加家庭成员'} subtitle={address} />
      {problem ? <Notice tone='warn'>{problem}</Notice> : null}

      <Field label='姓名' required error={errors.name}>
        <TextInput value={name} onInput={setName} placeholder='请填写真实姓名' maxlength={30} invalid={Boolean(errors.name)} />
      </Field>

      <Field
        label='身份证号'
        error={errors.idNumber || idLive}
        hint={
          original?.idNumber && !clearId
            ? `已登记：${original.idNumber}。不修改请留空。`
            : '填写后，性别和出生日期会自动识别'
        }
      >
        <TextInput
          type='idcard'
          value={idNumber}
          onInput={(v) => {
            setIdNumber(v)
            setErrors((e) => ({ ...e, idNumber: '' }))
          }}
          onBlur={() => setIdTouched(true)}
          placeholder={original?.idNumber ? '输入新的身份证号' : '18 位身份证号'}
          maxlength={20}
          invalid={Boolean(errors.idNumber || idLive)}
        />
        {original?.idNumber && !idNumber ? (
          <Text className='link-button' onClick={() => setClearId(!clearId)}>
            {clearId ? '保留已登记的身份证号' : '删除已登记的身份证号'}
          </Text>
        ) : null}
      </Field>

      {derived ? (
        <View className='derived'>
          <View className='derived__title'>从身份证号识别</View>
          <View className='derived__row'>
            性别：<Text className='derived__value'>{GENDER_LABELS[derived.gender]}</Text>
          </View>
          <View className='derived__row'>
            出生日期：<Text className='derived__value'>{derived.birthDate}</Text>
          </View>
          <View className='derived__row'>
            户籍地：<Text className='derived__value'>{derived.region}</Text>
          </View>
        </View>
      ) : (
        <View>
          <Field label='性别' error={errors.gender}>
            <ChipGroup
              options={GENDERS.map((g) => ({ value: g, label: GENDER_LABELS[g] }))}
              value={gender ? [gender] : []}
              onChange={(v) => setGender(v[0] ?? '')}
              allowEmpty
            />
          </Field>
          <Field label='出生日期' error={errors.birthDate}>
            <Picker mode='date' value={birthDate || '1950-01-01'} start='1900-01-01' end={today()} onChange={(e) => setBirthDate(String(e.detail.value))}>
              <View className={birthDate ? 'picker-box' : 'picker-box picker-box--empty'}>
                <Text>{birthDate || '点这里选择'}</Text>
                <Text>›</Text>
              </View>
            </Picker>
          </Field>
        </View>
      )}

      <Field label='与户主关系' error={errors.relation}>
        <ChipGroup options={RELATIONS.map((r) => ({ value: r, label: r }))} value={relation ? [relation] : []} onChange={(v) => setRelation(v[0] ?? '')} allowEmpty />
      </Field>

      <Field
        label='手机号'
        error={errors.phone}
        hint={original?.phone && !clearPhone ? `已登记：${original.phone}。不修改请留空。` : '加密保存，只有网格工作人员能看到'}
      >
        <TextInput type='phone' value={phone} onInput={setPhone} placeholder={original?.phone ? '输入新的手机号' : '11 位手机号'} maxlength={20} invalid={Boolean(errors.phone)} />
        {original?.phone && !phone ? (
          <Text className='link-button' onClick={() => setClearPhone(!clearPhone)}>
            {clearPhone ? '保留已登记的手机号' : '删除已登记的手机号'}
          </Text>
        ) : null}
      </Field>

      <Field label='标签' error={errors.tags} hint='可多选。独居老人、空巢老人会在住户列表里突出显示。'>
        <ChipGroup options={TAG_CHIPS} value={tags} onChange={setTags} multiple />
      </Field>

      <View className='form-actions'>
        <BigButton onClick={() => void save()} loading={busy} loadingText='正在保存…'>
          保存
        </BigButton>
      </View>
    </Screen>
  )
}
