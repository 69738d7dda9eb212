import { Injectable } from '@nestjs/common';
import type { AddressKey, Occupancy, PersonTag } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { PERSON_COLUMNS, type PersonRow } from './persons.mapper.js';
import type { ProtectedColumns } from './protected-fields.js';

export interface HouseholdRow {
  id: string;
  node_id: string;
  node_path: string;
  building: string;
  unit: string;
  room: string;
  occupancy: Occupancy;
  sort_key: string;
  person_count: number;
  tags: PersonTag[];
  joined_count: number;
  updated_at: Date;
}

const HOUSEHOLD_COLUMNS = `h.id, h.node_id, h.node_path::text as node_path, h.building, h.unit, h.room, h.occupancy, h.sort_key, h.updated_at,
  coalesce(agg.person_count, 0)::int as person_count, coalesce(agg.tags, '{}') as tags, coalesce(agg.joined_count, 0)::int as joined_count`;
const HOUSEHOLD_AGG = `left join lateral (
    select count(*) as person_count, count(p.user_id) as joined_count,
           array(select distinct t from person p2, unnest(p2.tags) t where p2.household_id = h.id order by t) as tags
      from person p where p.household_id = h.id) agg on true`;

export interface NewPerson {
  householdId: string;
  name: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  relation: string | null;
  phone: ProtectedColumns;
  idNumber: ProtectedColumns;
  tags: PersonTag[];
  sensitiveTagsEnc: string | null;
  userId?: string | null;
}

type Db = DataSource | EntityManager;

@Injectable()
export class HouseholdsRepository {
  constructor(private readonly db: DataSource) {}

  async findById(id: string, db: Db = this.db): Promise<HouseholdRow | undefined> {
    const rows: HouseholdRow[] = await db.query(`select ${HOUSEHOLD_COLUMNS} from household h ${HOUSEHOLD_AGG} where h.id = $1`, [id]);
    return rows[0];
  }

  async findInSubtree(path: string, filter: { q?: string; tag?: PersonTag }, limit: number, after?: { sortKey: string; id: string }): Promise<HouseholdRow[]> {
    return this.db.query(
      `select ${HOUSEHOLD_COLUMNS} from household h ${HOUSEHOLD_AGG}
        where h.node_path <@ $1::ltree
          and ($2::text is null or (h.building || h.unit || h.room) ilike '%' || $2 || '%' or (h.building_key || '-' || h.unit_key || '-' || h.room_key) ilike '%' || $2 || '%')
          and ($3::text is null or exists (select 1 from person p where p.household_id = h.id and $3 = any(p.tags)))
          and ($4::text is null or (h.sort_key, h.id) > ($4::text, $5::uuid))
        order by h.sort_key, h.id
        limit $6`,
      [path, filter.q ?? null, filter.tag ?? null, after?.sortKey ?? null, after?.id ?? null, limit + 1],
    );
  }

  /** Households of one node at an address; an empty building matches any building, and the reverse. */
  async findByAddress(nodeId: string, key: AddressKey, db: Db = this.db): Promise<{ id: string }[]> {
    return db.query(
      `select id from household where node_id = $1 and unit_key = $2 and room_key = $3
          and ($4 = '' or building_key = '' or building_key = $4)
        order by building_key = $4 desc`,
      [nodeId, key.unit, key.room, key.building],
    );
  }

  async findExact(nodeId: string, key: AddressKey, db: Db = this.db): Promise<{ id: string; occupancy: Occupancy } | undefined> {
    const rows: { id: string; occupancy: Occupancy }[] = await db.query(
      `select id, occupancy from household where node_id = $1 and building_key = $2 and unit_key = $3 and room_key = $4`,
      [nodeId, key.building, key.unit, key.room],
    );
    return rows[0];
  }

  /** Inserts a household; undefined when that address already exists in the node. */
  async insert(nodeId: string, a: { building: string; unit: string; room: string }, key: AddressKey, occupancy: Occupancy, db: Db = this.db): Promise<string | undefined> {
    const rows: { id: string }[] = await db.query(
      `insert into household (node_id, building, unit, room, building_key, unit_key, room_key, occupancy)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (node_id, building_key, unit_key, room_key) do nothing returning id`,
      [nodeId, a.building, a.unit, a.room, key.building, key.unit, key.room, occupancy],
    );
    return rows[0]?.id;
  }

  async setOccupancy(id: string, occupancy: Occupancy, db: Db = this.db): Promise<void> {
    await db.query(`update household set occupancy = $2, updated_at = now() where id = $1 and occupancy <> $2`, [id, occupancy]);
  }

  async findPersons(householdId: string, db: Db = this.db): Promise<PersonRow[]> {
    return db.query(`select ${PERSON_COLUMNS} from person p where p.household_id = $1 order by (p.relation = '户主') desc nulls last, p.birth_date nulls last, p.created_at, p.id`, [householdId]);
  }

  async findPerson(id: string, db: Db = this.db): Promise<PersonRow | undefined> {
    const rows: PersonRow[] = await db.query(`select ${PERSON_COLUMNS} from person p where p.id = $1`, [id]);
    return rows[0];
  }

  /** A person of the node's subtree with this ID number (by blind index). */
  async findPersonByIdNumber(path: string, bidx: string, db: Db = this.db): Promise<PersonRow | undefined> {
    const rows: PersonRow[] = await db.query(`select ${PERSON_COLUMNS} from person p where p.node_path <@ $1::ltree and p.id_number_bidx = $2 limit 1`, [path, bidx]);
    return rows[0];
  }

  async findPersonByName(householdId: string, name: string, db: Db = this.db): Promise<PersonRow | undefined> {
    const rows: PersonRow[] = await db.query(`select ${PERSON_COLUMNS} from person p where p.household_id = $1 and p.name = $2 order by p.created_at limit 1`, [householdId, name]);
    return rows[0];
  }

  async insertPerson(p: NewPerson, db: Db = this.db): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `insert into person (household_id, name, gender, birth_date, relation, phone_enc, phone_bidx, phone_masked,
                           id_number_enc, id_number_bidx, id_number_masked, tags, sensitive_tags_enc, user_id)
       values ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13, $14) returning id`,
      [p.householdId, p.name, p.gender, p.birthDate, p.relation, p.phone.enc, p.phone.bidx, p.phone.masked,
       p.idNumber.enc, p.idNumber.bidx, p.idNumber.masked, p.tags, p.sensitiveTagsEnc, p.userId ?? null],
    );
    await db.query(`update household set updated_at = now() where id = $1`, [p.householdId]);
    return rows[0]!.id;
  }

  /** Sets the given columns of a person (column names come from our code, never from input). */
  async updatePerson(id: string, columns: Record<string, unknown>, db: Db = this.db): Promise<void> {
    const entries = Object.entries(columns);
    if (!entries.length) return;
    const sets = entries.map(([c], i) => `${c} = $${i + 2}${c === 'birth_date' ? '::date' : c === 'tags' ? '::text[]' : ''}`);
    await db.query(`update person set ${sets.join(', ')}, updated_at = now() where id = $1`, [id, ...entries.map(([, v]) => v)]);
    await db.query(`update household set updated_at = now() where id = (select household_id from person where id = $1)`, [id]);
  }
}
