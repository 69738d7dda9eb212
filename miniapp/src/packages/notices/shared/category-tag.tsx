import { NOTICE_CATEGORY_LABELS, type NoticeCategory } from '@linli/shared'
import { StatusTag } from '../../../components'

/** The category as a tag; red only for 紧急. */
export function CategoryTag({ category }: { category: NoticeCategory }) {
  return <StatusTag tone={category === 'urgent' ? 'danger' : 'primary'}>{NOTICE_CATEGORY_LABELS[category]}</StatusTag>
}
