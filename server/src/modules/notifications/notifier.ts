import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { WechatAdapter, wechatThing } from '../wechat/wechat.adapter.js';
import { beijingDateTime } from '../../common/time/beijing.js';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { openidOf } from '../wechat/openid.js';

export interface NotificationContent {
  kind: string;
  title: string;
  body: string;
  link?: string;
}

const DELIVER = 'notification.deliver';
const WECHAT_SEND = 'wechat.send';


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

  /** Uses one of the user's accepted subscriptions of this kind (each acceptance allows one message); false when none is left. */
  async useSubscription(tx: EntityManager, userId: string, kind: string): Promise<boolean> {
    const used: unknown[] = await tx.query(
      `with used as (update wechat_subscription set remaining = remaining - 1, updated_at = $3
                      where user_id = $1 and kind = $2 and remaining > 0 returning user_id) select user_id from used`,
      [userId, kind, this.clock.now()],
    );
    return used.length > 0;
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
      if (await this.useSubscription(tx, p.userId, p.kind)) await this.queue.enqueue(tx, WECHAT_SEND, p, { dedupeKey: `wechat:${p.id}` });
    });
    this.queue.register(WECHAT_SEND, async (payload, tx) => {
      const p = payload as { id: string; userId: string; kind: string; title: string; body: string; createdAt: string };
      const openid = await openidOf(tx, p.userId);
      const templateId = this.templateFor(p.kind);
      if (!openid || !templateId) return;
      await this.wechat.sendSubscribeMessage({
        openid,
        templateId,
        page: 'pages/index/index',
        data: { thing1: { value: wechatThing(p.title) }, thing2: { value: wechatThing(p.body) }, time3: { value: beijingDateTime(new Date(p.createdAt)) } },
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
