import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { PhotoDto, UploadDto, UploadQuery } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { AppError } from '../../common/errors/app-error.js';
import { PINO } from '../../common/logging/logger.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { WechatAdapter } from '../wechat/wechat.adapter.js';
import { BlobStorage } from './blob-storage.js';
import { processImage } from './image.js';
import { UploadsRepository, type AttachKind, type UploadRow } from './uploads.repository.js';
import { openidOf } from '../wechat/openid.js';

const CHECK = 'upload.media-check';
const UPLOADS_PER_MINUTE = 30;
/** Signed URLs expire on a 10-minute grid, so one photo keeps one URL for a while (phone caches work). */
const EXP_GRID_SECONDS = 600;

export interface ServedImage {
  bytes: Buffer;
  contentType: string;
}

/**
 * Images: stored re-encoded (no EXIF), checked by WeChat, attached to one thing (a visit, a report or
 * a step of it). Clients get short-lived signed URLs, issued only by the routes that already checked
 * the caller may see the thing; without a signature only the owner is served.
 */
@Injectable()
export class UploadsService implements OnModuleInit {
  private readonly signKey: Buffer;

  constructor(
    private readonly db: DataSource,
    private readonly uploads: UploadsRepository,
    private readonly storage: BlobStorage,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    private readonly wechat: WechatAdapter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PINO) private readonly log: Logger,
  ) {
    this.signKey = createHmac('sha256', config.tokenSecret).update('linli/upload-url/v1').digest();
  }

  onModuleInit(): void {
    this.queue.register(CHECK, (payload, tx) => this.mediaCheck(String(payload.uploadId), tx));
  }

  async upload(auth: AuthContext, read: (limitBytes: number) => Promise<Buffer>): Promise<UploadDto> {
    await this.limiter.hit(`upload:${auth.userId}`, UPLOADS_PER_MINUTE, 60);
    const bytes = await read(this.config.uploads.maxBytes);
    const image = await processImage(bytes);
    const id = randomUUID();
    const ext = image.type === 'image/png' ? 'png' : image.type === 'image/webp' ? 'webp' : 'jpg';
    const row = {
      id,
      owner_user_id: auth.userId,
      content_type: image.type,
      byte_size: image.full.length,
      width: image.width,
      height: image.height,
      storage_key: `${id.slice(0, 2)}/${id}.${ext}`,
      thumb_key: `${id.slice(0, 2)}/${id}.thumb.jpg`,
      created_at: this.clock.now(),
    };
    // bytes first: a row never points at nothing (a crash in between leaves an orphan file, not a broken photo)
    await this.storage.put(row.storage_key, image.full);
    await this.storage.put(row.thumb_key, image.thumb);
    await this.db.transaction(async (tx) => {
      await this.uploads.insert(row, tx);
      await this.queue.enqueue(tx, CHECK, { uploadId: id }, { dedupeKey: `media-check:${id}` });
    });
    return { ...this.photo({ ...row, check_status: 'pending' } as UploadRow), checkStatus: 'pending' };
  }

  /** The image for a signed URL, or for its owner; anything else is 404. */
  async serve(auth: AuthContext | undefined, id: string, q: UploadQuery): Promise<ServedImage> {
    const row = await this.uploads.find(id);
    if (!row) throw new AppError('NOT_FOUND');
    const owner = auth?.userId === row.owner_user_id;
    if (!owner) {
      if (!q.sig || !q.exp || !this.validSignature(id, q.variant, q.exp, q.sig)) throw new AppError('NOT_FOUND');
      if (row.check_status === 'risky') throw new AppError('NOT_FOUND');
    }
    const key = q.variant === 'thumb' ? row.thumb_key : row.storage_key;
    const bytes = await this.storage.get(key);
    if (!bytes) throw new AppError('NOT_FOUND');
    return { bytes, contentType: q.variant === 'thumb' ? 'image/jpeg' : row.content_type };
  }

  /**
   * Attaches the caller's own unattached photos to a thing, inside its transaction. Re-attaching to the
   * same thing is fine (a retried request); someone else's, a used or a refused photo is PHOTO_NOT_FOUND.
   */
  async attach(ownerId: string, ids: readonly string[], kind: AttachKind, attachedId: string, tx: EntityManager): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const rows = await this.uploads.lockMany(unique, tx);
    const usable = rows.filter(
      (r) => r.owner_user_id === ownerId && r.check_status !== 'risky' && (r.attached_id === null || (r.attached_kind === kind && r.attached_id === attachedId)),
    );
    if (usable.length !== unique.length) throw new AppError('PHOTO_NOT_FOUND', undefined, { missing: unique.filter((id) => !usable.some((r) => r.id === id)) });
    await this.uploads.attach(unique, kind, attachedId, tx);
  }

  /**
   * Photos as `viewerId` may see them, in the given order: others' photos only once WeChat passed them.
   * Call only after checking the viewer may see the thing they belong to.
   */
  async photos(ids: readonly string[], viewerId: string): Promise<PhotoDto[]> {
    const byId = new Map((await this.uploads.findMany([...new Set(ids)])).map((r) => [r.id, r]));
    return ids
      .map((id) => byId.get(id))
      .filter((r): r is UploadRow => r !== undefined && (r.check_status === 'pass' || r.owner_user_id === viewerId))
      .map((r) => this.photo(r));
  }

  /** For lists: one query for the photos of many things. */
  async photoMap(ids: readonly string[], viewerId: string): Promise<Map<string, PhotoDto>> {
    return new Map((await this.photos(ids, viewerId)).map((p) => [p.id, p]));
  }

  private photo(r: Pick<UploadRow, 'id' | 'width' | 'height'>): PhotoDto {
    return { id: r.id, url: this.signedPath(r.id, 'full'), thumbUrl: this.signedPath(r.id, 'thumb'), width: r.width, height: r.height };
  }

  signedPath(id: string, variant: 'full' | 'thumb', ttlMinutes = this.config.uploads.urlTtlMinutes): string {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = Math.ceil((now + ttlMinutes * 60) / EXP_GRID_SECONDS) * EXP_GRID_SECONDS;
    return `/api/v1/uploads/${id}?variant=${variant}&exp=${exp}&sig=${this.sign(id, variant, exp)}`;
  }

  private sign(id: string, variant: string, exp: number): string {
    return createHmac('sha256', this.signKey).update(`${id}.${variant}.${exp}`).digest('base64url').slice(0, 32);
  }

  private validSignature(id: string, variant: string, exp: number, sig: string): boolean {
    if (exp * 1000 < this.clock.now().getTime()) return false;
    const expected = Buffer.from(this.sign(id, variant, exp));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** The image check job: mock mode answers at once; real mode gets a trace id and waits for the push. */
  private async mediaCheck(uploadId: string, tx: EntityManager): Promise<void> {
    const row = await this.uploads.find(uploadId, tx);
    if (!row || row.check_status !== 'pending' || row.check_trace_id) return;
    const openid = await openidOf(tx, row.owner_user_id);
    if (!openid) return;
    if (this.wechat.mode === 'real' && !this.config.publicBaseUrl) {
      this.log.warn({ uploadId }, 'PUBLIC_BASE_URL is not set: WeChat cannot fetch the image to check it; it stays visible to its owner only');
      return;
    }
    const mediaUrl = `${this.config.publicBaseUrl ?? 'http://localhost'}${this.signedPath(row.id, 'full', 24 * 60)}`;
    const ticket = await this.wechat.mediaCheckAsync({ mediaUrl, openid, scene: 3 });
    await this.uploads.setCheck(uploadId, { traceId: ticket.traceId, status: ticket.verdict === undefined ? undefined : ticket.verdict === 'pass' ? 'pass' : 'risky' }, tx);
  }

  /** WeChat's push: the signature is sha1 of the sorted token, timestamp and nonce. */
  verifyPush(q: { signature: string; timestamp: string; nonce: string }): void {
    const token = this.config.wechatPushToken;
    if (!token) throw new AppError('WECHAT_SIGNATURE_INVALID');
    const expected = createHash('sha1').update([token, q.timestamp, q.nonce].sort().join('')).digest('hex');
    if (expected.length !== q.signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(q.signature))) throw new AppError('WECHAT_SIGNATURE_INVALID');
  }

  async mediaVerdict(traceId: string, suggest: string | undefined): Promise<void> {
    const status = suggest === 'pass' ? 'pass' : 'risky';
    const id = await this.uploads.setVerdictByTrace(traceId, status);
    this.log.info({ uploadId: id ?? null, traceId, status }, 'wechat image check result');
  }
}
