import { Injectable } from '@nestjs/common';
import {
  addressKey, formatAddress, type CreateHouseholdRequest, type CreatePersonRequest, type HouseholdDetail, type HouseholdsQuery,
  type HouseholdSummary, type NodeKind, type Page, type PersonDto, type RevealRequest, type UpdatePersonRequest,
} from '@linli/shared';
import { z } from 'zod';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { FieldCrypto } from '../../common/crypto/field-crypto.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, toPage } from '../../common/http/cursor.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { CarePolicyService } from '../care/care-policy.service.js';
import { GridsRepository } from '../grids/grids.repository.js';
import { HouseholdsRepository, type HouseholdRow } from './households.repository.js';
import { splitTags, toPersonDto, type PersonRow } from './persons.mapper.js';
import { derivedFromIdNumber, protectIdNumber, protectPhone } from './protected-fields.js';

const HouseholdCursor = z.object({ sortKey: z.string(), id: z.uuid() });

/** Households live in the small grids, where a head knows the doors. */
export const HOUSEHOLD_NODE_KINDS: readonly NodeKind[] = ['grid', 'micro_grid', 'rental_group'];

export function toHouseholdSummary(h: HouseholdRow): HouseholdSummary {
  return {
    id: h.id,
    nodeId: h.node_id,
    building: h.building,
    unit: h.unit,
    room: h.room,
    address: formatAddress(h),
    occupancy: h.occupancy,
    personCount: h.person_count,
    tags: h.tags,
    joinedCount: h.joined_count,
    updatedAt: h.updated_at.toISOString(),
  };
}

@Injectable()
export class HouseholdsService {
  constructor(
    private readonly households: HouseholdsRepository,
    private readonly grids: GridsRepository,
    private readonly scope: ScopePolicy,
    private readonly crypto: FieldCrypto,
    private readonly audit: AuditRepository,
    private readonly carePolicy: CarePolicyService,
  ) {}

  async list(auth: AuthContext, nodeId: string, q: HouseholdsQuery): Promise<Page<HouseholdSummary>> {
    const node = await this.scope.requireNode(auth, 'households.read', nodeId);
    const rows = await this.households.findInSubtree(node.path, { q: q.q || undefined, tag: q.tag }, q.limit, decodeCursor(q.cursor, HouseholdCursor));
    return toPage(rows, q.limit, toHouseholdSummary, (r) => ({ sortKey: r.sort_key, id: r.id }));
  }

  async create(auth: AuthContext, nodeId: string, body: CreateHouseholdRequest): Promise<HouseholdSummary> {
    const node = await this.scope.requireNode(auth, 'households.write', nodeId);
    if (!HOUSEHOLD_NODE_KINDS.includes(node.kind)) throw new AppError('INVALID_CHILD_KIND', '住户请登记在微网格（或出租房）下');
    const id = await this.households.insert(nodeId, body, addressKey(body), body.occupancy);
    if (!id) throw new AppError('HOUSEHOLD_EXISTS', `「${formatAddress(body)}」已经登记过了`);
    return toHouseholdSummary((await this.households.findById(id))!);
  }

  /** Staff of the household's node, or a member of the household itself (read only). */
  private async readable(auth: AuthContext, householdId: string): Promise<{ household: HouseholdRow; canEdit: boolean }> {
    const household = await this.households.findById(householdId);
    if (!household) throw new AppError('NOT_FOUND');
    const canEdit = await this.scope.can(auth, 'households.write', { path: household.node_path });
    if (!canEdit && !(await this.scope.can(auth, 'households.read', { path: household.node_path })) && !(await this.scope.ownsHousehold(auth, householdId))) {
      throw new AppError('NOT_FOUND');
    }
    return { household, canEdit };
  }

  async detail(auth: AuthContext, id: string): Promise<HouseholdDetail> {
    const { household, canEdit } = await this.readable(auth, id);
    const [persons, path, canReveal] = await Promise.all([
      this.households.findPersons(id),
      this.grids.findAncestors(household.node_path, { includeSelf: true }),
      this.scope.can(auth, 'persons.reveal', { path: household.node_path }),
    ]);
    return {
      household: toHouseholdSummary(household),
      path,
      persons: persons.map((p) => toPersonDto(p, this.crypto)),
      canEdit,
      canReveal,
    };
  }

  async addPerson(auth: AuthContext, householdId: string, body: CreatePersonRequest): Promise<PersonDto> {
    const household = await this.households.findById(householdId);
    if (!household) throw new AppError('NOT_FOUND');
    await this.scope.require(auth, 'households.write', { path: household.node_path });
    const derived = derivedFromIdNumber(body.idNumber);
    const tags = splitTags(body.tags, this.crypto);
    const id = await this.households.insertPerson({
      householdId,
      name: body.name,
      gender: derived.gender ?? body.gender ?? null,
      birthDate: derived.birthDate ?? body.birthDate ?? null,
      relation: body.relation ?? null,
      phone: protectPhone(body.phone, this.crypto),
      idNumber: protectIdNumber(body.idNumber, this.crypto),
      tags: tags.tags,
      sensitiveTagsEnc: tags.sensitiveEnc,
    });
    await this.carePolicy.ensureDefaultPlan(id, body.tags);
    return toPersonDto((await this.households.findPerson(id))!, this.crypto);
  }

  private async readablePerson(auth: AuthContext, id: string): Promise<{ person: PersonRow; canEdit: boolean }> {
    const person = await this.households.findPerson(id);
    if (!person) throw new AppError('NOT_FOUND');
    const { canEdit } = await this.readable(auth, person.household_id);
    return { person, canEdit };
  }

  async getPerson(auth: AuthContext, id: string): Promise<PersonDto> {
    return toPersonDto((await this.readablePerson(auth, id)).person, this.crypto);
  }

  /** Staff change anything; a resident only their own name, phone and birth date. */
  async updatePerson(auth: AuthContext, id: string, body: UpdatePersonRequest): Promise<PersonDto> {
    const { person, canEdit } = await this.readablePerson(auth, id);
    if (!canEdit) {
      if (person.user_id !== auth.userId) throw new AppError('NOT_FOUND');
      const staffOnly = (['gender', 'relation', 'idNumber', 'tags'] as const).filter((k) => body[k] !== undefined);
      if (staffOnly.length) throw new AppError('FORBIDDEN', '这些信息请联系网格长修改', { fields: staffOnly });
    }
    const columns: Record<string, unknown> = {};
    if (body.name !== undefined) columns.name = body.name;
    if (body.gender !== undefined) columns.gender = body.gender;
    if (body.birthDate !== undefined) columns.birth_date = body.birthDate;
    if (body.relation !== undefined) columns.relation = body.relation;
    if (body.phone !== undefined) {
      const p = protectPhone(body.phone, this.crypto);
      Object.assign(columns, { phone_enc: p.enc, phone_bidx: p.bidx, phone_masked: p.masked });
    }
    if (body.idNumber !== undefined) {
      const p = protectIdNumber(body.idNumber, this.crypto);
      Object.assign(columns, { id_number_enc: p.enc, id_number_bidx: p.bidx, id_number_masked: p.masked });
      const derived = derivedFromIdNumber(body.idNumber);
      if (derived.gender) Object.assign(columns, { gender: derived.gender, birth_date: derived.birthDate });
    }
    if (body.tags !== undefined) {
      const t = splitTags(body.tags, this.crypto);
      Object.assign(columns, { tags: t.tags, sensitive_tags_enc: t.sensitiveEnc });
    }
    await this.households.updatePerson(id, columns);
    if (body.tags) await this.carePolicy.ensureDefaultPlan(id, body.tags);
    return toPersonDto((await this.households.findPerson(id))!, this.crypto);
  }

  /** The full value of a protected field, for staff with a reason; the audit row is written first. */
  async reveal(auth: AuthContext, id: string, body: RevealRequest): Promise<{ value: string }> {
    const person = await this.households.findPerson(id);
    if (!person) throw new AppError('NOT_FOUND');
    await this.scope.require(auth, 'persons.reveal', { path: person.node_path });
    const stored = body.field === 'phone' ? person.phone_enc : person.id_number_enc;
    if (!stored) throw new AppError('NOT_FOUND', body.field === 'phone' ? '没有登记手机号' : '没有登记身份证号');
    await this.audit.record({ actorId: auth.userId, nodeId: person.node_id, action: 'person.reveal', subjectType: 'person', subjectId: person.id, field: body.field, reason: body.reason });
    return { value: this.crypto.decrypt(stored) };
  }
}
