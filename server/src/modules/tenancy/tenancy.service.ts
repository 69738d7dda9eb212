import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  addressKey, checkIdNumber, normalisePhone, REVERIFY_DAYS, tenantFieldProblems,
  type CreatePropertyRequest, type CreatePropertyResponse, type CreateTenancyRequest, type Page, type PropertyDto,
  type RosterExportQuery, type RosterItem, type TenanciesQuery, type TenancyDto, type TenancyFlag,
} from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { FieldCrypto } from '../../common/crypto/field-crypto.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { protectIdNumber, protectPhone } from '../households/protected-fields.js';
import { rosterXlsx } from './roster-export.js';
import { TenancyRepository, type FlagClock, type TenancyRow } from './tenancy.repository.js';
import { beijingDate } from '../../common/time/beijing.js';

const Cursor = z.object({ createdAt: z.iso.datetime({ offset: true }), id: z.uuid() });
export const PURGE_JOB = 'tenancy.purge';
const DAY_MS = 86_400_000;


export function toTenancyDto(r: TenancyRow): TenancyDto {
  const flags: TenancyFlag[] = [];
  if (r.overdue) flags.push('overdue');
  if (r.unverified) flags.push('unverified');
  return {
    id: r.id,
    propertyId: r.property_id,
    address: r.address,
    room: r.room,
    status: r.status,
    tenant: {
      name: r.name,
      idNumber: r.id_number_masked,
      phone: r.phone_masked,
      gender: r.gender,
      birthDate: r.birth_date,
      homeRegion: r.home_region,
      employer: r.employer,
    },
    coResidents: r.co_residents.map((c) => ({ name: c.name, ...(c.relation ? { relation: c.relation } : {}) })),
    moveInDate: r.move_in_date,
    expectedMoveOutDate: r.expected_move_out_date,
    movedOutOn: r.moved_out_on,
    verifiedAt: r.verified_at.toISOString(),
    flags,
    selfRegistered: r.self_registered,
    householdId: r.household_id,
    personId: r.person_id,
    createdAt: r.created_at.toISOString(),
  };
}

/**
 * Tenant registration. A landlord's house is a rental_group node where the landlord is staff; a
 * tenancy is a household (the room) and a person (the tenant) there, so the household register,
 * notices and reports see tenants like any resident. Ended tenancies are purged by a queue job
 * once the retention period is over.
 */
@Injectable()
export class TenancyService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly tenancies: TenancyRepository,
    private readonly households: HouseholdsRepository,
    private readonly scope: ScopePolicy,
    private readonly crypto: FieldCrypto,
    private readonly audit: AuditRepository,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.queue.register(PURGE_JOB, (payload, tx) => this.purge(String(payload.tenancyId), tx));
  }

  private flagClock(): FlagClock {
    const now = this.clock.now();
    return { now, today: beijingDate(now), reverifyDays: REVERIFY_DAYS };
  }

  async createProperty(auth: AuthContext, body: CreatePropertyRequest): Promise<CreatePropertyResponse> {
    // only a landlord member of the micro-grid may put a house under it; anyone else sees no such grid
    if (!(await this.tenancies.isLandlordAt(auth.userId, body.gridId))) throw new AppError('NOT_FOUND');
    return this.db.transaction(async (tx) => {
      const id = await this.tenancies.insertRentalGroup(body.gridId, body.address, tx);
      if (!id) throw new AppError('DUPLICATE_NODE_NAME', `「${body.address}」已经登记过了`, [{ path: 'address', message: '同一个微网格里已有同名出租房' }]);
      await this.tenancies.insertProperty({ id, gridId: body.gridId, address: body.address, rooms: body.rooms, ownerId: auth.userId }, tx);
      await this.tenancies.insertLandlordMembership(auth.userId, id, tx);
      return { id, rentalGroupId: id };
    });
  }

  async properties(auth: AuthContext): Promise<{ items: PropertyDto[] }> {
    const rows = await this.tenancies.findPropertiesOf(auth.userId, this.flagClock());
    return {
      items: rows.map((r) => ({
        id: r.id,
        rentalGroupId: r.id,
        gridId: r.grid_id,
        gridName: r.grid_name,
        address: r.address,
        rooms: r.rooms,
        activeCount: r.active_count,
        pendingCount: r.pending_count,
        flaggedCount: r.flagged_count,
        createdAt: r.created_at.toISOString(),
      })),
    };
  }

  /** The landlord registers a tenant (active at once), or the house's tenant registers themself (pending). */
  async register(auth: AuthContext, propertyId: string, body: CreateTenancyRequest): Promise<TenancyDto> {
    const property = await this.tenancies.findProperty(propertyId);
    if (!property) throw new AppError('NOT_FOUND');
    const landlord = await this.scope.can(auth, 'tenancy.manage', { path: property.node_path });
    const own = landlord ? undefined : await this.tenancies.tenantMembership(auth.userId, property.id, this.db);
    if (!landlord && !own) throw new AppError('NOT_FOUND');

    const now = this.clock.now();
    const problems = tenantFieldProblems(body.tenant, now);
    if (problems.length) {
      throw new AppError(problems[0]!.code, problems[0]!.message, problems.map((p) => ({ path: p.field, field: p.field, code: p.code, message: p.message })));
    }
    if (!property.rooms.includes(body.room)) throw new AppError('ROOM_UNKNOWN', `这套出租房没有「${body.room}」房间`, [{ path: 'room', field: 'room', message: '请选择已有的房间' }]);
    const id = checkIdNumber(body.tenant.idNumber, now);
    if (!id.ok) throw new AppError(id.code, id.message);
    const idCols = protectIdNumber(id.value, this.crypto);
    const phoneCols = protectPhone(normalisePhone(body.tenant.phone), this.crypto);

    const tenancyId = await this.db.transaction(async (tx) => {
      if (await this.tenancies.findLiveByIdNumber(property.id, idCols.bidx!, tx)) throw new AppError('TENANT_ALREADY_REGISTERED');
      const householdId = await this.roomHousehold(property.id, body.room, tx);
      let personId: string;
      if (own?.person_id) {
        personId = own.person_id;
        if (await this.tenancies.findLiveByPerson(personId, tx)) throw new AppError('TENANT_ALREADY_REGISTERED');
        await this.households.updatePerson(personId, {
          household_id: householdId, name: body.tenant.name, gender: id.gender, birth_date: id.birthDate, relation: '租客',
          phone_enc: phoneCols.enc, phone_bidx: phoneCols.bidx, phone_masked: phoneCols.masked,
          id_number_enc: idCols.enc, id_number_bidx: idCols.bidx, id_number_masked: idCols.masked,
        }, tx);
      } else {
        personId = await this.households.insertPerson({
          householdId, name: body.tenant.name, gender: id.gender, birthDate: id.birthDate, relation: '租客',
          phone: phoneCols, idNumber: idCols, tags: [], sensitiveTagsEnc: null, userId: own ? auth.userId : null,
        }, tx);
      }
      if (own) await this.tenancies.linkMembership(own.id, householdId, personId, tx);
      const coResidents = [];
      for (const c of body.coResidents ?? []) {
        const coId = await this.households.insertPerson({
          householdId, name: c.name, gender: null, birthDate: null, relation: '租客', phone: { enc: null, bidx: null, masked: null },
          idNumber: { enc: null, bidx: null, masked: null }, tags: [], sensitiveTagsEnc: null,
        }, tx);
        coResidents.push({ name: c.name, ...(c.relation ? { relation: c.relation } : {}), personId: coId });
      }
      return this.tenancies.insertTenancy({
        nodeId: property.id, propertyId: property.id, householdId, personId, userId: own ? auth.userId : null, room: body.room,
        status: landlord ? 'active' : 'pending', employer: body.tenant.employer || null, homeRegion: id.region, coResidents,
        moveInDate: body.moveInDate, expectedMoveOutDate: body.expectedMoveOutDate ?? null, selfRegistered: !landlord, createdBy: auth.userId, at: now,
      }, tx);
    });
    return toTenancyDto((await this.tenancies.findTenancy(tenancyId, this.flagClock()))!);
  }

  /** The room's household at the house (made on first use), marked rented. */
  private async roomHousehold(nodeId: string, room: string, tx: EntityManager): Promise<string> {
    const address = { building: '', unit: '', room };
    const key = addressKey(address);
    const found = await this.households.findExact(nodeId, key, tx);
    if (found) {
      if (found.occupancy !== 'rented') await this.households.setOccupancy(found.id, 'rented', tx);
      return found.id;
    }
    return (await this.households.insert(nodeId, address, key, 'rented', tx)) ?? (await this.households.findExact(nodeId, key, tx))!.id;
  }

  async list(auth: AuthContext, propertyId: string, q: TenanciesQuery): Promise<Page<TenancyDto>> {
    const property = await this.tenancies.findProperty(propertyId);
    if (!property) throw new AppError('NOT_FOUND');
    await this.scope.require(auth, 'tenancy.manage', { path: property.node_path });
    const rows = await this.tenancies.findByProperty(property.id, q, this.flagClock(), q.limit, decodeCursor(q.cursor, Cursor));
    return toPage(rows, q.limit, toTenancyDto, (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }));
  }

  /** A tenancy the caller manages as its landlord (404 for anyone else). */
  private async managed(auth: AuthContext, id: string, tx?: EntityManager): Promise<TenancyRow> {
    const row = await this.tenancies.findTenancy(id, this.flagClock(), tx);
    if (!row) throw new AppError('NOT_FOUND');
    await this.scope.require(auth, 'tenancy.manage', { path: row.node_path });
    return row;
  }

  async confirm(auth: AuthContext, id: string): Promise<TenancyDto> {
    const row = await this.managed(auth, id);
    if (row.status !== 'pending') throw new AppError('TENANCY_NOT_PENDING');
    await this.db.transaction((tx) => this.tenancies.confirm(id, this.clock.now(), tx));
    return toTenancyDto((await this.tenancies.findTenancy(id, this.flagClock()))!);
  }

  async verify(auth: AuthContext, id: string): Promise<TenancyDto> {
    const row = await this.managed(auth, id);
    if (row.status === 'ended') throw new AppError('TENANCY_ENDED');
    if (row.status === 'pending') throw new AppError('CONFLICT', '这位租客还没有确认，请先确认登记');
    await this.tenancies.verify(id, this.clock.now());
    return toTenancyDto((await this.tenancies.findTenancy(id, this.flagClock()))!);
  }

  async moveOut(auth: AuthContext, id: string, date: string): Promise<TenancyDto> {
    const row = await this.managed(auth, id);
    if (row.status === 'ended') throw new AppError('TENANCY_ENDED');
    const now = this.clock.now();
    if (date < row.move_in_date || date > beijingDate(now)) throw new AppError('MOVE_OUT_DATE_INVALID', undefined, [{ path: 'date', field: 'date', message: `搬离日期应在 ${row.move_in_date} 到今天之间` }]);
    await this.db.transaction(async (tx) => {
      await this.tenancies.end(id, date, now, tx);
      await this.queue.enqueue(tx, PURGE_JOB, { tenancyId: id }, { runAt: new Date(now.getTime() + this.config.tenancy.retentionDays * DAY_MS), dedupeKey: `tenancy-purge:${id}` });
    });
    return toTenancyDto((await this.tenancies.findTenancy(id, this.flagClock()))!);
  }

  /** The queue job: removes an ended tenancy and its people once the retention period is over. */
  async purge(tenancyId: string, tx: EntityManager): Promise<void> {
    const before = new Date(this.clock.now().getTime() - this.config.tenancy.retentionDays * DAY_MS);
    const row = await this.tenancies.findPurgeable(tenancyId, before, tx);
    if (!row) return;
    await this.tenancies.deleteTenancy(row.id, tx);
    const personIds = [row.person_id, ...row.co_residents.map((c) => c.personId).filter((x): x is string => !!x)];
    await this.tenancies.purgePersons(personIds, row.household_id, tx);
  }

  async roster(auth: AuthContext, gridId: string, q: TenanciesQuery): Promise<Page<RosterItem>> {
    const node = await this.scope.requireNode(auth, 'tenancy.roster', gridId);
    const rows = await this.tenancies.findInSubtree(node.path, q, this.flagClock(), q.limit, decodeCursor(q.cursor, Cursor));
    return toPage(rows, q.limit, (r) => ({ ...toTenancyDto(r), landlordName: r.landlord_name, gridName: r.grid_name }), (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }));
  }

  /** The roster as Excel for the police station: masked unless configured otherwise; every export audited. */
  async exportRoster(auth: AuthContext, gridId: string, q: RosterExportQuery): Promise<{ file: Buffer; filename: string }> {
    const node = await this.scope.requireNode(auth, 'tenancy.roster', gridId);
    const rows = await this.tenancies.findInSubtree(node.path, q, this.flagClock(), 10_000);
    const full = this.config.tenancy.exportValues === 'full';
    await this.audit.record({
      actorId: auth.userId, nodeId: gridId, action: 'tenancies.export', subjectType: 'grid', subjectId: gridId,
      field: full ? 'id_number,phone' : null, reason: `出租房屋租客登记表，${rows.length} 条，${full ? '完整证件号和手机号' : '脱敏'}`,
    });
    const today = beijingDate(this.clock.now());
    const file = await rosterXlsx(`${node.name} 出租房屋租客登记表（${today}）`, rows.map((r) => ({
      ...r,
      flags: toTenancyDto(r).flags,
      idNumber: full && r.id_number_enc ? this.crypto.decrypt(r.id_number_enc) : r.id_number_masked,
      phone: full && r.phone_enc ? this.crypto.decrypt(r.phone_enc) : r.phone_masked,
    })));
    return { file, filename: `租客登记表-${node.name}-${today}.xlsx` };
  }
}
