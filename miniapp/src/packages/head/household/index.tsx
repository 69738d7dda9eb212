import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { GENDER_LABELS, OCCUPANCY_LABELS, type PersonDto, formatGridPath } from '@linli/shared'
import { getHousehold } from '../../../services/households'
import { HEAD_PAGES, openPage } from '../../../utils/nav'
import { useRemote } from '../../../utils/use-remote'
import { BigButton, Card, EmptyState, ErrorState, Loading, Screen, StatusTag } from '../../../components'
import { useParams } from '../shared/params'
import { SmallButton } from '../shared/small-button'
import { tagTone } from '../shared/tags'
import { RevealSheet, type RevealField } from './reveal-sheet'
import './index.css'

function personFacts(p: PersonDto): string {
  return [p.gender ? GENDER_LABELS[p.gender] : null, p.age !== null ? `${p.age}岁` : null, p.relation].filter(Boolean).join(' · ')
}

export default function HouseholdPage() {
  const { id = '' } = useParams()
  const { data: detail, error, loading, load } = useRemote((options) => getHousehold(id, options))
  const [reveal, setReveal] = useState<{ person: PersonDto; field: RevealField } | null>(null)

  if (detail === null) {
    return (
      <Screen className='household'>
        {error !== null ? <ErrorState message={error} onRetry={() => void load()} retrying={loading} /> : <Loading />}
      </Screen>
    )
  }

  const { household, path, persons, canEdit, canReveal } = detail

  function protectedRow(p: PersonDto, field: RevealField, label: string, masked: string | null) {
    return (
      <View className='person__row'>
        <Text className='person__row-label'>{label}</Text>
        <Text className='person__row-value'>{masked ?? '未登记'}</Text>
        {masked && canReveal ? (
          <SmallButton onClick={() => setReveal({ person: p, field })}>查看完整号码</SmallButton>
        ) : null}
      </View>
    )
  }

  return (
    <Screen className='household'>
      <Card className='household-head'>
        <View className='household-head__address'>{household.address}</View>
        <View className='household-head__path'>{formatGridPath(path)}</View>
        <View className='household-head__facts'>
          <StatusTag tone='neutral'>{OCCUPANCY_LABELS[household.occupancy]}</StatusTag>
          <Text className='household-head__counts'>
            {household.personCount} 人 · 已加入 {household.joinedCount} 人
          </Text>
        </View>
      </Card>

      <View className='section-title'>
        <Text>家庭成员</Text>
        {canEdit ? (
          <SmallButton primary onClick={() => openPage(HEAD_PAGES.personForm, { householdId: household.id, address: household.address })}>
            添加成员
          </SmallButton>
        ) : null}
      </View>

      {persons.length === 0 ? (
        <EmptyState
          title='还没有登记家庭成员'
          description='点“添加成员”登记住在这里的人。'
          action={canEdit ? { label: '添加成员', onClick: () => openPage(HEAD_PAGES.personForm, { householdId: household.id, address: household.address }) } : undefined}
        />
      ) : (
        persons.map((p) => {
          const care = p.tags.includes('独居老人')
          return (
            <Card key={p.id} className={care ? 'person person--care' : 'person'}>
              <View className='person__head'>
                <View className='person__name'>{p.name}</View>
                {p.joined ? <StatusTag tone='primary'>已加入</StatusTag> : <StatusTag tone='neutral'>未加入</StatusTag>}
              </View>
              {personFacts(p) ? <View className='person__facts'>{personFacts(p)}</View> : null}
              {p.tags.length > 0 ? (
                <View className='person__tags'>
                  {p.tags.map((t) => (
                    <StatusTag key={t} tone={tagTone(t)}>
                      {t}
                    </StatusTag>
                  ))}
                </View>
              ) : null}
              {protectedRow(p, 'phone', '手机', p.phone)}
              {protectedRow(p, 'idNumber', '身份证', p.idNumber)}
              {canEdit ? (
                <View className='person__edit'>
                  <BigButton variant='secondary' onClick={() => openPage(HEAD_PAGES.personForm, { id: p.id, householdId: household.id, address: household.address })}>
                    编辑 {p.name} 的信息
                  </BigButton>
                </View>
              ) : null}
            </Card>
          )
        })
      )}

      {reveal ? <RevealSheet person={reveal.person} field={reveal.field} onClose={() => setReveal(null)} /> : null}
    </Screen>
  )
}
