import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { GENDER_LABELS, UpdatePersonRequest, type PersonDto, formatGridPath } from '@linli/shared'
import { getHousehold, updatePerson } from '../../../services/households'
import { errorMessage } from '../../../services/http'
import { safeDecode } from '../../../utils/nav'
import { useRemote } from '../../../utils/use-remote'
import { optional, serverFieldErrors, validate, type FieldErrors } from '../../../utils/form'
import { BigButton, Card, ErrorState, Field, Loading, Notice, Screen, StatusTag, TextInput } from '../../../components'
import './index.css'

function facts(p: PersonDto): string {
  return [p.gender ? GENDER_LABELS[p.gender] : null, p.age !== null ? `${p.age}岁` : null, p.relation].filter(Boolean).join(' · ')
}

/** A resident's own household: who is registered there, and their own record to keep up to date. */
export default function MyHomePage() {
  const { params } = useRouter()
  const householdId = safeDecode(params.id ?? '')
  const personId = safeDecode(params.personId ?? '')
  const { data: detail, error, loading, load } = useRemote((options) => getHousehold(householdId, options))
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saved, setSaved] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const me = detail?.persons.find((p) => p.id === personId) ?? null
  const others = detail?.persons.filter((p) => p.id !== personId) ?? []

  function startEdit(p: PersonDto) {
    setName(p.name)
    setPhone('')
    setErrors({})
    setSaved(null)
    setEditing(true)
  }

  async function save(p: PersonDto) {
    const body: Record<string, unknown> = {}
    if (name.trim() !== p.name) body.name = name
    if (optional(phone)) body.phone = optional(phone)
    const checked = validate(UpdatePersonRequest.safeParse(body))
    if (!checked.ok) {
      if (checked.errors['']) {
        // Nothing changed: nothing to send.
        setEditing(false)
        return
      }
      setErrors(checked.errors)
      return
    }
    setBusy(true)
    try {
      await updatePerson(p.id, checked.data, { toast: false })
      setEditing(false)
      setSaved('已保存。网格长会看到你更新后的信息。')
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
      await load()
    } catch (err) {
      const fields = serverFieldErrors(err)
      setErrors(Object.keys(fields).length > 0 ? fields : { name: errorMessage(err) })
    } finally {
      setBusy(false)
    }
  }

  if (detail === null) {
    return (
      <Screen className='my-home'>
        {error !== null ? <ErrorState message={error} onRetry={() => void load()} retrying={loading} /> : <Loading />}
      </Screen>
    )
  }

  const { household, path } = detail

  return (
    <Screen className='my-home'>
      <Card className='my-home__head'>
        <View className='my-home__label'>我的家</View>
        <View className='my-home__address'>{household.address}</View>
        <View className='my-home__path'>{formatGridPath(path)}</View>
      </Card>

      {saved ? <Notice tone='done'>{saved}</Notice> : null}

      {me ? (
        <View>
          <View className='section-title'>
            <Text>我的信息</Text>
          </View>
          <Card className='my-card'>
            {editing ? (
              <View>
                <Field label='姓名' required error={errors.name}>
                  <TextInput large value={name} onInput={setName} placeholder='请填写真实姓名' maxlength={30} invalid={Boolean(errors.name)} />
                </Field>
                <Field
                  label='手机号'
                  error={errors.phone}
                  hint={me.phone ? `现在登记的是 ${me.phone}。不修改请留空。` : '方便网格长联系你'}
                >
                  <TextInput large type='phone' value={phone} onInput={setPhone} placeholder='11 位手机号' maxlength={20} invalid={Boolean(errors.phone)} />
                </Field>
                <View className='my-card__buttons'>
                  <BigButton variant='secondary' onClick={() => setEditing(false)}>
                    取消
                  </BigButton>
                  <BigButton onClick={() => void save(me)} loading={busy} loadingText='正在保存…'>
                    保存
                  </BigButton>
                </View>
              </View>
            ) : (
              <View>
                <View className='my-card__name'>{me.name}</View>
                {facts(me) ? <View className='my-card__facts'>{facts(me)}</View> : null}
                <View className='my-card__row'>
                  <Text className='my-card__row-label'>手机</Text>
                  <Text>{me.phone ?? '未登记'}</Text>
                </View>
                <View className='my-card__edit'>
                  <BigButton variant='secondary' onClick={() => startEdit(me)}>
                    修改我的信息
                  </BigButton>
                </View>
              </View>
            )}
          </Card>
        </View>
      ) : null}

      <View className='section-title'>
        <Text>家里登记的人</Text>
        <Text className='section-title__extra'>共 {detail.persons.length} 人</Text>
      </View>
      {others.length === 0 ? (
        <View className='my-home__none'>除了你，这一户还没有登记其他人。如需添加家人，请联系网格长。</View>
      ) : (
        <View className='list-group'>
          {others.map((p) => (
            <View key={p.id} className='member-row'>
              <View className='member-row__main'>
                <Text className='member-row__name'>{p.name}</Text>
                <Text className='member-row__facts'>{facts(p)}</Text>
              </View>
              {p.joined ? <StatusTag tone='primary'>已加入</StatusTag> : null}
            </View>
          ))}
        </View>
      )}
      <View className='my-home__privacy'>手机号、身份证号加密保存，这里只显示一部分。信息有误请联系网格长更正。</View>
    </Screen>
  )
}
