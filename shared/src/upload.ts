import { z } from 'zod';
import { Id } from './common.js';

/** A stored image as the API hands it out: the URLs are signed for the caller and expire. */
export const PhotoDto = z.object({
  id: Id,
  url: z.string(),
  thumbUrl: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});
export type PhotoDto = z.infer<typeof PhotoDto>;

/** `POST /uploads` answers with the new photo (the URL signed for its owner). */
export const UploadDto = PhotoDto.extend({
  /** `pending` while WeChat's image check runs (real mode); others see the photo once it is `pass`. */
  checkStatus: z.enum(['pending', 'pass', 'risky']),
});
export type UploadDto = z.infer<typeof UploadDto>;

export const UploadParams = z.object({ id: Id });
/** `GET /uploads/:id?variant=&exp=&sig=`: a signed URL serves without a login (image tags cannot send one). */
export const UploadQuery = z.object({
  variant: z.enum(['full', 'thumb']).default('full'),
  exp: z.coerce.number().int().positive().optional(),
  sig: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '签名格式不正确').optional(),
});
export type UploadQuery = z.infer<typeof UploadQuery>;
