import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { GENDER_LABELS, type HouseholdDetail, type HouseholdSummary } from '@linli/shared'
import { getHousehold, listHouseholds } from '../../../services/households'
import { errorMessage } from '../../../services/http'
import { Card, ChipGroup, EmptyState, ErrorState, Loading, Screen, StatusTag, TextInput } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import { usePaged } from '../shared/paged'
import { putPickedPerson } from '../shared/pick-store'
import { tagTone } from '../shared/tags'
import './index.css'

type Filter = 'elder' | 'all'

export default function PickPersonPage() {
  const { gridId = '' } = useParams()
  const [query, setQuery] = useState('')
  // Family invites are mostly for elderly people living alone: show them first.
  const [filter, setFilter] = useState<Filter>('elder')
  const current = useRef({ q: '', filter: 'elder' as Filter })
  const list = usePaged((cursor) =>
    listHouseholds(gridId, { q: current.current.q || undefined, tag: current.current.filter === 'elder' ? '独居老人' : undefined }, cursor, {
      toast: cursor !== null,
    }),
  )
  const [open, setOpen] = useState<string | null>(null)
  const [detail, setDetail] = useState<HouseholdDetail | null>(null)
  const [detailError, setDetailError] = useState<string | null>(null)

  useEffect(() => {
    void list.reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  useEffect(() => {
    if (query.trim() === current.current.q) return
    const timer = setTimeout(() => {
      current.current = { ...current.current, q: query.trim() }
      void list.reload()
    }, 400)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query])
  useReachBottom(() => {
    void list.loadMore()
  })

  async function toggle(h: HouseholdSummary) {
    if (open === h.id) {
      setOpen(null)
      return
    }
    setOpen(h.id)
    setDetail(null)
    setDetailError(null)
    try {
      setDetail(await getHousehold(h.id, { toast: false }))
    } catch (err) {
      setDetailError(errorMessage(err))
    }
  }

  function pick(h: HouseholdSummary, personId: string, name: string) {
    putPickedPerson({ id: personId, name, address: h.address })
    void Taro.navigateBack()
  }

  return (
    <Screen className='pick-person'>
      <PageHead title='选择关联的家人' subtitle='家属扫码后，会和这位家人关联' />
      <View className='pick-person__search'>
        <TextInput value={query} onInput={setQuery} placeholder='搜索门牌号，如 2单元301' maxlength={40} />
      </View>
      <View className='pick-person__filter'>
        <ChipGroup
          options={[
            { value: 'elder' as Filter, label: '独居老人', tone: 'care' as const },
            { value: 'all' as Filter, label: '全部住户' },
          ]}
          value={[filter]}
          onChange={(v) => {
            const next = v[0] ?? 'elder'
            setFilter(next)
            current.current = { ...current.current, filter: next }
            void list.reload()
          }}
        />
      </View>
      {!list.loaded ? (
        <Loading />
      ) : list.error !== null ? (
        <ErrorState message={list.error} onRetry={() => void list.reload()} retrying={list.loading} />
      ) : list.items.length === 0 ? (
        <EmptyState title='没有找到住户' description='换个门牌号试试，或点“全部住户”。' />
      ) : (
        list.items.map((h) => (
          <Card key={h.id} className='pick-household' onClick={() => void toggle(h)}>
            <View className='pick-household__head'>
              <Text className='pick-household__address'>{h.address}</Text>
              <Text className='pick-household__count'>{h.personCount} 人 {open === h.id ? '▲' : '▼'}</Text>
            </View>
            {open === h.id ? (
              <View className='pick-household__persons' onClick={(e) => e.stopPropagation()}>
                {detailError ? (
                  <View className='pick-household__error'>{detailError}</View>
                ) : !detail ? (
                  <View className='pick-household__loading'>正在加载…</View>
                ) : detail.persons.length === 0 ? (
                  <View className='pick-household__loading'>这一户还没有登记成员</View>
                ) : (
                  detail.persons.map((p) => (
                    <View key={p.id} className='pick-row' hoverClass='pick-row--pressed' onClick={() => pick(h, p.id, p.name)}>
                      <View className='pick-row__main'>
                        <Text className='pick-row__name'>{p.name}</Text>
                        <Text className='pick-row__facts'>
                          {[p.gender ? GENDER_LABELS[p.gender] : null, p.age !== null ? `${p.age}岁` : null].filter(Boolean).join(' · ')}
                        </Text>
                        {p.tags.map((t) => (
                          <StatusTag key={t} tone={tagTone(t)}>
                            {t}
                          </StatusTag>
                        ))}
                      </View>
                      <Text className='pick-row__choose'>选这位</Text>
                    </View>
                  ))
                )}
              </View>
            ) : null}
          </Card>
        ))
      )}
    </Screen>
  )
}
