// The paged-list hook moved to utils (the 通知 tab in the main package uses it too).
export { usePaged, type Paged } from '../../../utils/use-paged'
