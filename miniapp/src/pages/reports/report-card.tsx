import { Image, Text, View } from '@tarojs/components'
import { OPEN_REPORT_STATUSES, REPORT_CATEGORY_LABELS, type ReportSummary } from '@linli/shared'
import { reporterLabel } from '../../services/report-actions'
import { mediaUrl } from '../../services/reports'
import { formatDateTime } from '../../utils/format'
import { formatExpected, timeLeft } from '../../utils/time-left'
import { Card, ReportStatusTag } from '../../components'

interface ReportCardProps {
  report: ReportSummary
  /** handling: the handler's queue (time left to the deadline, big and red when late). */
  mode: 'handling' | 'mine' | 'grid'
  onOpen: () => void
  now: Date
}

/** One report in a list: what, where, its status, and what happens next. */
export function ReportCard({ report: r, mode, onOpen, now }: ReportCardProps) {
  const open = OPEN_REPORT_STATUSES.includes(r.status)
  const due = open && r.dueAt ? timeLeft(r.dueAt, now, r.overdue) : null
  const escalated = r.handlerNode.id !== r.grid.id
  return (
    <Card className={['report-card', due?.overdue && mode === 'handling' ? 'report-card--overdue' : ''].filter(Boolean).join(' ')} onClick={onOpen}>
      <View className='report-card__row'>
        <View className='report-card__main'>
          <View className='report-card__tags'>
            <Text className='report-card__category'>{REPORT_CATEGORY_LABELS[r.category]}</Text>
            <ReportStatusTag status={r.status} />
          </View>
          <View className='report-card__text'>{r.description}</View>
        </View>
        {r.thumbnail ? (
          <View className='report-card__thumb'>
            <Image className='report-card__img' src={mediaUrl(r.thumbnail.thumbUrl)} mode='aspectFill' lazyLoad />
            {r.photoCount > 1 ? <Text className='report-card__count'>{r.photoCount} 张</Text> : null}
          </View>
        ) : null}
      </View>
      {mode === 'handling' && due ? (
        <View className={['report-card__due', due.overdue ? 'report-card__due--overdue' : due.soon ? 'report-card__due--soon' : ''].filter(Boolean).join(' ')}>
          <Text className='report-card__due-label'>{r.status === 'submitted' ? '受理期限' : '解决期限'}</Text>
          <Text className='report-card__due-text'>{due.text}</Text>
        </View>
      ) : mode !== 'handling' && open && r.expectedResolveAt ? (
        <View className='report-card__expected'>{formatExpected(r.expectedResolveAt, now)}</View>
      ) : null}
      {r.status === 'resolved' || r.status === 'closed' ? <View className='report-card__answer'>有处理结果，点开查看 ›</View> : null}
      {r.status === 'rejected' ? <View className='report-card__answer report-card__answer--rejected'>未受理，点开看原因 ›</View> : null}
      <View className='report-card__meta'>
        {r.grid.name} · {formatDateTime(r.createdAt, now)} · {reporterLabel(r.reporter)}
      </View>
      {escalated && open ? <View className='report-card__escalated'>已转 {r.handlerNode.name} 处理</View> : null}
    </Card>
  )
}
