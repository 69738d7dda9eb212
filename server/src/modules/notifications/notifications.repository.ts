import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: DataSource) {}

  async findForUser(userId: string, limit: number, after?: { createdAt: string; id: string }): Promise<NotificationRow[]> {
    return this.db.query(
      `select id, kind, title, body, link, created_at, read_at from notification
        where user_id = $1 and ($2::timestamptz is null or (created_at, id) < ($2::timestamptz, $3::uuid))
        order by created_at desc, id desc limit $4`,
      [userId, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
  }

  async countUnread(userId: string): Promise<number> {
    const rows: { n: number }[] = await this.db.query(`select count(*)::int as n from notification where user_id = $1 and read_at is null`, [userId]);
    return rows[0]!.n;
  }

  /** False when the notification is not this user's (or does not exist). */
  async markRead(id: string, userId: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `with marked as (update notification set read_at = coalesce(read_at, $3) where id = $1 and user_id = $2 returning id) select id from marked`,
      [id, userId, at],
    );
    return rows.length > 0;
  }

  /** One more accepted WeChat subscription of a kind (capped: WeChat itself keeps at most a few dozen). */
  async addSubscription(userId: string, kind: string, at: Date): Promise<void> {
    await this.db.query(
      `insert into wechat_subscription (user_id, kind, remaining, updated_at) values ($1, $2, 1, $3)
       on conflict (user_id, kind) do update set remaining = least(wechat_subscription.remaining + 1, 50), updated_at = $3`,
      [userId, kind, at],
    );
  }
}
