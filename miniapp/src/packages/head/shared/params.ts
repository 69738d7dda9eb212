// Moved to utils/ (the reports pages read their query the same way).
export { useParams } from '../../../utils/params'
