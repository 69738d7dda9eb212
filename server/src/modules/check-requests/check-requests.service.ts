import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { VISIT_OUTCOME_LABELS, type CheckRequestDto, type CheckRequestsQuery, type Page, type VisitOutcome } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { CareRepository } from '../care/care.repository.js';
import { GridsRepository } from '../grids/grids.repository.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { Notifier } from '../notifications/notifier.js';
import { CheckRequestsRepository, type CheckRequestRow } from './check-requests.repository.js';

const Cursor = z.object({ createdAt: z.iso.datetime({ offset: true }), id: z.uuid() });
const ESCALATE = 'check-request.escalate';
/** How many requests one family member may make for one person per hour. */
const REQUESTS_PER_HOUR = 5;

function toDto(r: CheckRequestRow): CheckRequestDto {
  return {
    id: r.id,
    person: { id: r.person_id, name: r.person_name },
    message: r.message,
    status: r.status,
    requester: { id: r.requester_id, displayName: r.requester_name },
    acknowledgedBy: r.acknowledged_by ? { id: r.acknowledged_by, displayName: r.acknowledged_name ?? '' } : null,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    answer: r.answered_visit_id
      ? { visitId: r.answered_visit_id, outcome: r.answer_outcome!, method: r.answer_method!, occurredAt: r.answer_occurred_at!.toISOString(), carerName: r.answer_carer ?? '' }
      : null,
    escalationLevel: r.level,
    currentNode: { id: r.current_node_id, name: r.current_node_name, kind: r.current_node_kind },
    escalateAt: r.escalate_at?.toISOString() ?? null,
    events: r.events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    createdAt: r.created_at.toISOString(),
  };
}

/**
 * "Please check whether my mother is home": a request with an owner and a deadline. Carers are
 * told at once; the first to acknowledge owns it; a visit answers it; if nobody acknowledges in
 * time it goes up the tree, one node per period, each step on its timeline.
 */
@Injectable()
export class CheckRequestsService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly requests: CheckRequestsRepository,
    private readonly households: HouseholdsRepository,
    private readonly care: CareRepository,
    private readonly scope: ScopePolicy,
    private readonly limiter: RateLimiter,
    private readonly queue: JobQueue,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly grids: GridsRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'checkRequestEscalateMinutes'>,
  ) {}

  onModuleInit(): void {
    this.queue.register(ESCALATE, (payload, tx) => this.escalate(String(payload.requestId), Number(payload.level), tx));
  }

  /** When a request waiting at `nodeId` goes up: that node's limit (inherited from above), else the default. */
  private async escalateAt(from: Date, nodeId: string, db: EntityManager): Promise<Date> {
    const minutes = (await this.grids.findSettings(nodeId, db))?.inherited ?? this.config.checkRequestEscalateMinutes;
    return new Date(from.getTime() + minutes * 60_000);
  }

  /** Assigned carers and staff over the person's grid may answer. */
  private async mayAnswer(auth: AuthContext, personId: string, nodePath: string): Promise<boolean> {
    const plan = await this.care.findPlan(personId);
    if (plan?.carer_user_ids.includes(auth.userId)) return true;
    return this.scope.can(auth, 'care.visit', { path: nodePath });
  }

  private async visible(auth: AuthContext, id: string): Promise<CheckRequestRow> {
    const r = await this.requests.findById(id);
    if (!r) throw new AppError('NOT_FOUND');
    if (r.requester_id !== auth.userId && !(await this.mayAnswer(auth, r.person_id, r.node_path))) throw new AppError('NOT_FOUND');
    return r;
  }

  async create(auth: AuthContext, personId: string, message: string): Promise<CheckRequestDto> {
    const person = await this.households.findPerson(personId);
    if (!person || !(await this.care.isFamilyOf(auth.userId, personId))) throw new AppError('NOT_FOUND');
    await this.limiter.hit(`check-request:${auth.userId}:${personId}`, REQUESTS_PER_HOUR, 3600);
    const now = this.clock.now();
    const id = await this.db.transaction(async (tx) => {
      const escalateAt = await this.escalateAt(now, person.node_id, tx);
      const id = await this.requests.insert({ personId, requesterId: auth.userId, message, escalateAt, now }, tx);
      await this.requests.event(id, 'created', now, auth.userId, null, tx);
      const plan = await this.care.findPlan(personId, tx);
      const carers = [...(plan?.carer_user_ids ?? []), ...(await this.requests.staffAt(person.node_id, tx))];
      await this.notifier.notify(tx, carers, { kind: 'check-request', title: `请上门看看：${person.name}`, body: message, link: `check-request:${id}` });
      await this.queue.enqueue(tx, ESCALATE, { requestId: id, level: 0 }, { runAt: escalateAt, dedupeKey: `escalate:${id}:0` });
      return id;
    });
    return toDto((await this.requests.findById(id))!);
  }

  async list(auth: AuthContext, q: CheckRequestsQuery): Promise<Page<CheckRequestDto>> {
    const { staffPaths } = await this.scope.visibility(auth, 'care.visit');
    const rows = await this.requests.findVisible(auth.userId, staffPaths, q.status, q.limit, decodeCursor(q.cursor, Cursor));
    return toPage(rows, q.limit, toDto, (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }));
  }

  async get(auth: AuthContext, id: string): Promise<CheckRequestDto> {
    return toDto(await this.visible(auth, id));
  }

  async acknowledge(auth: AuthContext, id: string): Promise<CheckRequestDto> {
    const r = await this.requests.findById(id);
    if (!r || !(await this.mayAnswer(auth, r.person_id, r.node_path))) throw new AppError('NOT_FOUND');
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      if (!(await this.requests.acknowledge(id, auth.userId, now, tx))) {
        const current = await this.requests.lock(id, tx);
        throw new AppError(current?.status === 'answered' ? 'CHECK_REQUEST_CLOSED' : 'CHECK_REQUEST_TAKEN');
      }
      await this.requests.event(id, 'acknowledged', now, auth.userId, null, tx);
      await this.notifier.notify(tx, [r.requester_id], { kind: 'check-request', title: `网格员已接单：${r.person_name}`, body: '网格员正在上门查看，结果会第一时间告诉你。', link: `check-request:${id}` });
    });
    return toDto((await this.requests.findById(id))!);
  }

  /** Called inside a visit's transaction when the visit names a request: the visit is the answer. */
  async answerWithVisit(tx: EntityManager, requestId: string, personId: string, visitId: string, userId: string, outcome: VisitOutcome, at: Date): Promise<void> {
    const r = await this.requests.lock(requestId, tx);
    if (!r || r.person_id !== personId) throw new AppError('CHECK_REQUEST_NOT_FOUND');
    if (r.status === 'answered') throw new AppError('CHECK_REQUEST_CLOSED');
    await this.requests.answer(requestId, visitId, userId, at, tx);
    await this.requests.event(requestId, 'answered', at, userId, null, tx);
    const full = (await this.requests.findById(requestId, tx))!;
    await this.notifier.notify(tx, [full.requester_id], {
      kind: 'check-request',
      title: `已上门查看：${full.person_name}${VISIT_OUTCOME_LABELS[outcome]}`,
      body: `网格员已上门，结果：${VISIT_OUTCOME_LABELS[outcome]}。`,
      link: `check-request:${requestId}`,
    });
  }

  /** The escalation job: idempotent (only the level it was scheduled for moves), safe on any instance. */
  private async escalate(requestId: string, level: number, tx: EntityManager): Promise<void> {
    const r = await this.requests.lock(requestId, tx);
    if (!r || r.status !== 'open' || r.level !== level) return;
    const parent = await this.requests.parentOf(r.current_node_id, tx);
    if (!parent) return; // already at the root: stays with the district's staff
    const now = this.clock.now();
    const next = await this.escalateAt(now, parent.id, tx);
    await this.requests.escalate(requestId, parent.id, next, tx);
    await this.requests.event(requestId, 'escalated', now, null, parent.id, tx);
    const full = (await this.requests.findById(requestId, tx))!;
    await this.notifier.notify(tx, await this.requests.staffAt(parent.id, tx), {
      kind: 'check-request',
      title: `无人接单，已上报：请安排人看看${full.person_name}`,
      body: `${full.message}（已等待 ${Math.round((now.getTime() - full.created_at.getTime()) / 60_000)} 分钟）`,
      link: `check-request:${requestId}`,
    });
    await this.queue.enqueue(tx, ESCALATE, { requestId, level: level + 1 }, { runAt: next, dedupeKey: `escalate:${requestId}:${level + 1}` });
  }
}
