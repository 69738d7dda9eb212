import { useEffect, useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { NODE_KIND_LABELS, type GridStats, type NodeKind, type StatsNumbers } from '@linli/shared'
import { ApiError } from '../../../services/http'
import { getStats } from '../../../services/stats'
import { DASHBOARD_PAGE, HEAD_PAGES, goHome, openPage, pageUrl, safeDecode } from '../../../utils/nav'
import { useRemote } from '../../../utils/use-remote'
import { Card, EmptyState, ErrorState, Loading, Notice, Screen } from '../../../components'
import {
  REPORT_STATUS_LABELS,
  barWidth,
  decodeTrail,
  encodeTrail,
  formatAsOf,
  formatCount,
  formatPercent,
  openReports,
  sortChildren,
  stackedSegments,
  troubles,
  worstChild,
  type Crumb,
  type ReportStatus,
} from './figures'
import { backBy } from './back'
import './index.css'

type Tone = 'normal' | 'danger' | 'warn' | 'muted'

/** One number in large type with what it counts under it; red only when something is late. */
function Figure({ value, unit, label, tone = 'normal' }: { value: string; unit?: string; label: string; tone?: Tone }) {
  return (
    <View className='figure'>
      {/* district-size numbers (28.3万) step down a size so two still fit a row in elder mode */}
      <View className={`figure__value figure__value--${tone}${value.length >= 5 ? ' figure__value--long' : ''}`}>
        {value}
        {unit ? <Text className='figure__unit'>{unit}</Text> : null}
      </View>
      <View className='figure__label'>{label}</View>
    </View>
  )
}

/** A rate as a bar on a track, with the percentage beside it. */
function RateBar({ label, rate, empty = '—', bare = false }: { label: string; rate: number | null; empty?: string; bare?: boolean }) {
  // under half is worth a look: amber, not red (red is for what is late)
  const tone = rate !== null && rate < 0.5 ? 'warn' : 'primary'
  return (
    <View className='rate' aria-label={`${label} ${rate === null ? empty : formatPercent(rate)}`}>
      {bare ? null : (
        <View className='rate__line'>
          <Text className='rate__label'>{label}</Text>
          <Text className={rate === null ? 'rate__value rate__value--empty' : 'rate__value'}>{rate === null ? empty : formatPercent(rate)}</Text>
        </View>
      )}
      {rate === null ? null : (
        <View className='bar'>
          <View className={`bar__fill bar__fill--${tone}`} style={{ width: `${barWidth(rate, 1)}%` }} />
        </View>
      )}
    </View>
  )
}

interface Part {
  key: string
  count: number
  label: string
  color: 'danger' | 'ok' | 'warn' | 'soft' | 'primary'
}

/** A stacked bar with its legend: the parts of a whole, each with its count. */
function StackedBar({ parts, unit }: { parts: Part[]; unit: string }) {
  const segments = stackedSegments(parts)
  const byKey = new Map(parts.map((p) => [p.key, p]))
  return (
    <View className='stack-chart'>
      <View className='bar bar--stacked'>
        {segments.map((s) => (
          <View key={s.key} className={`bar__part bar__part--${byKey.get(s.key)!.color}`} style={{ width: `${s.width}%` }} />
        ))}
      </View>
      <View className='legend'>
        {parts.map((p) => (
          <View key={p.key} className='legend__item'>
            <View className={`legend__swatch bar__part--${p.color}`} />
            <Text>
              {p.label} {p.count} {unit}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}

const REPORT_COLORS: Record<ReportStatus, Part['color']> = { submitted: 'warn', accepted: 'soft', inProgress: 'primary' }

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card className='dash-section'>
      <View className='dash-section__title'>{title}</View>
      {children}
    </Card>
  )
}

/** The nodes above this one, as far up as the user came from; tapping one goes back up to it. */
function Breadcrumb({ trail, current }: { trail: Crumb[]; current: string }) {
  if (trail.length === 0) return null
  function goUp(index: number) {
    const delta = trail.length - index
    if (Taro.getCurrentPages().length > delta) {
      void backBy(delta)
    } else {
      // opened directly (a reload): no pages to go back to, so open the ancestor in place
      const target = trail[index]!
      void Taro.redirectTo({ url: pageUrl(DASHBOARD_PAGE, { id: target.id, name: target.name, trail: encodeTrail(trail.slice(0, index)) }) })
    }
  }
  return (
    <View className='crumbs'>
      {trail.map((c, i) => (
        <View key={c.id} className='crumbs__item'>
          <View className='crumbs__link' role='link' ariaRole='link' hoverClass='crumbs__link--pressed' onClick={() => goUp(i)}>
            {c.name}
          </View>
          <Text className='crumbs__sep'>›</Text>
        </View>
      ))}
      <Text className='crumbs__current'>{current}</Text>
    </View>
  )
}

/** What needs doing first, in one box at the top. */
function Attention({ stats, onOpen }: { stats: GridStats; onOpen: (child: GridStats['children'][number]) => void }) {
  const own = troubles(stats.totals)
  const n = stats.totals
  if (own.length === 0 && n.households === 0 && n.underCare === 0 && n.members === 0) {
    return (
      <Notice tone='info' className='dash-attention'>
        这里还没有登记住户。登记住户、邀请居民入格以后，数字会出现在这里。
      </Notice>
    )
  }
  if (own.length === 0) {
    return (
      <Notice tone='done' className='dash-attention'>
        没有超时未走访的老人，也没有超期的随手拍。
      </Notice>
    )
  }
  const worst = worstChild(stats.children)
  return (
    <View className='dash-alert' role='status'>
      <View className='dash-alert__title'>需要关注</View>
      {own.map((t) => (
        <View key={t} className='dash-alert__line'>
          {t}
        </View>
      ))}
      {worst && stats.children.length > 1 ? (
        <View className='dash-alert__worst' role='button' ariaRole='button' hoverClass='dash-alert__worst--pressed' onClick={() => onOpen(worst)}>
          <View className='dash-alert__worst-text'>
            最该先看：<Text className='dash-alert__worst-name'>{worst.node.name}</Text>（{troubles(worst.numbers).join('，')}）
          </View>
          <Text className='dash-link__arrow'>›</Text>
        </View>
      ) : null}
    </View>
  )
}

function Totals({ n, kind, onCareList }: { n: StatsNumbers; kind: NodeKind; onCareList?: () => void }) {
  const onTime = Math.max(0, n.underCare - n.overdue)
  const reports = openReports(n)
  return (
    <View>
      <Section title='关爱走访'>
        <View className='figures'>
          <Figure value={formatCount(n.overdue)} unit='人' label='超时未走访' tone={n.overdue > 0 ? 'danger' : 'normal'} />
          <Figure value={formatCount(n.underCare)} unit='人' label='关爱对象' />
          <Figure value={formatCount(n.visits7d)} unit='次' label='近 7 天走访' />
          <Figure value={formatCount(n.openCheckRequests)} unit='个' label='上门请求待处理' tone={n.openCheckRequests > 0 ? 'warn' : 'normal'} />
        </View>
        {n.underCare > 0 ? (
          <StackedBar
            unit='人'
            parts={[
              { key: 'overdue', count: n.overdue, label: '超时', color: 'danger' },
              { key: 'onTime', count: onTime, label: '按时', color: 'ok' },
            ]}
          />
        ) : null}
        {onCareList && n.overdue > 0 ? (
          <View className='dash-link' role='button' ariaRole='button' hoverClass='dash-link--pressed' onClick={onCareList}>
            <Text>看看谁超时了</Text>
            <Text className='dash-link__arrow'>›</Text>
          </View>
        ) : null}
      </Section>

      <Section title='住户入格'>
        <View className='figures'>
          <Figure value={formatCount(n.households)} unit='户' label='住户' />
          <Figure value={formatCount(n.joinedHouseholds)} unit='户' label='已入格' />
        </View>
        <RateBar label='入格率' rate={n.coverage} empty='还没有登记住户' />
        <View className='dash-note'>
          {[
            `入格居民 ${formatCount(n.members)} 人`,
            // a micro-grid counting itself, or a house counting itself, says nothing
            kind !== 'micro_grid' && kind !== 'rental_group' ? `微网格 ${formatCount(n.microGrids)} 个` : null,
            n.rentalGroups > 0 && kind !== 'rental_group' ? `出租房 ${formatCount(n.rentalGroups)} 处` : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </View>
      </Section>

      <Section title='通知'>
        <View className='figures'>
          <Figure value={formatCount(n.notices30d)} unit='条' label='近 30 天发布' />
          <Figure value={formatPercent(n.noticeReadRate)} label='住户阅读率' tone={n.noticeReadRate === null ? 'muted' : 'normal'} />
        </View>
        {n.noticeReadRate === null ? (
          <View className='dash-note'>近 30 天没有送到这里住户的通知。</View>
        ) : (
          <RateBar label='住户阅读率' rate={n.noticeReadRate} bare />
        )}
      </Section>

      <Section title='随手拍'>
        <View className='figures'>
          <Figure value={formatCount(reports)} unit='件' label='没办完' />
          <Figure value={formatCount(n.slaBreaches)} unit='件' label='已超期' tone={n.slaBreaches > 0 ? 'danger' : 'normal'} />
        </View>
        {reports > 0 ? (
          <StackedBar
            unit='件'
            parts={(['submitted', 'accepted', 'inProgress'] as const).map((key) => ({
              key,
              count: n.reportsOpen[key],
              label: REPORT_STATUS_LABELS[key],
              color: REPORT_COLORS[key],
            }))}
          />
        ) : (
          <View className='dash-note'>没有待办的随手拍。</View>
        )}
      </Section>

      {n.rentalGroups > 0 || n.tenanciesActive > 0 || n.tenanciesPending > 0 ? (
        <Section title='出租房租客'>
          <View className='figures'>
            <Figure value={formatCount(n.tenanciesActive)} unit='人' label='在住租客' />
            <Figure value={formatCount(n.tenanciesPending)} unit='人' label='等房东确认' tone={n.tenanciesPending > 0 ? 'warn' : 'normal'} />
          </View>
        </Section>
      ) : null}
    </View>
  )
}

/** A child node in the list: where it stands, what is wrong, its read rate as a bar; tap to go in. */
function ChildRow({ node, numbers, onOpen }: GridStats['children'][number] & { onOpen: () => void }) {
  return (
    <Card className='child-row' onClick={onOpen}>
      <View className='child-row__top'>
        <View className='child-row__name'>
          <Text className='child-row__title'>{node.name}</Text>
          <Text className='child-row__kind'>{NODE_KIND_LABELS[node.kind]}</Text>
        </View>
        <Text className='child-row__arrow'>›</Text>
      </View>
      <View className='child-row__facts'>
        {[
          `${formatCount(numbers.households)} 户`,
          numbers.coverage !== null ? `入格 ${formatPercent(numbers.coverage)}` : null,
          `关爱 ${formatCount(numbers.underCare)} 人`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </View>
      <View className='child-row__chips'>
        <Text className={numbers.overdue > 0 ? 'dash-chip dash-chip--danger' : 'dash-chip dash-chip--ok'}>
          {numbers.overdue > 0 ? `超时未走访 ${numbers.overdue} 人` : '走访都按时'}
        </Text>
        {numbers.slaBreaches > 0 ? <Text className='dash-chip dash-chip--danger'>随手拍超期 {numbers.slaBreaches} 件</Text> : null}
        {numbers.openCheckRequests > 0 ? <Text className='dash-chip dash-chip--warn'>上门请求 {numbers.openCheckRequests} 个</Text> : null}
      </View>
      <RateBar label='通知阅读率' rate={numbers.noticeReadRate} empty='近 30 天没有通知' />
    </Card>
  )
}

/**
 * The dashboard of one node: its numbers, charts drawn with plain views (no chart library, so
 * no package grows), and its child nodes worst first; tapping a child opens the same page for it.
 */
export default function DashboardPage() {
  const { params } = useRouter()
  const get = (k: string) => (typeof params[k] === 'string' ? safeDecode(params[k] as string) : '')
  const id = get('id')
  const name = get('name')
  const care = get('care') === '1'
  const trail = decodeTrail(get('trail'))
  // 404: not the user's area (or gone); retrying will not help, so say so and offer the way home
  const [notFound, setNotFound] = useState(false)
  const stats = useRemote(async (options) => {
    try {
      const answer = await getStats(id, options)
      setNotFound(false)
      return answer
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setNotFound(true)
      throw err
    }
  })
  const s = stats.data

  usePullDownRefresh(() => {
    void stats.load().finally(() => Taro.stopPullDownRefresh())
  })

  const title = s?.node.name ?? name
  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title: `${title} 数据看板` })
  }, [title])

  if (!s) {
    return (
      <Screen className='dash'>
        <Breadcrumb trail={trail} current={name} />
        {notFound ? (
          <EmptyState
            title='看不到这里的数据'
            description='这个网格不在你负责的范围里，或者已经撤销了。'
            action={{ label: '回到首页', onClick: goHome }}
          />
        ) : stats.error !== null ? (
          <ErrorState message={stats.error} onRetry={() => void stats.load()} retrying={stats.loading} />
        ) : (
          <Loading />
        )}
      </Screen>
    )
  }

  const children = sortChildren(s.children)
  const here: Crumb = { id: s.node.id, name: s.node.name }
  const openChild = (child: GridStats['children'][number]) =>
    openPage(DASHBOARD_PAGE, { id: child.node.id, name: child.node.name, care: care ? '1' : undefined, trail: encodeTrail([...trail, here]) })
  const kinds = new Set(children.map((c) => c.node.kind))
  const childKind = kinds.size === 1 ? NODE_KIND_LABELS[children[0]!.node.kind] : '网格'

  return (
    <Screen className='dash'>
      <Breadcrumb trail={trail} current={s.node.name} />
      <View className='dash-head'>
        <View className='dash-head__name'>
          <Text className='dash-head__title'>{s.node.name}</Text>
          <Text className='dash-head__kind'>{NODE_KIND_LABELS[s.node.kind]}</Text>
        </View>
        <View className='dash-head__asof'>数据更新于 {formatAsOf(s.asOf)}，下拉可刷新</View>
      </View>

      <Attention stats={s} onOpen={openChild} />
      <Totals n={s.totals} kind={s.node.kind} onCareList={care ? () => openPage(HEAD_PAGES.care, { gridId: s.node.id, name: s.node.name, staff: '1' }) : undefined} />

      <View className='section-title'>
        <Text>下级{childKind}</Text>
        {children.length > 1 ? <Text className='section-title__extra'>最需要关注的排在前面</Text> : null}
      </View>
      {children.length === 0 ? (
        <View className='dash-note dash-note--center'>这里是最下一级，没有下级网格。</View>
      ) : (
        children.map((c) => <ChildRow key={c.node.id} {...c} onOpen={() => openChild(c)} />)
      )}
    </Screen>
  )
}
