import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';

export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

/** The one file of a multipart request (field `file`), read into memory within the size limit. */
export async function readUpload(request: FastifyRequest, limitBytes = UPLOAD_LIMIT_BYTES): Promise<Buffer> {
  const tooLarge = `文件不能超过 ${Math.round(limitBytes / 1024 / 1024)} MB`;
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件（字段名 file）');
  let part;
  try {
    part = await request.file({ limits: { fileSize: limitBytes, files: 1 } });
  } catch {
    throw new AppError('VALIDATION_FAILED', '上传的内容无法读取，请重新选择文件');
  }
  if (!part) throw new AppError('VALIDATION_FAILED', '请选择要上传的文件');
  const buffer = await part.toBuffer().catch((err: { code?: string }) => {
    if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', tooLarge);
    throw new AppError('VALIDATION_FAILED', '上传的内容无法读取，请重新选择文件');
  });
  if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', tooLarge);
  return buffer;
}
