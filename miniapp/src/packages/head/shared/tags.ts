import { PERSON_TAGS, SENSITIVE_TAGS, type PersonTag } from '@linli/shared'
import type { ChipOption, TagTone } from '../../../components'

/** Tags that mean "look after this person": shown in the warm accent. */
const CARE_TAGS: readonly PersonTag[] = ['独居老人', '空巢', '重点关注']

export function tagTone(tag: PersonTag): TagTone {
  return CARE_TAGS.includes(tag) ? 'care' : 'neutral'
}

/** Health-related tags are never filters (the server does not search by them). */
export const FILTER_TAGS: readonly PersonTag[] = PERSON_TAGS.filter((t) => !SENSITIVE_TAGS.includes(t))

export const TAG_CHIPS: readonly ChipOption<PersonTag>[] = PERSON_TAGS.map((t) => ({
  value: t,
  label: t,
  tone: CARE_TAGS.includes(t) ? 'care' : undefined,
}))
