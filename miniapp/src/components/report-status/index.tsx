import { Text } from '@tarojs/components'
import { REPORT_STATUS_LABELS, type ReportStatus } from '@linli/shared'
import './index.css'

interface ReportStatusTagProps {
  status: ReportStatus
  /** large: the banner of a report's page. */
  large?: boolean
}

/**
 * A report's status in its own colour: 待受理 amber (waiting), 已受理 / 处理中 blue (someone is on
 * it), 已解决 green, 已办结 grey, 未受理 grey with a dark border. Red stays for what is overdue.
 */
export function ReportStatusTag({ status, large }: ReportStatusTagProps) {
  return (
    <Text className={['report-status', `report-status--${status}`, large ? 'report-status--large' : ''].filter(Boolean).join(' ')}>
      {REPORT_STATUS_LABELS[status]}
    </Text>
  )
}
