import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  CreateReportRequest,
  PRIVATE_REPORT_CATEGORIES,
  REPORT_ACTION_LABELS,
  REPORT_CATEGORY_LABELS,
  REPORT_STATUS_LABELS,
  type Page,
  type PhotoDto,
  type ReportActionRequest,
  type ReportDetail,
  type ReportEvent,
  type ReportsQuery,
  type ReportStatus,
  type ReportSummary,
} from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock.js';
import { beijingShort } from '../../common/time/beijing.js';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { isAtOrBelow } from '../../common/scope/ltree.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { Notifier } from '../notifications/notifier.js';
import { UploadsService } from '../uploads/uploads.service.js';
import { ContentGuard } from '../wechat/content-guard.js';
import { allowedActions, escalationTarget, REOPEN_WINDOW_MS, transition, type ReportActor } from './report-state.js';
import { ReportsRepository, type EventRow, type ReportRow } from './reports.repository.js';

const DEADLINE = 'report.deadline';
const ANONYMOUS_NAME = '匿名居民';
const NewestCursor = z.object({ createdAt: z.iso.datetime({ offset: true }), id: z.uuid() });
const DueCursor = z.object({ due: z.string().max(40), id: z.uuid() });

/** How the caller stands towards one report. */
interface Standing {
  reporter: boolean;
  /** Staff over the node it was reported at (sees everything, the reporter's name included). */
  supervisor: boolean;
  /** Staff over the node handling it now (takes the handler's steps). */
  handler: boolean;
}


/**
 * 随手拍: a report has an owner (the handling node's staff), a status, deadlines and a timeline.
 * Every step runs in one transaction with its timeline entry, its notifications (outbox) and the
 * job for its next deadline, so nothing is half-done after a crash.
 */
@Injectable()
export class ReportsService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly reports: ReportsRepository,
    private readonly scope: ScopePolicy,
    private readonly uploads: UploadsService,
    private readonly guard: ContentGuard,
    private readonly notifier: Notifier,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'reports' | 'rateLimits'>,
  ) {}

  onModuleInit(): void {
    this.queue.register(DEADLINE, (payload, tx) => this.deadline(String(payload.reportId), Number(payload.version), tx));
  }

  // ---- creating ----

  async create(auth: AuthContext, body: z.output<typeof CreateReportRequest>): Promise<ReportDetail> {
    // a resend of a report the server already took (its answer was lost): the same report again
    const sent = body.clientId ? await this.reports.findByClientId(auth.userId, body.clientId) : undefined;
    if (sent) return this.detail(auth, sent);
    const nodeId = await this.reportNode(auth, body.gridId);
    // a neighbour with a grudge cannot flood the head's queue
    await this.limiter.hit(`report:${auth.userId}`, this.config.rateLimits.reportsPerHour, 3600);
    await this.guard.checkText(auth.userId, { description: body.description, location: body.location?.text });
    const now = this.clock.now();
    const id = await this.db.transaction(async (tx) => {
      const due = await this.deadlines(nodeId, now, tx);
      const photoIds = [...new Set(body.photoIds)];
      const inserted = await this.reports.insert(
        { nodeId, reporterId: auth.userId, anonymous: body.anonymous, category: body.category, description: body.description, location: body.location ?? null, photoIds, clientId: body.clientId ?? null, acceptDueAt: due.accept, resolveDueAt: due.resolve, now },
        tx,
      );
      // the same resend arrived on another connection a moment ago
      if (!inserted) return (await this.reports.findByClientId(auth.userId, body.clientId!, tx))!;
      const reportId = inserted;
      await this.uploads.attach(auth.userId, photoIds, 'report', reportId, tx);
      await this.reports.insertEvent({ reportId, actorId: auth.userId, actorRole: 'reporter', action: 'submit', from: null, to: 'submitted', note: null, responsibleParty: null, photoIds: [], isPublic: true, nodeId, now }, tx);
      const handlers = (await this.reports.handlersOf(nodeId, tx)).filter((u) => u !== auth.userId);
      await this.notifier.notify(tx, handlers, {
        kind: 'report',
        title: `新的上报：${REPORT_CATEGORY_LABELS[body.category]}`,
        body: `${body.description.slice(0, 60)}（请在 ${beijingShort(due.accept)} 前受理）`,
        link: `report:${reportId}`,
      });
      await this.scheduleDeadline(tx, reportId, 0, due.accept);
      return reportId;
    });
    return this.detail(auth, id);
  }

  /** The grid a report goes to: the one named (where the caller is a member), or the caller's only one. */
  private async reportNode(auth: AuthContext, gridId: string | undefined): Promise<string> {
    const memberships = await this.scope.memberships(auth);
    const nodes = [...new Set(memberships.map((m) => m.nodeId))];
    if (gridId) {
      if (!nodes.includes(gridId)) throw new AppError('NOT_FOUND');
      return gridId;
    }
    if (nodes.length === 1) return nodes[0]!;
    if (nodes.length === 0) throw new AppError('NOT_FOUND', '你还没有加入任何网格，请先扫码加入');
    throw new AppError('REPORT_GRID_REQUIRED', undefined, [{ path: 'gridId', message: '请选择问题所在的网格' }]);
  }

  /** The deadlines of a report handled at this node from `now`. */
  private async deadlines(nodeId: string, now: Date, db: EntityManager): Promise<{ accept: Date; resolve: Date }> {
    const sla = await this.reports.sla(nodeId, db);
    const acceptHours = sla.acceptHours ?? this.config.reports.acceptHours;
    const resolveDays = sla.resolveDays ?? this.config.reports.resolveDays;
    return { accept: new Date(now.getTime() + acceptHours * 3_600_000), resolve: new Date(now.getTime() + resolveDays * 86_400_000) };
  }

  private async scheduleDeadline(tx: EntityManager, reportId: string, version: number, at: Date): Promise<void> {
    await this.queue.enqueue(tx, DEADLINE, { reportId, version }, { runAt: at, dedupeKey: `report-deadline:${reportId}:${version}` });
  }

  // ---- reading ----

  private async standing(auth: AuthContext, r: Pick<ReportRow, 'reporter_id' | 'node_path' | 'handler_path'>): Promise<Standing> {
    return {
      reporter: r.reporter_id === auth.userId,
      supervisor: await this.scope.can(auth, 'reports.handle', { path: r.node_path }),
      handler: await this.scope.can(auth, 'reports.handle', { path: r.handler_path }),
    };
  }

  /** A neighbour: a member on the report's branch (its grid or below), for reports that are not private. */
  private async neighbour(auth: AuthContext, r: Pick<ReportRow, 'node_path' | 'category'>): Promise<boolean> {
    if (PRIVATE_REPORT_CATEGORIES.includes(r.category)) return false;
    return (await this.scope.memberships(auth)).some((m) => isAtOrBelow(m.path, r.node_path));
  }

  /** Loads a report the caller may see; anything else is 404. */
  private async visible(auth: AuthContext, id: string, db: DataSource | EntityManager = this.db, lock = false): Promise<{ r: ReportRow; s: Standing }> {
    const r = await this.reports.find(id, db, lock);
    if (!r) throw new AppError('NOT_FOUND');
    const s = await this.standing(auth, r);
    if (!s.reporter && !s.supervisor && !(await this.neighbour(auth, r))) throw new AppError('NOT_FOUND');
    return { r, s };
  }

  async detail(auth: AuthContext, id: string): Promise<ReportDetail> {
    const { r, s } = await this.visible(auth, id);
    const insider = s.reporter || s.supervisor;
    const events = (await this.reports.events(id)).filter((e) => e.public || insider);
    const photos = await this.uploads.photoMap([...r.photo_ids, ...events.flatMap((e) => e.photo_ids)], auth.userId);
    const pick = (ids: string[]) => ids.map((p) => photos.get(p)).filter((p): p is PhotoDto => p !== undefined);
    const reply = r.reply_event_id ? events.find((e) => e.id === r.reply_event_id) : undefined;
    const now = this.clock.now();
    const reopenUntil = r.status === 'resolved' && r.resolved_at ? new Date(r.resolved_at.getTime() + REOPEN_WINDOW_MS) : null;
    const roles = new Set<ReportActor>([...(s.handler ? (['handler'] as const) : []), ...(s.reporter ? (['reporter'] as const) : [])]);
    const canEscalate = s.handler && escalationTarget({ depth: r.handler_depth }, await this.reports.ancestors(r.handler_node_id)) !== undefined;
    const actions = allowedActions(r.status, roles, { canEscalate, canReopen: reopenUntil !== null && reopenUntil > now });
    // staff over the reported grid who no longer handle it (escalated past them) may still comment
    if (s.supervisor && transition(r.status, 'comment') && !actions.includes('comment')) actions.push('comment');
    return {
      ...this.summary(r, s, photos),
      location: r.location,
      photos: pick(r.photo_ids),
      publicReply: reply ? { text: reply.note ?? '', at: reply.created_at.toISOString(), photos: pick(reply.photo_ids) } : null,
      timeline: events.map((e) => this.event(e, r, insider, pick)),
      allowedActions: actions,
      reopenUntil: reopenUntil?.toISOString() ?? null,
    };
  }

  private summary(r: ReportRow, s: Standing, photos: Map<string, PhotoDto>): ReportSummary {
    const now = this.clock.now();
    const due = r.status === 'submitted' ? r.accept_due_at : r.status === 'accepted' || r.status === 'in_progress' ? r.resolve_due_at : null;
    const showName = !r.anonymous || s.reporter || s.supervisor;
    const first = r.photo_ids.map((id) => photos.get(id)).find((p) => p !== undefined) ?? null;
    return {
      id: r.id,
      category: r.category,
      description: r.description,
      status: r.status,
      grid: { id: r.node_id, name: r.node_name, kind: r.node_kind },
      handlerNode: { id: r.handler_node_id, name: r.handler_name, kind: r.handler_kind },
      reporter: { displayName: showName ? r.reporter_name : ANONYMOUS_NAME, anonymous: r.anonymous, isMe: s.reporter },
      thumbnail: first,
      photoCount: r.photo_ids.filter((id) => photos.has(id)).length,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      dueAt: due?.toISOString() ?? null,
      overdue: due !== null && due.getTime() < now.getTime(),
      expectedResolveAt: r.status === 'submitted' || r.status === 'accepted' || r.status === 'in_progress' ? (r.resolve_due_at?.toISOString() ?? null) : null,
      escalationLevel: r.escalation_level,
    };
  }

  private event(e: EventRow, r: ReportRow, insider: boolean, pick: (ids: string[]) => PhotoDto[]): ReportEvent {
    const hideName = e.actor_role === 'reporter' && r.anonymous && !insider;
    return {
      id: e.id,
      action: e.action as ReportEvent['action'],
      at: e.created_at.toISOString(),
      actor: { displayName: e.actor_role === 'system' ? '系统' : hideName ? ANONYMOUS_NAME : (e.actor_name ?? '—'), role: e.actor_role },
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
      responsibleParty: e.responsible_party,
      photos: pick(e.photo_ids),
      public: e.public,
      node: e.node_id && (e.action === 'escalate' || e.action === 'auto_escalate') ? { id: e.node_id, name: e.node_name!, kind: e.node_kind! } : null,
    };
  }

  async list(auth: AuthContext, q: ReportsQuery): Promise<Page<ReportSummary>> {
    const view = q.view ?? (q.gridId ? 'grid' : 'mine');
    const f = { status: q.status, limit: q.limit };
    if (view === 'mine') {
      const rows = await this.reports.mine(auth.userId, f, decodeCursor(q.cursor, NewestCursor));
      return this.page(auth, rows, q.limit, (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }));
    }
    if (view === 'handling') {
      const memberships = await this.scope.memberships(auth);
      const vis = await this.scope.visibility(auth, 'reports.handle');
      const nodeIds = memberships.filter((m) => vis.staffPaths.includes(m.path)).map((m) => m.nodeId);
      const rows = await this.reports.handling(nodeIds, f, decodeCursor(q.cursor, DueCursor));
      return this.page(auth, rows, q.limit, (r) => ({ due: r.due?.toISOString() ?? 'infinity', id: r.id }));
    }
    let rootPath: string | null = null;
    if (q.gridId) rootPath = (await this.scope.requireNode(auth, 'grid.read', q.gridId)).path;
    const vis = await this.scope.visibility(auth, 'reports.handle');
    const branchPaths = (await this.scope.memberships(auth)).map((m) => m.path);
    const rows = await this.reports.grid(
      { rootPath, staffPaths: vis.staffPaths, branchPaths, userId: auth.userId, privateCategories: PRIVATE_REPORT_CATEGORIES },
      f,
      decodeCursor(q.cursor, NewestCursor),
    );
    return this.page(auth, rows, q.limit, (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }));
  }

  private async page<R extends ReportRow>(auth: AuthContext, rows: R[], limit: number, key: (r: R) => Record<string, string>): Promise<Page<ReportSummary>> {
    const shown = rows.slice(0, limit);
    const photos = await this.uploads.photoMap(shown.flatMap((r) => r.photo_ids.slice(0, 9)), auth.userId);
    const standings = new Map<string, Standing>();
    for (const r of shown) standings.set(r.id, await this.standing(auth, r));
    return toPage(rows, limit, (r) => this.summary(r, standings.get(r.id)!, photos), key);
  }

  // ---- acting ----

  async act(auth: AuthContext, id: string, body: ReportActionRequest): Promise<ReportDetail> {
    await this.guard.checkText(auth.userId, { note: body.note, responsibleParty: body.responsibleParty });
    await this.db.transaction(async (tx) => {
      const { r, s } = await this.visible(auth, id, tx, true);
      const step = transition(r.status, body.action);
      if (!step) throw new AppError('REPORT_TRANSITION_INVALID', undefined, { status: r.status, action: body.action });
      const asHandler = s.handler && step.by.includes('handler');
      const asReporter = s.reporter && step.by.includes('reporter');
      const asSupervisorComment = body.action === 'comment' && s.supervisor;
      if (!asHandler && !asReporter && !asSupervisorComment) throw new AppError('FORBIDDEN');
      const role: 'handler' | 'reporter' = asHandler || (asSupervisorComment && !s.reporter) ? 'handler' : 'reporter';
      await this.apply(tx, auth.userId, role, r, body);
    });
    return this.detail(auth, id);
  }

  private async apply(tx: EntityManager, actorId: string, role: 'handler' | 'reporter', r: ReportRow, body: ReportActionRequest): Promise<void> {
    const now = this.clock.now();
    const action = body.action;
    const note = body.note ?? null;
    const photoIds = [...new Set(body.photoIds ?? [])];
    const event = (to: ReportStatus, extra: { isPublic?: boolean; nodeId?: string | null } = {}) =>
      this.reports.insertEvent(
        { reportId: r.id, actorId, actorRole: role, action, from: r.status, to, note, responsibleParty: body.responsibleParty ?? null, photoIds, isPublic: extra.isPublic ?? true, nodeId: extra.nodeId ?? r.handler_node_id, now },
        tx,
      );
    const attach = async (eventId: string) => this.uploads.attach(actorId, photoIds, 'report_event', eventId, tx);
    const tellReporter = (title: string, text: string) =>
      actorId === r.reporter_id ? Promise.resolve() : this.notifier.notify(tx, [r.reporter_id], { kind: 'report', title, body: text, link: `report:${r.id}` });
    const label = REPORT_CATEGORY_LABELS[r.category];

    switch (action) {
      case 'comment': {
        await attach(await event(r.status, { isPublic: body.public ?? false }));
        await this.reports.touch(r.id, now, tx);
        if (role === 'handler') await tellReporter(`你的上报有新留言：${label}`, note!.slice(0, 60));
        else await this.notifier.notify(tx, await this.reports.handlersOf(r.handler_node_id, tx), { kind: 'report', title: `上报人留言：${label}`, body: note!.slice(0, 60), link: `report:${r.id}` });
        return;
      }
      case 'accept': {
        await attach(await event('accepted'));
        const version = await this.reports.update(r.id, { status: 'accepted', acceptDueAt: null, now }, tx);
        await this.scheduleDeadline(tx, r.id, version, r.resolve_due_at!);
        await tellReporter(`你的上报已受理：${label}`, `预计 ${beijingShort(r.resolve_due_at!)} 前处理完。`);
        return;
      }
      case 'start': {
        await attach(await event('in_progress'));
        const version = await this.reports.update(r.id, { status: 'in_progress', now }, tx);
        await this.scheduleDeadline(tx, r.id, version, r.resolve_due_at!);
        await tellReporter(`你的上报正在处理：${label}`, note?.slice(0, 60) ?? '网格员正在处理，请耐心等待。');
        return;
      }
      case 'resolve': {
        const eventId = await event('resolved');
        await attach(eventId);
        const version = await this.reports.update(r.id, { status: 'resolved', acceptDueAt: null, resolvedAt: now, replyEventId: eventId, now }, tx);
        await this.scheduleDeadline(tx, r.id, version, new Date(now.getTime() + REOPEN_WINDOW_MS));
        await tellReporter(`你的上报已解决：${label}`, `${note!.slice(0, 50)}。没解决的话 7 天内可以重新打开。`);
        return;
      }
      case 'reject': {
        await attach(await event('rejected'));
        await this.reports.update(r.id, { status: 'rejected', acceptDueAt: null, now }, tx);
        const who = body.responsibleParty ? `，请联系：${body.responsibleParty}` : '';
        await tellReporter(`你的上报未受理：${label}`, `${note!.slice(0, 50)}${who}`);
        return;
      }
      case 'escalate':
        await this.escalate(tx, r, { actorId, role, note, photoIds, auto: false, now });
        return;
      case 'confirm': {
        await attach(await event('closed'));
        await this.reports.update(r.id, { status: 'closed', closedAt: now, now }, tx);
        await this.notifier.notify(tx, await this.reports.handlersOf(r.handler_node_id, tx), { kind: 'report', title: `上报人确认已解决：${label}`, body: r.description.slice(0, 60), link: `report:${r.id}` });
        return;
      }
      case 'reopen': {
        if (!r.resolved_at || now.getTime() > r.resolved_at.getTime() + REOPEN_WINDOW_MS) throw new AppError('REPORT_REOPEN_EXPIRED');
        await attach(await event('in_progress'));
        const due = await this.deadlines(r.handler_node_id, now, tx);
        const version = await this.reports.update(r.id, { status: 'in_progress', resolvedAt: null, resolveDueAt: due.resolve, now }, tx);
        await this.scheduleDeadline(tx, r.id, version, due.resolve);
        await this.notifier.notify(tx, await this.reports.handlersOf(r.handler_node_id, tx), { kind: 'report', title: `上报被重新打开：${label}`, body: note!.slice(0, 60), link: `report:${r.id}` });
        return;
      }
      default: {
        const never: never = action;
        throw new Error(`unhandled report action ${String(never)}`);
      }
    }
  }

  /** Hands the report to the next level up, which accepts it afresh with its own deadlines; both sides are told. */
  private async escalate(
    tx: EntityManager,
    r: ReportRow,
    o: { actorId: string | null; role: 'handler' | 'reporter' | 'system'; note: string | null; photoIds: string[]; auto: boolean; now: Date },
  ): Promise<boolean> {
    const target = escalationTarget({ depth: r.handler_depth }, await this.reports.ancestors(r.handler_node_id, tx));
    if (!target) {
      if (o.auto) return false;
      throw new AppError('REPORT_CANNOT_ESCALATE');
    }
    const eventId = await this.reports.insertEvent(
      { reportId: r.id, actorId: o.actorId, actorRole: o.role, action: o.auto ? 'auto_escalate' : 'escalate', from: r.status, to: 'submitted', note: o.note, responsibleParty: null, photoIds: o.photoIds, isPublic: true, nodeId: target.id, now: o.now },
      tx,
    );
    if (o.actorId) await this.uploads.attach(o.actorId, o.photoIds, 'report_event', eventId, tx);
    const due = await this.deadlines(target.id, o.now, tx);
    const version = await this.reports.update(r.id, { status: 'submitted', handlerNodeId: target.id, escalate: true, acceptDueAt: due.accept, resolveDueAt: due.resolve, now: o.now }, tx);
    await this.scheduleDeadline(tx, r.id, version, due.accept);
    const label = REPORT_CATEGORY_LABELS[r.category];
    const why = o.auto ? `${r.handler_name}超过期限未处理，已自动上报` : `${r.handler_name}上报`;
    await this.notifier.notify(tx, await this.reports.handlersOf(target.id, tx), {
      kind: 'report',
      title: `上报转到${target.name}：${label}`,
      body: `${why}。请在 ${beijingShort(due.accept)} 前受理。`,
      link: `report:${r.id}`,
    });
    const others = [r.reporter_id, ...(o.auto ? await this.reports.handlersOf(r.handler_node_id, tx) : [])].filter((u) => u !== o.actorId);
    await this.notifier.notify(tx, others, {
      kind: 'report',
      title: o.auto ? `上报已超时，转到${target.name}：${label}` : `你的上报已转到${target.name}：${label}`,
      body: o.auto ? `${REPORT_STATUS_LABELS[r.status]}超过期限，已自动转给上一级处理。` : `由${target.name}继续处理，预计 ${beijingShort(due.resolve)} 前处理完。`,
      link: `report:${r.id}`,
    });
    return true;
  }

  /**
   * The deadline job, scheduled for one version of a report: a later step makes it moot. A missed
   * acceptance or resolution escalates by itself; a resolution nobody disputed closes after 7 days.
   */
  private async deadline(reportId: string, version: number, tx: EntityManager): Promise<void> {
    const r = await this.reports.find(reportId, tx, true);
    if (!r || r.version !== version) return;
    const now = this.clock.now();
    if (r.status === 'resolved') {
      if (!r.resolved_at || now.getTime() < r.resolved_at.getTime() + REOPEN_WINDOW_MS) return;
      await this.reports.insertEvent(
        { reportId, actorId: null, actorRole: 'system', action: 'auto_close', from: 'resolved', to: 'closed', note: null, responsibleParty: null, photoIds: [], isPublic: true, nodeId: null, now },
        tx,
      );
      await this.reports.update(reportId, { status: 'closed', closedAt: now, now }, tx);
      return;
    }
    const due = r.status === 'submitted' ? r.accept_due_at : r.status === 'accepted' || r.status === 'in_progress' ? r.resolve_due_at : null;
    if (!due || due.getTime() > now.getTime()) return;
    const moved = await this.escalate(tx, r, { actorId: null, role: 'system', note: `${REPORT_STATUS_LABELS[r.status]}超过期限（${beijingShort(due)}）`, photoIds: [], auto: true, now });
    if (!moved) {
      // already at the top: tell the top's staff once; the report stays with them
      await this.notifier.notify(tx, await this.reports.handlersOf(r.handler_node_id, tx), {
        kind: 'report',
        title: `上报已超过期限：${REPORT_CATEGORY_LABELS[r.category]}`,
        body: `${r.description.slice(0, 40)}（${REPORT_ACTION_LABELS.auto_escalate}：已是最高一级）`,
        link: `report:${r.id}`,
      });
    }
  }
}
