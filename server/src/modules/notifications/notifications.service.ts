import { Injectable } from '@nestjs/common';
import type { NotificationsPage, PageQuery } from '@linli/shared';
import { z } from 'zod';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';
import { NotificationsRepository } from './notifications.repository.js';

const Cursor = z.object({ createdAt: z.iso.datetime({ offset: true }), id: z.uuid() });

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly clock: Clock,
  ) {}

  async list(auth: AuthContext, q: PageQuery): Promise<NotificationsPage> {
    const [rows, unreadCount] = await Promise.all([
      this.notifications.findForUser(auth.userId, q.limit, decodeCursor(q.cursor, Cursor)),
      this.notifications.countUnread(auth.userId),
    ]);
    const page = toPage(
      rows,
      q.limit,
      (r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null }),
      (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }),
    );
    return { ...page, unreadCount };
  }

  async subscribe(auth: AuthContext, kinds: readonly string[]): Promise<{ ok: true }> {
    for (const kind of new Set(kinds)) await this.notifications.addSubscription(auth.userId, kind, this.clock.now());
    return { ok: true };
  }

  async markRead(auth: AuthContext, id: string): Promise<{ ok: true }> {
    if (!(await this.notifications.markRead(id, auth.userId, this.clock.now()))) throw new AppError('NOT_FOUND');
    return { ok: true };
  }
}
