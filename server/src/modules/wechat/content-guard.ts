import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { WechatAdapter, type ContentScene } from './wechat.adapter.js';
import { openidOf } from './openid.js';

/**
 * The one gate user text passes before anyone else sees it (notices, reports, replies).
 * A refusal is 400 CONTENT_REJECTED naming the field; WeChat being down is 502 (nothing is published unchecked).
 */
@Injectable()
export class ContentGuard {
  constructor(
    private readonly wechat: WechatAdapter,
    private readonly db: DataSource,
  ) {}

  /** Checks each non-empty field of `fields` as written by `userId`; throws on the first one refused. */
  async checkText(userId: string, fields: Record<string, string | undefined | null>, scene: ContentScene = 3): Promise<void> {
    const entries = Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim().length > 0);
    if (entries.length === 0) return;
    const openid = await openidOf(this.db, userId);
    if (!openid) throw new AppError('UNAUTHENTICATED');
    for (const [field, content] of entries) {
      const verdict = await this.wechat.msgSecCheck({ content, openid, scene });
      if (verdict !== 'pass') throw new AppError('CONTENT_REJECTED', undefined, { field });
    }
  }
}
