import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { IdParams, PageQuery, SubscribeRequest, type NotificationsPage } from '@linli/shared';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { Clock } from '../../common/clock.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';

type IdParams = z.infer<typeof IdParams>;
const Cursor = z.object({ createdAt: z.iso.datetime({ offset: true }), id: z.uuid() });

interface Row {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** The inbox: every user's own messages; nobody else's exist for them (404). */
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequirePermission('user')
  async list(@Auth() auth: AuthContext, @Query({ schema: PageQuery }) q: PageQuery): Promise<NotificationsPage> {
    const after = decodeCursor(q.cursor, Cursor);
    const [rows, unread]: [Row[], { n: number }[]] = await Promise.all([
      this.db.query(
        `select id, kind, title, body, link, created_at, read_at from notification
          where user_id = $1 and ($2::timestamptz is null or (created_at, id) < ($2::timestamptz, $3::uuid))
          order by created_at desc, id desc limit $4`,
        [auth.userId, after?.createdAt ?? null, after?.id ?? null, q.limit + 1],
      ),
      this.db.query(`select count(*)::int as n from notification where user_id = $1 and read_at is null`, [auth.userId]),
    ]);
    const page = toPage(
      rows,
      q.limit,
      (r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null }),
      (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }),
    );
    return { ...page, unreadCount: unread[0]!.n };
  }

  /** Each kind accepted in `wx.requestSubscribeMessage` allows one WeChat message of that kind. */
  @Post('subscriptions')
  @HttpCode(200)
  @RequirePermission('user')
  async subscribe(@Auth() auth: AuthContext, @Body({ schema: SubscribeRequest }) body: SubscribeRequest): Promise<{ ok: true }> {
    for (const kind of new Set(body.kinds)) {
      await this.db.query(
        `insert into wechat_subscription (user_id, kind, remaining, updated_at) values ($1, $2, 1, $3)
         on conflict (user_id, kind) do update set remaining = least(wechat_subscription.remaining + 1, 50), updated_at = $3`,
        [auth.userId, kind, this.clock.now()],
      );
    }
    return { ok: true };
  }

  @Post(':id/read')
  @HttpCode(200)
  @RequirePermission('user')
  async read(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<{ ok: true }> {
    const rows: unknown[] = await this.db.query(
      `with marked as (update notification set read_at = coalesce(read_at, $3) where id = $1 and user_id = $2 returning id) select id from marked`,
      [p.id, auth.userId, this.clock.now()],
    );
    if (!rows.length) throw new AppError('NOT_FOUND');
    return { ok: true };
  }
}
