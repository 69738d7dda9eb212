import { Injectable } from '@nestjs/common';
import type { NodeKind, NoticeCategory } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface NoticeRow {
  id: string;
  node_id: string;
  node_path: string;
  node_name: string;
  node_kind: NodeKind;
  author_id: string;
  author_name: string;
  title: string;
  body: string;
  category: NoticeCategory;
  require_confirm: boolean;
  created_at: Date;
  delivered_at: Date | null;
  last_reminded_at: Date | null;
}

export interface FeedRow extends NoticeRow {
  read_at: Date | null;
  confirmed_at: Date | null;
}

export interface ReceiptCountRow {
  child_path: string;
  reached: number;
  read: number;
  confirmed: number;
}

export interface UnreadRow {
  household_id: string | null;
  names: string[];
  building: string | null;
  unit: string | null;
  room: string | null;
  node_id: string;
  node_name: string;
  node_kind: NodeKind;
  total: number;
}

const COLUMNS = `n.id, n.node_id, n.node_path::text as node_path, g.name as node_name, g.kind as node_kind, n.author_id, a.display_name as author_name,
  n.title, n.body, n.category, n.require_confirm, n.created_at, n.delivered_at, n.last_reminded_at`;
const FROM = `notice n join grid_node g on g.id = n.node_id join app_user a on a.id = n.author_id`;

/**
 * Who a notice addressed to a subtree reaches: every active member below it except its staff
 * (admins and heads, and landlords in their own houses, who send rather than receive), one row per
 * person (their household if they have one, else they count alone).
 */
const AUDIENCE = `
  select distinct on (m.user_id) m.user_id, m.district_id, m.household_id, m.node_id, m.node_path
    from membership m join grid_node mg on mg.id = m.node_id
   where m.status = 'active' and m.node_path <@ $path::ltree
     and not (m.role in ('admin','grid_head') or (m.role = 'landlord' and mg.kind = 'rental_group'))`;
const AUDIENCE_ORDER = `order by m.user_id, m.household_id nulls last, nlevel(m.node_path) desc`;

/** A receipt's counting unit: its household, or the person alone. */
const UNIT = `coalesce(r.household_id::text, 'u:' || r.user_id::text)`;

/**
 * The feed: notices at any of the caller's nodes or their ancestors ($2), or written by the caller ($1),
 * newest first, with the caller's own receipt. Exported so the benchmark's bare baseline runs the same SQL.
 */
export const FEED_SQL = `select ${COLUMNS}, rc.read_at, rc.confirmed_at
   from ${FROM} left join notice_receipt rc on rc.notice_id = n.id and rc.user_id = $1
  where (n.node_path = any($2::ltree[]) or n.author_id = $1)
    and ($3::timestamptz is null or (n.created_at, n.id) < ($3::timestamptz, $4::uuid))
  order by n.created_at desc, n.id desc limit $5`;

@Injectable()
export class NoticesRepository {
  constructor(private readonly db: DataSource) {}

  async insert(n: { nodeId: string; authorId: string; title: string; body: string; category: NoticeCategory; requireConfirm: boolean; now: Date }, tx: EntityManager): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `insert into notice (node_id, author_id, title, body, category, require_confirm, created_at) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [n.nodeId, n.authorId, n.title, n.body, n.category, n.requireConfirm, n.now],
    );
    return rows[0]!.id;
  }

  async findById(id: string, db: Db = this.db): Promise<NoticeRow | undefined> {
    const rows: NoticeRow[] = await db.query(`select ${COLUMNS} from ${FROM} where n.id = $1`, [id]);
    return rows[0];
  }

  /** Notices at any of these paths (the caller's nodes and their ancestors) or written by the caller, newest first. */
  async findFeed(userId: string, paths: string[], limit: number, after?: { createdAt: string; id: string }): Promise<FeedRow[]> {
    return this.db.query(FEED_SQL, [userId, paths, after?.createdAt ?? null, after?.id ?? null, limit + 1]);
  }

  async findReceipt(noticeId: string, userId: string): Promise<{ read_at: Date | null; confirmed_at: Date | null } | undefined> {
    const rows: { read_at: Date | null; confirmed_at: Date | null }[] = await this.db.query(
      `select read_at, confirmed_at from notice_receipt where notice_id = $1 and user_id = $2`,
      [noticeId, userId],
    );
    return rows[0];
  }

  /**
   * Marks the notice read (and confirmed) for a recipient, making their receipt if the fan-out has
   * not reached them yet; answers nothing when the user is not among its recipients.
   */
  async markRead(noticeId: string, path: string, userId: string, now: Date, confirm: boolean): Promise<{ read_at: Date; confirmed_at: Date | null } | undefined> {
    const rows: { read_at: Date; confirmed_at: Date | null }[] = await this.db.query(
      `with a as (${AUDIENCE.replace('$path', '$2')} and m.user_id = $3 ${AUDIENCE_ORDER} limit 1)
       insert into notice_receipt as r (notice_id, user_id, district_id, household_id, node_id, node_path, created_at, read_at, confirmed_at)
       select $1, a.user_id, a.district_id, a.household_id, a.node_id, a.node_path, $4, $4, case when $5 then $4::timestamptz end from a
       on conflict (notice_id, user_id) do update
         set read_at = coalesce(r.read_at, excluded.read_at), confirmed_at = coalesce(r.confirmed_at, excluded.confirmed_at)
       returning r.read_at, r.confirmed_at`,
      [noticeId, path, userId, now, confirm],
    );
    return rows[0];
  }

  /**
   * One batch of the fan-out: receipts for the next `limit` recipients after `after` (by user id),
   * set-based. Answers the recipients of the batch and the last one, to continue from.
   */
  async materialiseBatch(noticeId: string, path: string, after: string, limit: number, now: Date, tx: EntityManager): Promise<{ userIds: string[]; last: string | null }> {
    const rows: { user_id: string }[] = await tx.query(
      `with batch as (${AUDIENCE.replace('$path', '$2')} and m.user_id > $3::uuid ${AUDIENCE_ORDER} limit $4),
            ins as (insert into notice_receipt (notice_id, user_id, district_id, household_id, node_id, node_path, created_at)
                    select $1, user_id, district_id, household_id, node_id, node_path, $5 from batch
                    on conflict (notice_id, user_id) do nothing)
       select user_id from batch order by user_id`,
      [noticeId, path, after, limit, now],
    );
    const userIds = rows.map((r) => r.user_id);
    return { userIds, last: userIds[userIds.length - 1] ?? null };
  }

  async markDelivered(noticeId: string, now: Date, tx: EntityManager): Promise<void> {
    await tx.query(`update notice set delivered_at = $2 where id = $1 and delivered_at is null`, [noticeId, now]);
  }

  /** Households reached, read and confirmed below `path`, grouped by the child of `path` they sit under (or `path` itself). */
  async countByChild(noticeId: string, path: string): Promise<ReceiptCountRow[]> {
    return this.db.query(
      `with r as (
         select ${UNIT} as unit, r.read_at, r.confirmed_at,
                case when nlevel(r.node_path) > nlevel($2::ltree) then subpath(r.node_path, 0, nlevel($2::ltree) + 1) else r.node_path end as child
           from notice_receipt r where r.notice_id = $1 and r.node_path <@ $2::ltree),
       units as (select child, unit, bool_or(read_at is not null) as read, bool_or(confirmed_at is not null) as confirmed from r group by child, unit)
       select child::text as child_path, count(*)::int as reached, (count(*) filter (where read))::int as read, (count(*) filter (where confirmed))::int as confirmed
         from units group by child`,
      [noticeId, path],
    );
  }

  async nodesByPath(paths: string[]): Promise<{ id: string; name: string; kind: NodeKind; path: string }[]> {
    return this.db.query(`select id, name, kind, path::text as path from grid_node where path = any($1::ltree[])`, [paths]);
  }

  async children(nodeId: string): Promise<{ id: string; name: string; kind: NodeKind; path: string }[]> {
    return this.db.query(`select id, name, kind, path::text as path from grid_node where parent_id = $1 order by seq`, [nodeId]);
  }

  async nodes(ids: string[]): Promise<{ id: string; name: string; kind: NodeKind; path: string }[]> {
    return this.db.query(`select id, name, kind, path::text as path from grid_node where id = any($1::uuid[]) order by path`, [ids]);
  }

  /** Households (or lone members) below `path` that have not read it: the first `limit`, and how many in all. */
  async findUnread(noticeId: string, path: string, limit: number): Promise<UnreadRow[]> {
    return this.db.query(
      `with units as (
         select ${UNIT} as unit, (array_agg(r.household_id))[1] as household_id, (array_agg(r.node_id))[1] as node_id,
                array_agg(u.display_name order by u.display_name) as names, bool_or(r.read_at is not null) as read
           from notice_receipt r join app_user u on u.id = r.user_id
          where r.notice_id = $1 and r.node_path <@ $2::ltree
          group by 1)
       select x.household_id, x.names, h.building, h.unit, h.room, g.id as node_id, g.name as node_name, g.kind as node_kind, (count(*) over ())::int as total
         from units x left join household h on h.id = x.household_id join grid_node g on g.id = x.node_id
        where not x.read
        order by g.path, h.sort_key nulls last, x.unit
        limit $3`,
      [noticeId, path, limit],
    );
  }

  /**
   * Recipients below `path` whose household has not yet read (or, `confirm`, confirmed) it, after
   * `after` by user id; `limit` null counts them all.
   */
  async findToRemind(noticeId: string, path: string, confirm: boolean, after: string, limit: number, db: Db = this.db): Promise<string[]> {
    const rows: { user_id: string }[] = await db.query(
      `select r.user_id from notice_receipt r
        where r.notice_id = $1 and r.node_path <@ $2::ltree and r.user_id > $4::uuid
          and not exists (select 1 from notice_receipt o
                           where o.notice_id = r.notice_id and (o.user_id = r.user_id or o.household_id = r.household_id)
                             and (case when $3 then o.confirmed_at is not null else o.read_at is not null end))
        order by r.user_id limit $5`,
      [noticeId, path, confirm, after, limit],
    );
    return rows.map((r) => r.user_id);
  }

  async countToRemind(noticeId: string, path: string, confirm: boolean): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      `select count(*)::int as n from notice_receipt r
        where r.notice_id = $1 and r.node_path <@ $2::ltree
          and not exists (select 1 from notice_receipt o
                           where o.notice_id = r.notice_id and (o.user_id = r.user_id or o.household_id = r.household_id)
                             and (case when $3 then o.confirmed_at is not null else o.read_at is not null end))`,
      [noticeId, path, confirm],
    );
    return rows[0]!.n;
  }

  /** Takes the reminder slot if the last reminder is older than `since`; false when it is too soon. */
  async takeReminder(noticeId: string, now: Date, since: Date, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `with taken as (update notice set last_reminded_at = $2 where id = $1 and (last_reminded_at is null or last_reminded_at <= $3) returning id)
       select id from taken`,
      [noticeId, now, since],
    );
    return rows.length > 0;
  }

  /**
   * Claims the one WeChat message of this notice for this user, in the send job's transaction:
   * false when it was already sent.
   */
  async claimWechatSend(noticeId: string, userId: string, now: Date, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `insert into notice_wechat_send (notice_id, user_id, sent_at) values ($1, $2, $3) on conflict do nothing returning user_id`,
      [noticeId, userId, now],
    );
    return rows.length > 0;
  }

  async releaseWechatSend(noticeId: string, userId: string, tx: EntityManager): Promise<void> {
    await tx.query(`delete from notice_wechat_send where notice_id = $1 and user_id = $2`, [noticeId, userId]);
  }
}
