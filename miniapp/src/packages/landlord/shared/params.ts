export { useParams } from '../../../utils/params'
