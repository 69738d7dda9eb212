import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  FOLLOW_UP_OUTCOMES, formatAddress, VISIT_OUTCOME_LABELS, type VisitOutcome, type CareListItem, type CareListQuery, type CarePlanDto, type CarePlanRequest,
  type CheckInResponse, type CreateVisitRequest, type FamilySettings, type Page, type PhotoDto, type VisitDto, type VisitExportQuery,
} from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { ageOn, type PersonRow } from '../households/persons.mapper.js';
import { CheckRequestsService } from '../check-requests/check-requests.service.js';
import { Notifier } from '../notifications/notifier.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { UploadsService } from '../uploads/uploads.service.js';
import { visitLogXlsx } from './visit-export.js';
import { CareRepository, type PlanRow, type VisitRow } from './care.repository.js';

const CareCursor = z.object({ nextDueAt: z.iso.datetime({ offset: true }), personId: z.uuid() });
const VisitCursor = z.object({ occurredAt: z.iso.datetime({ offset: true }), id: z.uuid() });
/** A phone's clock may run a little fast; a visit logged offline may sync days later, but not months. */
const FUTURE_SLACK_MS = 5 * 60_000;
const OLDEST_VISIT_MS = 30 * 24 * 3_600_000;

function toPlanDto(p: PlanRow): CarePlanDto {
  return {
    personId: p.person_id,
    everyHours: p.every_hours,
    carers: p.carers,
    source: p.source,
    lastContactAt: p.last_contact_at?.toISOString() ?? null,
    nextDueAt: p.next_due_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

function toVisitDto(v: VisitRow, photos: Map<string, PhotoDto>): VisitDto {
  return {
    id: v.id,
    personId: v.person_id,
    occurredAt: v.occurred_at.toISOString(),
    method: v.method,
    outcome: v.outcome,
    note: v.note,
    carer: { id: v.carer_user_id, displayName: v.carer_name },
    checkRequestId: v.check_request_id,
    photos: v.photo_ids.map((id) => photos.get(id)).filter((p): p is PhotoDto => p !== undefined),
    createdAt: v.created_at.toISOString(),
  };
}

/** What makes two submissions "the same visit": everything the carer typed. */
export function visitBodyHash(v: CreateVisitRequest): string {
  const canonical = [v.personId, new Date(v.occurredAt).toISOString(), v.method, v.outcome, v.note ?? null, [...(v.photoIds ?? [])].sort(), v.checkRequestId ?? null];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}

@Injectable()
export class CareService {
  constructor(
    private readonly db: DataSource,
    private readonly care: CareRepository,
    private readonly households: HouseholdsRepository,
    private readonly scope: ScopePolicy,
    private readonly clock: Clock,
    private readonly checkRequests: CheckRequestsService,
    private readonly notifier: Notifier,
    private readonly audit: AuditRepository,
    private readonly uploads: UploadsService,
  ) {}

  private async person(id: string): Promise<PersonRow> {
    const person = await this.households.findPerson(id);
    if (!person) throw new AppError('NOT_FOUND');
    return person;
  }

  /** Staff of the person's grid, or a carer the plan names. */
  private async mayVisit(auth: AuthContext, person: PersonRow, plan: PlanRow | undefined): Promise<boolean> {
    if (plan?.carer_user_ids.includes(auth.userId)) return true;
    return this.scope.can(auth, 'care.visit', { path: person.node_path });
  }

  /** Carers and staff, and the family members linked to the person. */
  private async mayRead(auth: AuthContext, person: PersonRow, plan: PlanRow | undefined): Promise<boolean> {
    return (await this.mayVisit(auth, person, plan)) || this.care.isFamilyOf(auth.userId, person.id);
  }

  async setPlan(auth: AuthContext, personId: string, body: CarePlanRequest): Promise<CarePlanDto> {
    const person = await this.person(personId);
    await this.scope.require(auth, 'care.manage', { path: person.node_path });
    const carers = [...new Set(body.carerUserIds)];
    if (carers.length) {
      // a carer must belong to the person's branch (a member of their grid or staff above it)
      const known = new Set(await this.care.membersOfBranch(carers, person.node_path));
      const strangers = carers.filter((c) => !known.has(c));
      if (strangers.length) throw new AppError('VALIDATION_FAILED', '走访人需要是本网格的成员', [{ path: 'carerUserIds', message: 'not a member of this grid', ids: strangers }]);
    }
    await this.care.upsertPlan({ personId, everyHours: body.everyHours, carerUserIds: carers, source: 'manual', updatedBy: auth.userId, now: this.clock.now() });
    return toPlanDto((await this.care.findPlan(personId))!);
  }

  async getPlan(auth: AuthContext, personId: string): Promise<CarePlanDto> {
    const person = await this.person(personId);
    const plan = await this.care.findPlan(personId);
    if (!(await this.mayRead(auth, person, plan))) throw new AppError('NOT_FOUND');
    if (!plan) throw new AppError('NOT_UNDER_CARE');
    return toPlanDto(plan);
  }

  /** Staff see everyone under care in the subtree; a volunteer (or any member carer) the people assigned to them. */
  async careList(auth: AuthContext, nodeId: string, q: CareListQuery): Promise<Page<CareListItem>> {
    const node = await this.scope.findNode(nodeId);
    if (!node) throw new AppError('NOT_FOUND');
    let carerFilter: string | null = null;
    if (!(await this.scope.can(auth, 'care.manage', node))) {
      if (!(await this.scope.can(auth, 'grid.read', node))) throw new AppError('NOT_FOUND');
      carerFilter = auth.userId;
    }
    const now = this.clock.now();
    const list = await this.care.findCareList(node.path, carerFilter, q.overdueOnly === 'true', now, q.limit, decodeCursor(q.cursor, CareCursor));
    return toPage(
      list,
      q.limit,
      (r) => ({
        person: { id: r.person_id, name: r.name, age: ageOn(r.birth_date, now), householdId: r.household_id, address: formatAddress(r), tags: r.tags },
        everyHours: r.every_hours,
        lastVisit: r.last_occurred_at ? { occurredAt: r.last_occurred_at.toISOString(), outcome: r.last_outcome!, method: r.last_method!, carerName: r.last_carer! } : null,
        lastContactAt: r.last_contact_at?.toISOString() ?? null,
        nextDueAt: r.next_due_at.toISOString(),
        overdueMinutes: Math.max(0, Math.floor((now.getTime() - r.next_due_at.getTime()) / 60_000)),
        openFollowUps: r.open_follow_ups,
      }),
      (r) => ({ nextDueAt: r.next_due_at.toISOString(), personId: r.person_id }),
    );
  }

  /**
   * Logs a visit, exactly once per client id: the same id with the same content answers the stored
   * visit again (`replayed`), the same id with other content is a conflict.
   */
  async logVisit(auth: AuthContext, body: CreateVisitRequest): Promise<{ visit: VisitDto; replayed: boolean }> {
    const person = await this.person(body.personId);
    const plan = await this.care.findPlan(body.personId);
    if (!(await this.mayVisit(auth, person, plan))) throw new AppError('NOT_FOUND');
    const bodyHash = visitBodyHash(body);

    const existing = await this.care.findVisit(body.id);
    if (existing) return this.replay(auth, existing, bodyHash);

    const now = this.clock.now();
    const occurredAt = new Date(body.occurredAt);
    if (occurredAt.getTime() > now.getTime() + FUTURE_SLACK_MS || occurredAt.getTime() < now.getTime() - OLDEST_VISIT_MS) {
      throw new AppError('VISIT_TIME_INVALID');
    }
    const stored = await this.db.transaction(async (tx) => {
      const inserted = await this.care.insertVisit(
        { id: body.id, personId: body.personId, carerUserId: auth.userId, occurredAt, method: body.method, outcome: body.outcome, note: body.note ?? null, checkRequestId: body.checkRequestId ?? null, photoIds: [...new Set(body.photoIds ?? [])], bodyHash, now },
        tx,
      );
      if (!inserted) return false; // the same id arrived on another connection a moment ago
      await this.uploads.attach(auth.userId, body.photoIds ?? [], 'visit', body.id, tx);
      await this.care.recordContact(body.personId, occurredAt, tx);
      if (FOLLOW_UP_OUTCOMES.includes(body.outcome)) await this.care.openFollowUp(body.personId, body.id, body.outcome, now, tx);
      else await this.care.closeFollowUps(body.personId, body.id, now, tx);
      if (body.checkRequestId) await this.checkRequests.answerWithVisit(tx, body.checkRequestId, body.personId, body.id, auth.userId, body.outcome, now);
      await this.notifyWorryingOutcome(tx, person, body.outcome, body.note);
      return true;
    });
    const visit = (await this.care.findVisit(body.id))!;
    if (!stored) return this.replay(auth, visit, bodyHash);
    return { visit: await this.visitDto(visit, auth.userId), replayed: false };
  }

  /** "Not home" and worse tell the family; an emergency also tells the staff of the grid and the level above it at once. */
  private async notifyWorryingOutcome(tx: EntityManager, person: PersonRow, outcome: VisitOutcome, note: string | undefined): Promise<void> {
    if (!FOLLOW_UP_OUTCOMES.includes(outcome)) return;
    const label = VISIT_OUTCOME_LABELS[outcome];
    const family = await this.care.familyOf(person.id, tx);
    await this.notifier.notify(tx, family, { kind: 'visit', title: `走访结果：${person.name}${label}`, body: note ? `网格员留言：${note}` : '网格员会继续跟进，有消息会告诉你。', link: `person:${person.id}` });
    if (outcome === 'emergency') {
      const staff = await this.care.staffAtAndAbove(person.node_id, 1, tx);
      await this.notifier.notify(tx, staff, { kind: 'emergency', title: `紧急情况：${person.name}`, body: note ?? '走访发现紧急情况，请立即联系网格长。', link: `person:${person.id}` });
    }
  }

  private async replay(auth: AuthContext, existing: VisitRow, bodyHash: string): Promise<{ visit: VisitDto; replayed: boolean }> {
    if (existing.body_hash !== bodyHash || existing.carer_user_id !== auth.userId) {
      throw new AppError('VISIT_CONFLICT', undefined, { id: existing.id });
    }
    return { visit: await this.visitDto(existing, auth.userId), replayed: true };
  }

  private async visitDto(v: VisitRow, viewerId: string): Promise<VisitDto> {
    return toVisitDto(v, await this.uploads.photoMap(v.photo_ids, viewerId));
  }

  async visits(auth: AuthContext, personId: string, q: { cursor?: string; limit: number }): Promise<Page<VisitDto>> {
    const person = await this.person(personId);
    if (!(await this.mayRead(auth, person, await this.care.findPlan(personId)))) throw new AppError('NOT_FOUND');
    const rows = await this.care.findVisitsOfPerson(personId, q.limit, decodeCursor(q.cursor, VisitCursor));
    const photos = await this.uploads.photoMap(rows.slice(0, q.limit).flatMap((r) => r.photo_ids), auth.userId);
    return toPage(rows, q.limit, (r) => toVisitDto(r, photos), (r) => ({ occurredAt: r.occurred_at.toISOString(), id: r.id }));
  }

  /** The visit log of a subtree and period, as Excel; every export is audited. */
  async exportVisits(auth: AuthContext, nodeId: string, q: VisitExportQuery): Promise<{ file: Buffer; filename: string }> {
    const node = await this.scope.requireNode(auth, 'care.manage', nodeId);
    // calendar days in Beijing time (UTC+8)
    const from = new Date(`${q.from}T00:00:00+08:00`);
    const to = new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000);
    const rows = await this.care.findVisitsForExport(node.path, from, to);
    await this.audit.record({ actorId: auth.userId, nodeId, action: 'visits.export', subjectType: 'grid', subjectId: nodeId, field: null, reason: `${q.from} 至 ${q.to}，${rows.length} 条` });
    const title = `${node.name} 走访记录（${q.from} 至 ${q.to}）`;
    return { file: await visitLogXlsx(title, rows), filename: `走访记录-${node.name}-${q.from}-${q.to}.xlsx` };
  }

  async familySettings(auth: AuthContext, personId: string): Promise<FamilySettings> {
    const settings = await this.care.familySettings(auth.userId, personId);
    if (!settings) throw new AppError('NOT_FOUND');
    return settings;
  }

  async setFamilySettings(auth: AuthContext, personId: string, body: FamilySettings): Promise<FamilySettings> {
    await this.familySettings(auth, personId);
    await this.care.setFamilyAllClear(auth.userId, personId, body.allClear);
    return { allClear: body.allClear };
  }

  /** "我很好": the person themself, or a family member confirming by phone. */
  async checkIn(auth: AuthContext, personId: string, note: string | undefined): Promise<CheckInResponse> {
    const person = await this.person(personId);
    const self = person.user_id === auth.userId;
    if (!self && !(await this.care.isFamilyOf(auth.userId, personId))) throw new AppError('NOT_FOUND');
    const at = this.clock.now();
    await this.db.transaction(async (tx) => {
      await this.care.insertCheckIn(personId, auth.userId, !self, note ?? null, at, tx);
      await this.care.recordContact(personId, at, tx);
      // an all-clear to the family members who asked for one (not to the one who confirmed it)
      const family = (await this.care.familyWantingAllClear(personId, tx)).filter((u) => u !== auth.userId);
      await this.notifier.notify(tx, family, {
        kind: 'check-in',
        title: `${person.name}报平安：我很好`,
        body: self ? '老人刚刚在小程序里点了「我很好」。' : `家人已电话确认${person.name}平安。`,
        link: `person:${personId}`,
      });
    });
    const plan = await this.care.findPlan(personId);
    return { at: at.toISOString(), nextDueAt: plan?.next_due_at.toISOString() ?? null };
  }
}
