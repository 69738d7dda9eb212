import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { WechatAdapter } from '../wechat/wechat.adapter.js';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { JobQueue } from '../../common/queue/job-queue.js';

export interface NotificationContent {
  kind: string;
  title: string;
  body: string;
  link?: string;
}

const DELIVER = 'notification.deliver';
const WECHAT_SEND = 'wechat.send';

/** Beijing time for a message: 2026-11-28 09:30. */
function beijing(iso: string): string {
  const b = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${b.slice(0, 10)} ${b.slice(11, 16)}`;
}

/** WeChat's `thing` fields take at most 20 characters. */
function thing(text: string): string {
  return [...text].length > 20 ? `${[...text].slice(0, 19).join('')}…` : text;
}

/**
 * Notifications are an outbox: `notify` only enqueues (inside the event's transaction); the
 * queue's worker delivers to the inbox. Each message carries its id from the start, so a delivery
 * that runs twice still leaves one message.
 */
@Injectable()
export class Notifier implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly wechat: WechatAdapter,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'wechatTemplates'>,
  ) {}

  templateFor(kind: string): string | undefined {
    return this.config.wechatTemplates[kind] ?? (this.wechat.mode === 'mock' ? `mock-${kind}` : undefined);
  }

  onModuleInit(): void {
    this.queue.register(DELIVER, async (payload, tx) => {
      const p = payload as { id: string; userId: string; kind: string; title: string; body: string; link: string | null; createdAt: string };
      await tx.query(
        `insert into notification (id, user_id, kind, title, body, link, created_at) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (id) do nothing`,
        [p.id, p.userId, p.kind, p.title, p.body, p.link, p.createdAt],
      );
      // a WeChat message too, if the user accepted one for this kind (each acceptance allows one)
      if (!this.templateFor(p.kind)) return;
      const used: unknown[] = await tx.query(
        `with used as (update wechat_subscription set remaining = remaining - 1, updated_at = $3
                        where user_id = $1 and kind = $2 and remaining > 0 returning user_id) select user_id from used`,
        [p.userId, p.kind, this.clock.now()],
      );
      if (used.length) await this.queue.enqueue(tx, WECHAT_SEND, p, { dedupeKey: `wechat:${p.id}` });
    });
    this.queue.register(WECHAT_SEND, async (payload, tx) => {
      const p = payload as { id: string; userId: string; kind: string; title: string; body: string; createdAt: string };
      const users: { openid: string }[] = await tx.query(`select openid from app_user where id = $1`, [p.userId]);
      const templateId = this.templateFor(p.kind);
      if (!users[0] || !templateId) return;
      await this.wechat.sendSubscribeMessage({
        openid: users[0].openid,
        templateId,
        page: 'pages/index/index',
        data: { thing1: { value: thing(p.title) }, thing2: { value: thing(p.body) }, time3: { value: beijing(p.createdAt) } },
      });
    });
  }

  async notify(tx: EntityManager | DataSource, userIds: Iterable<string>, content: NotificationContent): Promise<void> {
    for (const userId of new Set(userIds)) {
      const id = randomUUID();
      await this.queue.enqueue(
        tx,
        DELIVER,
        { id, userId, kind: content.kind, title: content.title, body: content.body, link: content.link ?? null, createdAt: this.clock.now().toISOString() },
        { dedupeKey: `notify:${id}` },
      );
    }
  }
}
