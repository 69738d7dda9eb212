import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  formatAddress,
  grantsSubtreeStaff,
  maskName,
  NOTICE_CATEGORY_LABELS,
  NOTICE_REMIND_COOLDOWN_HOURS,
  type CreateNoticeRequest,
  type GridNodeRef,
  type NoticeDto,
  type NoticeReceipts,
  type NoticesQuery,
  type NoticeSummary,
  type Page,
  type RemindResponse,
} from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { isAtOrBelow, withAncestors } from '../../common/scope/ltree.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { ContentGuard } from '../wechat/content-guard.js';
import { WechatAdapter, wechatThing } from '../wechat/wechat.adapter.js';
import { beijingDateTime, beijingShort } from '../../common/time/beijing.js';
import { Notifier } from '../notifications/notifier.js';
import { NoticesRepository, type FeedRow, type NoticeRow } from './notices.repository.js';
import { openidOf } from '../wechat/openid.js';

const Cursor = z.object({ createdAt: z.iso.datetime({ offset: true }), id: z.uuid() });
const FANOUT = 'notice.fanout';
const REMIND = 'notice.remind';
const WECHAT = 'notice.wechat';
/** The subscription kind (and template key) of urgent notices' WeChat messages. */
const WECHAT_KIND = 'notice-urgent';
const BATCH = 1000;
const REMIND_BATCH = 500;
const UNREAD_SHOWN = 200;
const FIRST_UUID = '00000000-0000-0000-0000-000000000000';
const HOUR = 3_600_000;


function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return [...flat].length > 60 ? `${[...flat].slice(0, 59).join('')}…` : flat;
}

const ref = (n: { id: string; name: string; kind: GridNodeRef['kind'] }): GridNodeRef => ({ id: n.id, name: n.name, kind: n.kind });

function toSummary(r: FeedRow): NoticeSummary {
  return {
    id: r.id,
    title: r.title,
    excerpt: excerpt(r.body),
    category: r.category,
    requireConfirm: r.require_confirm,
    node: { id: r.node_id, name: r.node_name, kind: r.node_kind },
    authorName: r.author_name,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
    confirmedAt: r.confirmed_at?.toISOString() ?? null,
  };
}

/**
 * Notices addressed to a node reach its whole subtree. Publishing writes the notice and one job;
 * the job writes receipts in set-based batches (and, for urgent notices, inbox items and one
 * rate-spaced WeChat send job per person). The feed does not wait for it: it is computed from the
 * caller's memberships and the notice's node, and reading makes a receipt if none exists yet.
 */
@Injectable()
export class NoticesService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly notices: NoticesRepository,
    private readonly scope: ScopePolicy,
    private readonly guard: ContentGuard,
    private readonly queue: JobQueue,
    private readonly notifier: Notifier,
    private readonly wechat: WechatAdapter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'noticeUrgentSendsPerSecond'>,
  ) {}

  onModuleInit(): void {
    this.queue.register(FANOUT, (p, tx) => this.fanOut(String(p.noticeId), String(p.after ?? FIRST_UUID), p.sendAt ? new Date(String(p.sendAt)) : undefined, tx));
    this.queue.register(REMIND, (p, tx) => this.remindBatch(String(p.noticeId), String(p.path), p.confirm === true, String(p.after ?? FIRST_UUID), tx));
    this.queue.register(WECHAT, (p, tx) => this.sendWechat(String(p.noticeId), String(p.userId), tx));
  }

  async publish(auth: AuthContext, nodeId: string, body: CreateNoticeRequest): Promise<NoticeDto> {
    const node = await this.scope.requireNode(auth, 'notices.publish', nodeId);
    await this.guard.checkText(auth.userId, { title: body.title, body: body.body });
    const now = this.clock.now();
    const id = await this.db.transaction(async (tx) => {
      const id = await this.notices.insert({ nodeId: node.id, authorId: auth.userId, ...body, now }, tx);
      await this.queue.enqueue(tx, FANOUT, { noticeId: id }, { dedupeKey: `notice-fanout:${id}:start` });
      return id;
    });
    const row = (await this.notices.findById(id))!;
    return { ...this.summary(row, undefined), body: row.body, isRecipient: false, receiptNodes: [ref({ id: node.id, name: node.name, kind: node.kind })] };
  }

  private summary(row: NoticeRow, receipt: { read_at: Date | null; confirmed_at: Date | null } | undefined): Omit<NoticeSummary, 'excerpt'> {
    const { excerpt: _, ...rest } = toSummary({ ...row, read_at: receipt?.read_at ?? null, confirmed_at: receipt?.confirmed_at ?? null });
    return rest;
  }

  async feed(auth: AuthContext, q: NoticesQuery): Promise<Page<NoticeSummary>> {
    const paths = withAncestors((await this.scope.memberships(auth)).map((m) => m.path));
    const rows = await this.notices.findFeed(auth.userId, paths, q.limit, decodeCursor(q.cursor, Cursor));
    return toPage(rows, q.limit, toSummary, (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }));
  }

  /** The notice if the caller may read it: members at or below its node, staff above it, its author. */
  private async visible(auth: AuthContext, id: string): Promise<NoticeRow> {
    const row = await this.notices.findById(id);
    if (!row) throw new AppError('NOT_FOUND');
    if (row.author_id !== auth.userId && !(await this.scope.can(auth, 'notices.read', { path: row.node_path }))) throw new AppError('NOT_FOUND');
    return row;
  }

  /** Where the caller may open receipts: the notice's node for its author and the staff above, else their own grids below it. */
  private async receiptNodes(auth: AuthContext, row: NoticeRow): Promise<GridNodeRef[]> {
    if (row.author_id === auth.userId || (await this.scope.staffRoleOver(auth, 'notices.receipts', { path: row.node_path }))) {
      return [{ id: row.node_id, name: row.node_name, kind: row.node_kind }];
    }
    const below = (await this.scope.memberships(auth)).filter(
      (m) => ['admin', 'grid_head', 'landlord'].includes(m.role) && grantsSubtreeStaff(m.role, m.nodeKind) && isAtOrBelow(m.path, row.node_path),
    );
    if (!below.length) return [];
    return (await this.notices.nodes([...new Set(below.map((m) => m.nodeId))])).map(ref);
  }

  private async detail(auth: AuthContext, row: NoticeRow, receipt: { read_at: Date | null; confirmed_at: Date | null } | undefined): Promise<NoticeDto> {
    return { ...this.summary(row, receipt), body: row.body, isRecipient: receipt !== undefined, receiptNodes: await this.receiptNodes(auth, row) };
  }

  /** Opening a notice marks it read for its recipients (staff looking at it from above are not recipients). */
  async open(auth: AuthContext, id: string): Promise<NoticeDto> {
    const row = await this.visible(auth, id);
    const receipt = await this.notices.markRead(row.id, row.node_path, auth.userId, this.clock.now(), false);
    return this.detail(auth, row, receipt);
  }

  async confirm(auth: AuthContext, id: string): Promise<NoticeDto> {
    const row = await this.visible(auth, id);
    if (!row.require_confirm) throw new AppError('NOTICE_CONFIRM_NOT_REQUIRED');
    const receipt = await this.notices.markRead(row.id, row.node_path, auth.userId, this.clock.now(), true);
    if (!receipt) throw new AppError('NOTICE_NOT_RECIPIENT');
    return this.detail(auth, row, receipt);
  }

  /**
   * The node whose receipts the caller asks for: at or below the notice's node, and the caller is its
   * author or staff of that node (a landlord of their own house). Anything else is 404.
   */
  private async receiptTarget(auth: AuthContext, id: string, nodeId: string | undefined): Promise<{ row: NoticeRow; node: { id: string; name: string; kind: GridNodeRef['kind']; path: string } }> {
    const row = await this.notices.findById(id);
    if (!row) throw new AppError('NOT_FOUND');
    const node = nodeId ? await this.scope.findNode(nodeId) : { id: row.node_id, name: row.node_name, kind: row.node_kind, path: row.node_path };
    if (!node || !isAtOrBelow(node.path, row.node_path)) throw new AppError('NOT_FOUND');
    if (row.author_id !== auth.userId && !(await this.scope.can(auth, 'notices.receipts', node))) throw new AppError('NOT_FOUND');
    return { row, node };
  }

  async receipts(auth: AuthContext, id: string, nodeId: string | undefined): Promise<NoticeReceipts> {
    const { row, node } = await this.receiptTarget(auth, id, nodeId);
    const counts = await this.notices.countByChild(row.id, node.path);
    const children = await this.notices.children(node.id);
    const own = counts.find((c) => c.child_path === node.path);
    const rows = [
      ...(own ? [{ node: ref(node), reached: own.reached, read: own.read, confirmed: own.confirmed }] : []),
      ...children.map((c) => {
        const n = counts.find((x) => x.child_path === c.path);
        return { node: ref(c), reached: n?.reached ?? 0, read: n?.read ?? 0, confirmed: n?.confirmed ?? 0 };
      }),
    ];
    const unread = await this.notices.findUnread(row.id, node.path, UNREAD_SHOWN);
    const next = row.last_reminded_at ? new Date(row.last_reminded_at.getTime() + NOTICE_REMIND_COOLDOWN_HOURS * HOUR) : null;
    return {
      notice: { id: row.id, title: row.title, category: row.category, requireConfirm: row.require_confirm, createdAt: row.created_at.toISOString() },
      node: ref(node),
      totals: {
        reached: counts.reduce((s, c) => s + c.reached, 0),
        read: counts.reduce((s, c) => s + c.read, 0),
        confirmed: counts.reduce((s, c) => s + c.confirmed, 0),
      },
      children: rows,
      unread: unread.map((u) => ({
        address: u.room ? formatAddress({ building: u.building ?? undefined, unit: u.unit ?? undefined, room: u.room }) : '',
        names: u.names.map(maskName),
        node: { id: u.node_id, name: u.node_name, kind: u.node_kind },
      })),
      unreadTotal: unread[0]?.total ?? 0,
      delivered: row.delivered_at !== null,
      lastRemindedAt: row.last_reminded_at?.toISOString() ?? null,
      nextRemindAt: next && next > this.clock.now() ? next.toISOString() : null,
    };
  }

  /** Reminds (in their inbox) those below the node who have not read it, or not confirmed a must-confirm one; once per 6 hours per notice. */
  async remind(auth: AuthContext, id: string, nodeId: string | undefined): Promise<RemindResponse> {
    const { row, node } = await this.receiptTarget(auth, id, nodeId);
    const now = this.clock.now();
    const recipients = await this.notices.countToRemind(row.id, node.path, row.require_confirm);
    await this.db.transaction(async (tx) => {
      const since = new Date(now.getTime() - NOTICE_REMIND_COOLDOWN_HOURS * HOUR);
      if (!(await this.notices.takeReminder(row.id, now, since, tx))) {
        const last = (await this.notices.findById(row.id, tx))!.last_reminded_at!;
        const next = new Date(last.getTime() + NOTICE_REMIND_COOLDOWN_HOURS * HOUR);
        throw new AppError('NOTICE_REMIND_TOO_SOON', `${NOTICE_REMIND_COOLDOWN_HOURS} 小时内只能提醒一次，${beijingShort(next)} 以后可以再次提醒`, { nextRemindAt: next.toISOString() });
      }
      await this.queue.enqueue(tx, REMIND, { noticeId: row.id, path: node.path, confirm: row.require_confirm }, { dedupeKey: `notice-remind:${row.id}:${now.toISOString()}:start` });
    });
    return { recipients, nextRemindAt: new Date(now.getTime() + NOTICE_REMIND_COOLDOWN_HOURS * HOUR).toISOString() };
  }

  /** One batch of the fan-out job; enqueues the next until everyone below has a receipt. */
  private async fanOut(noticeId: string, after: string, sendAt: Date | undefined, tx: EntityManager): Promise<void> {
    const row = await this.notices.findById(noticeId, tx);
    if (!row) return;
    const now = this.clock.now();
    const { userIds, last } = await this.notices.materialiseBatch(row.id, row.node_path, after, BATCH, now, tx);
    let nextSendAt = sendAt && sendAt > now ? sendAt : now;
    if (row.category === 'urgent' && userIds.length) {
      await this.notifier.notify(tx, userIds, { kind: 'notice', title: `紧急通知：${row.title}`, body: excerpt(row.body), link: `notice:${row.id}` });
      // one job per person, spaced to the configured rate; the dedupe key makes it one per person per notice
      const gapMs = 1000 / this.config.noticeUrgentSendsPerSecond;
      const start = nextSendAt.getTime();
      await this.queue.enqueueMany(
        tx,
        WECHAT,
        userIds.map((userId, i) => ({ payload: { noticeId: row.id, userId }, runAt: new Date(start + i * gapMs), dedupeKey: `notice-wechat:${row.id}:${userId}` })),
      );
      nextSendAt = new Date(start + userIds.length * gapMs);
    }
    if (userIds.length === BATCH && last) {
      await this.queue.enqueue(tx, FANOUT, { noticeId: row.id, after: last, sendAt: nextSendAt.toISOString() }, { dedupeKey: `notice-fanout:${row.id}:${last}` });
    } else {
      await this.notices.markDelivered(row.id, now, tx);
    }
  }

  private async remindBatch(noticeId: string, path: string, confirm: boolean, after: string, tx: EntityManager): Promise<void> {
    const row = await this.notices.findById(noticeId, tx);
    if (!row) return;
    const userIds = await this.notices.findToRemind(noticeId, path, confirm, after, REMIND_BATCH, tx);
    if (!userIds.length) return;
    await this.notifier.notify(tx, userIds, {
      kind: 'notice',
      title: `${confirm ? '请确认' : '请阅读'}：${row.title}`,
      body: `${row.node_name}的${NOTICE_CATEGORY_LABELS[row.category]}通知你还没有${confirm ? '确认' : '阅读'}，请点开看看。`,
      link: `notice:${row.id}`,
    });
    if (userIds.length === REMIND_BATCH) {
      const last = userIds[userIds.length - 1]!;
      await this.queue.enqueue(tx, REMIND, { noticeId, path, confirm, after: last }, { dedupeKey: `notice-remind:${noticeId}:${row.last_reminded_at?.toISOString()}:${last}` });
    }
  }

  /**
   * One urgent notice's WeChat message to one person. The send record is claimed in this job's
   * transaction, which also marks the job done: a job that re-runs after a crash before WeChat was
   * reached sends it then; one that already committed never sends again.
   */
  private async sendWechat(noticeId: string, userId: string, tx: EntityManager): Promise<void> {
    const templateId = this.notifier.templateFor(WECHAT_KIND);
    if (!templateId) return;
    const now = this.clock.now();
    if (!(await this.notices.claimWechatSend(noticeId, userId, now, tx))) return;
    if (!(await this.notifier.useSubscription(tx, userId, WECHAT_KIND))) {
      await this.notices.releaseWechatSend(noticeId, userId, tx);
      return;
    }
    const row = await this.notices.findById(noticeId, tx);
    const openid = await openidOf(tx, userId);
    if (!row || !openid) return;
    await this.wechat.sendSubscribeMessage({
      openid,
      templateId,
      page: `packages/notices/detail/index?id=${row.id}`,
      data: { thing1: { value: wechatThing(`紧急通知：${row.title}`) }, thing2: { value: wechatThing(row.body) }, time3: { value: beijingDateTime(row.created_at) } },
    });
  }
}
