import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { OCCUPANCY_LABELS, type HouseholdSummary, type PersonTag } from '@linli/shared'
import { listHouseholds } from '../../../services/households'
import { HEAD_PAGES, openPage } from '../../../utils/nav'
import { BigButton, Card, ChipGroup, EmptyState, ErrorState, Loading, Screen, StatusTag, TextInput } from '../../../components'
import { PageHead } from '../shared/page-head'
import { useParams } from '../shared/params'
import { usePaged } from '../shared/paged'
import { FILTER_TAGS, tagTone } from '../shared/tags'
import './index.css'

type TagFilter = PersonTag | 'all'

const FILTER_CHIPS = [
  { value: 'all' as TagFilter, label: '全部' },
  ...FILTER_TAGS.map((t) => ({ value: t as TagFilter, label: t, tone: t === '独居老人' ? ('care' as const) : undefined })),
]

function HouseholdCard({ household, onOpen }: { household: HouseholdSummary; onOpen: () => void }) {
  const alone = household.tags.includes('独居老人')
  return (
    <Card className={alone ? 'household-card household-card--care' : 'household-card'} onClick={onOpen}>
      <View className='household-card__top'>
        <View className='household-card__address'>{household.address}</View>
        <Text className='household-card__arrow'>›</Text>
      </View>
      <View className='household-card__counts'>
        <Text className='household-card__count'>{household.personCount}</Text> 人
        <Text className='household-card__sep'>·</Text>
        已加入 <Text className='household-card__count'>{household.joinedCount}</Text> 人
        <Text className='household-card__sep'>·</Text>
        {OCCUPANCY_LABELS[household.occupancy]}
      </View>
      {household.tags.length > 0 ? (
        <View className='household-card__tags'>
          {household.tags.map((t) => (
            <StatusTag key={t} tone={tagTone(t)}>
              {t}
            </StatusTag>
          ))}
        </View>
      ) : null}
    </Card>
  )
}

export default function HouseholdsPage() {
  const { gridId = '', name: gridName = '' } = useParams()
  const [query, setQuery] = useState('')
  const [tag, setTag] = useState<TagFilter>('all')
  // The filter the list was loaded with (the typed query applies after a short pause).
  const filter = useRef({ q: '', tag: 'all' as TagFilter })
  const list = usePaged((cursor) =>
    listHouseholds(
      gridId,
      { q: filter.current.q || undefined, tag: filter.current.tag === 'all' ? undefined : filter.current.tag },
      cursor,
      { toast: cursor !== null },
    ),
  )
  useDidShow(() => {
    // Also on coming back from a household or a form: show what changed.
    void list.reload()
  })
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void list.loadMore()
  })

  useEffect(() => {
    if (query.trim() === filter.current.q) return
    const timer = setTimeout(() => {
      filter.current = { ...filter.current, q: query.trim() }
      void list.reload()
    }, 400)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query])

  function chooseTag(next: TagFilter) {
    setTag(next)
    filter.current = { ...filter.current, tag: next }
    void list.reload()
  }

  const filtered = filter.current.q !== '' || filter.current.tag !== 'all'

  return (
    <Screen className='households'>
      <PageHead title='住户登记' subtitle={gridName} />

      <View className='households__actions'>
        <BigButton onClick={() => openPage(HEAD_PAGES.householdForm, { gridId, name: gridName })}>登记住户</BigButton>
        <BigButton variant='secondary' onClick={() => openPage(HEAD_PAGES.import, { gridId, name: gridName })}>
          导入 Excel 名册
        </BigButton>
      </View>

      <View className='households__search'>
        <TextInput value={query} onInput={setQuery} placeholder='搜索门牌号，如 2单元301' maxlength={40} />
      </View>
      <View className='households__filter'>
        <ChipGroup options={FILTER_CHIPS} value={[tag]} onChange={(v) => chooseTag(v[0] ?? 'all')} />
      </View>

      {!list.loaded ? (
        <Loading />
      ) : list.error !== null ? (
        <ErrorState message={list.error} onRetry={() => void list.reload()} retrying={list.loading} />
      ) : list.items.length === 0 ? (
        filtered ? (
          <EmptyState title='没有找到符合条件的住户' description='换个门牌号或标签试试，或点“全部”看所有住户。' />
        ) : (
          <EmptyState
            title='还没有登记住户'
            description='点上面的“登记住户”一户一户添加；已有 Excel 名册的，用“导入 Excel 名册”一次导入。'
          />
        )
      ) : (
        <View>
          {list.items.map((h) => (
            <HouseholdCard key={h.id} household={h} onOpen={() => openPage(HEAD_PAGES.household, { id: h.id })} />
          ))}
          <View className='list-footer'>{list.hasMore ? (list.loading ? '正在加载…' : '上滑加载更多') : `共 ${list.items.length} 户`}</View>
        </View>
      )}
    </Screen>
  )
}
