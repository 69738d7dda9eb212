import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
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
  ) {}

  onModuleInit(): void {
    this.queue.register(DELIVER, async (payload, tx) => {
      const p = payload as { id: string; userId: string; kind: string; title: string; body: string; link: string | null; createdAt: string };
      await tx.query(
        `insert into notification (id, user_id, kind, title, body, link, created_at) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (id) do nothing`,
        [p.id, p.userId, p.kind, p.title, p.body, p.link, p.createdAt],
      );
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
