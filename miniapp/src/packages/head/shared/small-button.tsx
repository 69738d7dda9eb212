// Shared by the staff subpackages: it lives in the main package's components.
export { SmallButton } from '../../../components/page-head'
