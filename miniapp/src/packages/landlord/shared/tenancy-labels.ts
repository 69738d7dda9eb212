import { TENANCY_FLAG_LABELS, TENANCY_STATUS_LABELS, type TenancyDto } from '@linli/shared'
import type { TagTone } from '../../../components'

/** The tags a tenancy shows: its status when not simply 在租, then its flags. */
export function tenancyTags(t: Pick<TenancyDto, 'status' | 'flags'>): { label: string; tone: TagTone }[] {
  const tags: { label: string; tone: TagTone }[] = []
  if (t.status === 'pending') tags.push({ label: TENANCY_STATUS_LABELS.pending, tone: 'warn' })
  if (t.status === 'ended') tags.push({ label: TENANCY_STATUS_LABELS.ended, tone: 'neutral' })
  for (const f of t.flags) tags.push({ label: TENANCY_FLAG_LABELS[f], tone: f === 'overdue' ? 'danger' : 'warn' })
  return tags
}

/** Today in the phone's time zone, as a date picker wants it. */
export function todayDate(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
