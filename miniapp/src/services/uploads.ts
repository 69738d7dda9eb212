import type { UploadDto } from '@linli/shared'
import { platformFiles, type PickedFile } from '../platform/files'
import { apiUrl } from './http'

/** Upload one photo (multipart field `file`); the server strips its EXIF and answers signed URLs. */
export function uploadImage(file: PickedFile): Promise<UploadDto> {
  return platformFiles.upload<UploadDto>(apiUrl('/uploads'), file, 'file')
}
