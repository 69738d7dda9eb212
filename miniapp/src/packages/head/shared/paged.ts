// Moved to utils/ (the 上报 tab in the main package pages through lists too).
export { usePaged, type Paged } from '../../../utils/paged'
