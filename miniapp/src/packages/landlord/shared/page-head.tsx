// Shared by the staff subpackages: it lives in the main package's components.
export { PageHead } from '../../../components/page-head'
