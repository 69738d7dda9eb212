import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { MyMembership, ReportSummary } from '@linli/shared'
import { me as fetchMe } from '../../services/auth'
import { errorMessage } from '../../services/http'
import { hasDraft } from '../../services/report-draft-store'
import { listReports, type ReportsView } from '../../services/reports'
import { isLoggedIn, setMe } from '../../store/session'
import { useSession } from '../../store/use-session'
import { usePaged } from '../../utils/use-paged'
import { REPORT_PAGES, goLogin, openPage } from '../../utils/nav'
import { BigButton, ChipGroup, EmptyState, ErrorState, Loading, Notice, Screen } from '../../components'
import { ReportCard } from './report-card'
import './index.css'

interface Segment {
  view: ReportsView
  label: string
}

/** The grids whose reports a member may read: active memberships, each node once. */
function memberGrids(memberships: readonly MyMembership[]): { id: string; name: string }[] {
  const seen = new Set<string>()
  const out: { id: string; name: string }[] = []
  for (const m of memberships) {
    if (m.status !== 'active' || seen.has(m.node.id)) continue
    seen.add(m.node.id)
    out.push({ id: m.node.id, name: m.node.name })
  }
  return out
}

const EMPTY_TEXT: Record<ReportsView, { title: string; description: string }> = {
  handling: { title: '没有等你处理的上报', description: '居民上报的问题交到你这里时，会按期限先后排在这里。' },
  mine: { title: '你还没有上报过问题', description: '看到垃圾乱倒、设施损坏、安全隐患，点上面的“我要上报”，拍张照片就行。' },
  grid: { title: '这个网格还没有公开的上报', description: '邻居们上报的问题和处理结果会显示在这里。' },
}

export default function ReportsPage() {
  const { me, user } = useSession()
  const [meError, setMeError] = useState<string | null>(null)
  const [meLoading, setMeLoading] = useState(false)
  const memberships = me?.memberships ?? []
  const isHandler = memberships.some((m) => m.status === 'active' && m.isStaff)
  const grids = memberGrids(memberships)

  const segments: Segment[] = [
    ...(isHandler ? [{ view: 'handling' as const, label: '待我处理' }] : []),
    { view: 'mine', label: '我的上报' },
    { view: 'grid', label: '本网格' },
  ]
  const [chosenView, setChosenView] = useState<ReportsView | null>(null)
  const view: ReportsView = chosenView && segments.some((s) => s.view === chosenView) ? chosenView : isHandler ? 'handling' : 'mine'
  const [chosenGrid, setChosenGrid] = useState<string | null>(null)
  const gridId = chosenGrid && grids.some((g) => g.id === chosenGrid) ? chosenGrid : grids[0]?.id

  const listKey = me === null ? '' : `${view}:${view === 'grid' ? gridId ?? '' : ''}`
  const list = usePaged<ReportSummary>((cursor) =>
    listReports(
      view === 'grid' ? { view, gridId } : view === 'handling' ? { view, status: 'open' } : { view },
      cursor,
      { toast: cursor !== null },
    ),
  )
  // The handler's queue size for the segment label (the first page is enough to say "20+").
  const [queueSize, setQueueSize] = useState<string | null>(null)
  const [draftWaiting, setDraftWaiting] = useState(false)
  const shown = useRef(false)
  // Which tab and grid the items on screen belong to: a switch shows the spinner, not the old list.
  const [loadedKey, setLoadedKey] = useState('')

  async function loadMe(): Promise<void> {
    if (!isLoggedIn()) {
      goLogin()
      return
    }
    setMeLoading(true)
    try {
      setMe(await fetchMe({ toast: me !== null }))
      setMeError(null)
    } catch (err) {
      if (me === null) setMeError(errorMessage(err))
    } finally {
      setMeLoading(false)
    }
  }

  function loadQueueSize() {
    if (!isHandler) return
    listReports({ view: 'handling', status: 'open' }, null, { toast: false }).then(
      (page) => setQueueSize(page.nextCursor ? `${page.items.length}+` : String(page.items.length)),
      () => setQueueSize(null),
    )
  }

  function reloadList(key: string): Promise<void> {
    return list.reload().then(() => setLoadedKey(key))
  }

  function refresh(): Promise<unknown> {
    if (user) setDraftWaiting(hasDraft(user.id))
    loadQueueSize()
    return Promise.all([loadMe(), listKey && (view !== 'grid' || gridId) ? reloadList(listKey) : Promise.resolve()])
  }

  useDidShow(() => {
    shown.current = true
    void refresh()
  })
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void list.loadMore()
  })

  // A new tab or grid (and the first time /me is known): load that list from the top.
  useEffect(() => {
    if (listKey && shown.current && (view !== 'grid' || gridId)) void reloadList(listKey)
    if (listKey) loadQueueSize()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [listKey])

  const now = new Date()

  function renderList() {
    if (view === 'grid' && !gridId) {
      return <EmptyState title='还没有加入网格' description='加入网格后，就能看到邻居们上报的问题和处理结果。' />
    }
    if (!list.loaded || loadedKey !== listKey) return <Loading />
    if (list.error !== null && list.items.length === 0) {
      return <ErrorState message={list.error} onRetry={() => void list.reload()} retrying={list.loading} />
    }
    if (list.items.length === 0) {
      const text = EMPTY_TEXT[view]
      return <EmptyState title={text.title} description={text.description} />
    }
    return (
      <View>
        {list.items.map((r) => (
          <ReportCard key={r.id} report={r} mode={view} now={now} onOpen={() => openPage(REPORT_PAGES.detail, { id: r.id })} />
        ))}
        {list.hasMore ? (
          <BigButton variant='secondary' className='reports__more' onClick={() => void list.loadMore()} loading={list.loading} loadingText='正在加载…'>
            加载更多
          </BigButton>
        ) : (
          <View className='reports__footer'>没有更多了</View>
        )}
      </View>
    )
  }

  return (
    <Screen className='reports'>
      <View className='reports__head'>
        <View className='reports__title'>随手拍</View>
        <View className='reports__lead'>看到垃圾乱倒、设施损坏、安全隐患，拍张照片报上来，有人负责处理到底</View>
      </View>
      <BigButton className='reports__new' onClick={() => openPage(REPORT_PAGES.new)}>
        我要上报
      </BigButton>
      {draftWaiting ? (
        <View
          className='reports__draft'
          role='button'
          ariaRole='button'
          hoverClass='reports__draft--pressed'
          onClick={() => openPage(REPORT_PAGES.new)}
        >
          <Notice tone='warn' title='有一条上报还没有提交'>
            已经帮你保存好了，点这里继续填写
          </Notice>
        </View>
      ) : null}

      {me === null ? (
        <View className='reports__state'>
          {meError !== null ? <ErrorState message={meError} onRetry={() => void loadMe()} retrying={meLoading} /> : <Loading />}
        </View>
      ) : (
        <View>
          <View className='segments' role='tablist'>
            {segments.map((s) => (
              <View
                key={s.view}
                className={['segment', s.view === view ? 'segment--on' : ''].filter(Boolean).join(' ')}
                role='tab'
                ariaRole='tab'
                aria-selected={s.view === view}
                hoverClass='segment--pressed'
                onClick={() => setChosenView(s.view)}
              >
                <Text>{s.label}</Text>
                {s.view === 'handling' && queueSize !== null && queueSize !== '0' ? <Text className='segment__badge'>{queueSize}</Text> : null}
              </View>
            ))}
          </View>
          {view === 'grid' && grids.length > 1 ? (
            <View className='reports__grids'>
              <ChipGroup options={grids.map((g) => ({ value: g.id, label: g.name }))} value={gridId ? [gridId] : []} onChange={(v) => v[0] && setChosenGrid(v[0])} />
            </View>
          ) : null}
          {view === 'handling' ? <View className='reports__hint'>按期限排列，最急的在最上面</View> : null}
          {renderList()}
        </View>
      )}
    </Screen>
  )
}
