import { Injectable } from '@nestjs/common';
import { addressKey, type ImportResult } from '@linli/shared';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { FieldCrypto } from '../../common/crypto/field-crypto.js';
import { AppError } from '../../common/errors/app-error.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { CarePolicyService } from '../care/care-policy.service.js';
import { HouseholdsRepository } from './households.repository.js';
import { HOUSEHOLD_NODE_KINDS } from './households.service.js';
import { splitTags } from './persons.mapper.js';
import { protectIdNumber, protectPhone } from './protected-fields.js';
import { parseRoster } from './roster/roster-parse.js';
import { rosterTemplateXlsx } from './roster/roster-template.js';

/**
 * The Excel roster communities already keep. Good rows go in together in one transaction (or
 * none do, if the database refuses); bad rows are reported by row number and never applied.
 * A re-import finds the same households by address and the same people by ID number (blind
 * index) or by name within the household, and updates them instead of adding duplicates.
 */
@Injectable()
export class RosterImportService {
  constructor(
    private readonly db: DataSource,
    private readonly households: HouseholdsRepository,
    private readonly scope: ScopePolicy,
    private readonly crypto: FieldCrypto,
    private readonly carePolicy: CarePolicyService,
  ) {}

  async template(auth: AuthContext, nodeId: string): Promise<{ file: Buffer; filename: string }> {
    const node = await this.scope.requireNode(auth, 'households.write', nodeId);
    return { file: await rosterTemplateXlsx(node.name), filename: `住户登记模板-${node.name}.xlsx` };
  }

  /** `readFile` is called only after the caller is known to be allowed: outsiders get 404, not a file error. */
  async import(auth: AuthContext, nodeId: string, readFile: () => Promise<Buffer>): Promise<ImportResult> {
    const node = await this.scope.requireNode(auth, 'households.write', nodeId);
    if (!HOUSEHOLD_NODE_KINDS.includes(node.kind)) throw new AppError('INVALID_CHILD_KIND', '住户请导入到微网格（或出租房）下');
    const parsed = await parseRoster(await readFile());
    const result: ImportResult = { created: 0, updated: 0, households: { created: 0, updated: 0 }, appliedRows: [], errors: parsed.errors };

    await this.db.transaction(async (tx) => {
      const touched = new Set<string>();
      const createdHouseholds = new Set<string>();
      for (const row of parsed.rows) {
        const key = addressKey(row);
        let household = await this.households.findExact(nodeId, key, tx);
        if (!household) {
          const id = (await this.households.insert(nodeId, row, key, row.occupancy, tx))!;
          household = { id, occupancy: row.occupancy };
          createdHouseholds.add(id);
        } else if (household.occupancy !== row.occupancy) {
          await this.households.setOccupancy(household.id, row.occupancy, tx);
          household.occupancy = row.occupancy;
          if (!createdHouseholds.has(household.id)) touched.add(household.id);
        }

        const idNumber = protectIdNumber(row.idNumber, this.crypto);
        const phone = protectPhone(row.phone, this.crypto);
        const tags = splitTags(row.tags, this.crypto);
        const existing =
          (idNumber.bidx ? await this.households.findPersonByIdNumber(node.path, idNumber.bidx, tx) : undefined) ??
          (await this.households.findPersonByName(household.id, row.name, tx));
        if (existing) {
          const columns: Record<string, unknown> = { name: row.name, tags: tags.tags, sensitive_tags_enc: tags.sensitiveEnc };
          if (existing.household_id !== household.id) columns.household_id = household.id;
          if (row.gender) columns.gender = row.gender;
          if (row.birthDate) columns.birth_date = row.birthDate;
          if (row.relation) columns.relation = row.relation;
          if (phone.enc) Object.assign(columns, { phone_enc: phone.enc, phone_bidx: phone.bidx, phone_masked: phone.masked });
          if (idNumber.enc) Object.assign(columns, { id_number_enc: idNumber.enc, id_number_bidx: idNumber.bidx, id_number_masked: idNumber.masked });
          await this.households.updatePerson(existing.id, columns, tx);
          await this.carePolicy.ensureDefaultPlan(existing.id, row.tags, tx);
          result.updated++;
        } else {
          const personId = await this.households.insertPerson(
            {
              householdId: household.id,
              name: row.name,
              gender: row.gender ?? null,
              birthDate: row.birthDate ?? null,
              relation: row.relation ?? null,
              phone,
              idNumber,
              tags: tags.tags,
              sensitiveTagsEnc: tags.sensitiveEnc,
            },
            tx,
          );
          await this.carePolicy.ensureDefaultPlan(personId, row.tags, tx);
          result.created++;
        }
        result.appliedRows.push(row.row);
      }
      result.households = { created: createdHouseholds.size, updated: touched.size };
    });
    return result;
  }
}
