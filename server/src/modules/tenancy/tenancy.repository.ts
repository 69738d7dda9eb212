import { Injectable } from '@nestjs/common';
import type { CoResident, TenancyFlag, TenancyStatus } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface PropertyRow {
  id: string;
  node_path: string;
  grid_id: string;
  grid_name: string;
  address: string;
  rooms: string[];
  owner_id: string;
  active_count: number;
  pending_count: number;
  flagged_count: number;
  created_at: Date;
}

export interface TenancyRow {
  id: string;
  node_id: string;
  node_path: string;
  property_id: string;
  address: string;
  household_id: string;
  person_id: string;
  user_id: string | null;
  room: string;
  status: TenancyStatus;
  employer: string | null;
  home_region: string | null;
  co_residents: (CoResident & { personId?: string })[];
  move_in_date: string;
  expected_move_out_date: string | null;
  moved_out_on: string | null;
  ended_at: Date | null;
  verified_at: Date;
  self_registered: boolean;
  created_at: Date;
  name: string;
  gender: 'male' | 'female' | null;
  birth_date: string | null;
  id_number_masked: string | null;
  phone_masked: string | null;
  id_number_enc: string | null;
  phone_enc: string | null;
  landlord_name: string;
  grid_name: string;
  overdue: boolean;
  unverified: boolean;
}

/** What "now" means for flags: the clock's instant, and today's date in Beijing. */
export interface FlagClock {
  now: Date;
  today: string;
  reverifyDays: number;
}

export interface TenancyFilter {
  status?: TenancyStatus;
  flag?: TenancyFlag;
}

export interface NewTenancy {
  nodeId: string;
  propertyId: string;
  householdId: string;
  personId: string;
  userId: string | null;
  room: string;
  status: 'pending' | 'active';
  employer: string | null;
  homeRegion: string | null;
  coResidents: (CoResident & { personId: string })[];
  moveInDate: string;
  expectedMoveOutDate: string | null;
  selfRegistered: boolean;
  createdBy: string;
  at: Date;
}

const PROPERTY_COLUMNS = `pr.id, pr.node_path::text as node_path, pr.grid_id, g.name as grid_name, pr.address, pr.rooms, pr.owner_id, pr.created_at,
  (select count(*) from tenancy t where t.property_id = pr.id and t.status = 'active')::int as active_count,
  (select count(*) from tenancy t where t.property_id = pr.id and t.status = 'pending')::int as pending_count`;

/** $1 = now, $2 = today (Beijing), $3 = re-verify days. */
const FLAGS = `(t.status = 'active' and t.expected_move_out_date is not null and t.expected_move_out_date < $2::date) as overdue,
  (t.status = 'active' and t.verified_at < $1::timestamptz - make_interval(days => $3::int)) as unverified`;

const TENANCY_SELECT = `select t.id, t.node_id, t.node_path::text as node_path, t.property_id, pr.address, t.household_id, t.person_id, t.user_id, t.room, t.status,
  t.employer, t.home_region, t.co_residents, to_char(t.move_in_date, 'YYYY-MM-DD') as move_in_date,
  to_char(t.expected_move_out_date, 'YYYY-MM-DD') as expected_move_out_date, to_char(t.moved_out_on, 'YYYY-MM-DD') as moved_out_on,
  t.ended_at, t.verified_at, t.self_registered, t.created_at,
  p.name, p.gender, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, p.id_number_masked, p.phone_masked, p.id_number_enc, p.phone_enc,
  u.display_name as landlord_name, g.name as grid_name, ${FLAGS}
  from tenancy t
  join person p on p.id = t.person_id
  join property pr on pr.id = t.property_id
  join app_user u on u.id = pr.owner_id
  join grid_node g on g.id = pr.grid_id`;

/** Filter by status and flag; parameters from $4 on. */
const FILTER = `($4::text is null or t.status = $4)
  and ($5::text is null
       or ($5 = 'overdue' and t.status = 'active' and t.expected_move_out_date < $2::date)
       or ($5 = 'unverified' and t.status = 'active' and t.verified_at < $1::timestamptz - make_interval(days => $3::int)))`;

@Injectable()
export class TenancyRepository {
  constructor(private readonly db: DataSource) {}

  /** The landlord's live membership at a node (the micro-grid where they may register houses). */
  async isLandlordAt(userId: string, nodeId: string, db: Db = this.db): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `select 1 from membership m join grid_node n on n.id = m.node_id
        where m.user_id = $1 and m.node_id = $2 and m.role = 'landlord' and m.status = 'active' and n.kind in ('micro_grid', 'grid')`,
      [userId, nodeId],
    );
    return rows.length > 0;
  }

  async insertRentalGroup(gridId: string, name: string, db: Db): Promise<string | undefined> {
    const rows: { id: string }[] = await db.query(
      `insert into grid_node (parent_id, name, kind) values ($1, $2, 'rental_group') on conflict (parent_id, name) do nothing returning id`,
      [gridId, name],
    );
    return rows[0]?.id;
  }

  async insertProperty(p: { id: string; gridId: string; address: string; rooms: string[]; ownerId: string }, db: Db): Promise<void> {
    await db.query(`insert into property (id, node_id, grid_id, address, rooms, owner_id) values ($1, $1, $2, $3, $4::text[], $5)`, [p.id, p.gridId, p.address, p.rooms, p.ownerId]);
  }

  async insertLandlordMembership(userId: string, nodeId: string, db: Db): Promise<void> {
    await db.query(
      `insert into membership (user_id, node_id, role, status) values ($1, $2, 'landlord', 'active')
       on conflict (user_id, node_id, role) where status in ('pending','active') do nothing`,
      [userId, nodeId],
    );
  }

  /** Houses where the user is an active landlord. */
  async findPropertiesOf(userId: string, f: FlagClock): Promise<PropertyRow[]> {
    return this.db.query(
      `select ${PROPERTY_COLUMNS},
         (select count(*) from tenancy t where t.property_id = pr.id and t.status = 'active'
            and ((t.expected_move_out_date is not null and t.expected_move_out_date < $3::date) or t.verified_at < $2::timestamptz - make_interval(days => $4::int)))::int as flagged_count
         from property pr join grid_node g on g.id = pr.grid_id
        where exists (select 1 from membership m where m.node_id = pr.id and m.user_id = $1 and m.role = 'landlord' and m.status = 'active')
        order by pr.created_at, pr.address, pr.id`,
      [userId, f.now, f.today, f.reverifyDays],
    );
  }

  async findProperty(id: string, db: Db = this.db): Promise<Pick<PropertyRow, 'id' | 'node_path' | 'grid_id' | 'address' | 'rooms' | 'owner_id'> | undefined> {
    const rows = await db.query(`select id, node_path::text as node_path, grid_id, address, rooms, owner_id from property where id = $1`, [id]);
    return rows[0];
  }

  async findTenancy(id: string, f: FlagClock, db: Db = this.db): Promise<TenancyRow | undefined> {
    const rows: TenancyRow[] = await db.query(`${TENANCY_SELECT} where t.id = $4`, [f.now, f.today, f.reverifyDays, id]);
    return rows[0];
  }

  async findByProperty(propertyId: string, filter: TenancyFilter, f: FlagClock, limit: number, after?: { createdAt: string; id: string }): Promise<TenancyRow[]> {
    return this.db.query(
      `${TENANCY_SELECT}
        where t.property_id = $6 and ${FILTER}
          and ($7::timestamptz is null or (t.created_at, t.id) < ($7::timestamptz, $8::uuid))
        order by t.created_at desc, t.id desc limit $9`,
      [f.now, f.today, f.reverifyDays, filter.status ?? null, filter.flag ?? null, propertyId, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
  }

  /** The roster of a subtree (index-backed by the tenancy path). */
  async findInSubtree(path: string, filter: TenancyFilter, f: FlagClock, limit: number, after?: { createdAt: string; id: string }): Promise<TenancyRow[]> {
    return this.db.query(
      `${TENANCY_SELECT}
        where t.node_path <@ $6::ltree and ${FILTER}
          and ($7::timestamptz is null or (t.created_at, t.id) < ($7::timestamptz, $8::uuid))
        order by t.created_at desc, t.id desc limit $9`,
      [f.now, f.today, f.reverifyDays, filter.status ?? null, filter.flag ?? null, path, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
  }

  /** A live tenancy of the same ID number (blind index) in this house. */
  async findLiveByIdNumber(propertyId: string, bidx: string, db: Db): Promise<{ id: string } | undefined> {
    const rows = await db.query(
      `select t.id from tenancy t join person p on p.id = t.person_id where t.property_id = $1 and p.id_number_bidx = $2 and t.status <> 'ended' limit 1`,
      [propertyId, bidx],
    );
    return rows[0];
  }

  async findLiveByPerson(personId: string, db: Db): Promise<{ id: string } | undefined> {
    const rows = await db.query(`select id from tenancy where person_id = $1 and status <> 'ended'`, [personId]);
    return rows[0];
  }

  /** The caller's live tenant membership of a house (for registering themself). */
  async tenantMembership(userId: string, nodeId: string, db: Db): Promise<{ id: string; status: string; household_id: string | null; person_id: string | null } | undefined> {
    const rows = await db.query(
      `select id, status, household_id, person_id from membership where user_id = $1 and node_id = $2 and role = 'tenant' and status in ('pending','active')`,
      [userId, nodeId],
    );
    return rows[0];
  }

  async linkMembership(membershipId: string, householdId: string, personId: string, db: Db): Promise<void> {
    await db.query(`update membership set household_id = $2, person_id = $3 where id = $1`, [membershipId, householdId, personId]);
  }

  async insertTenancy(n: NewTenancy, db: Db): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `insert into tenancy (node_id, property_id, household_id, person_id, user_id, room, status, employer, home_region, co_residents,
                            move_in_date, expected_move_out_date, verified_at, self_registered, created_by, confirmed_at, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::date, $12::date, $13, $14, $15, $16, $13) returning id`,
      [n.nodeId, n.propertyId, n.householdId, n.personId, n.userId, n.room, n.status, n.employer, n.homeRegion, JSON.stringify(n.coResidents),
       n.moveInDate, n.expectedMoveOutDate, n.at, n.selfRegistered, n.createdBy, n.status === 'active' ? n.at : null],
    );
    return rows[0]!.id;
  }

  async confirm(id: string, at: Date, db: Db): Promise<void> {
    await db.query(`update tenancy set status = 'active', confirmed_at = $2, verified_at = $2 where id = $1 and status = 'pending'`, [id, at]);
    await db.query(
      `update membership m set status = 'active' from tenancy t
        where t.id = $1 and m.user_id = t.user_id and m.node_id = t.node_id and m.role = 'tenant' and m.status = 'pending'`,
      [id],
    );
  }

  async verify(id: string, at: Date, db: Db = this.db): Promise<void> {
    await db.query(`update tenancy set verified_at = $2 where id = $1 and status = 'active'`, [id, at]);
  }

  /** Ends the tenancy and the tenant's membership of the house. */
  async end(id: string, date: string, at: Date, db: Db): Promise<void> {
    await db.query(`update tenancy set status = 'ended', moved_out_on = $2::date, ended_at = $3 where id = $1 and status <> 'ended'`, [id, date, at]);
    await db.query(
      `update membership m set status = 'removed' from tenancy t
        where t.id = $1 and m.node_id = t.node_id and m.role = 'tenant' and m.status in ('pending','active')
          and (m.user_id = t.user_id or m.person_id = t.person_id)`,
      [id],
    );
  }

  /** An ended tenancy whose retention period is over, locked for purging. */
  async findPurgeable(id: string, before: Date, db: Db): Promise<{ id: string; person_id: string; household_id: string; co_residents: { personId?: string }[] } | undefined> {
    const rows = await db.query(`select id, person_id, household_id, co_residents from tenancy where id = $1 and status = 'ended' and ended_at <= $2 for update`, [id, before]);
    return rows[0];
  }

  async deleteTenancy(id: string, db: Db): Promise<void> {
    await db.query(`delete from tenancy where id = $1`, [id]);
  }

  /**
   * Removes the people of a purged tenancy: their membership links are cut, then each person row is
   * deleted, or, where other records (a visit, a notice receipt) still point at it, stripped of
   * everything personal. The room's household goes too when nobody is left in it.
   */
  async purgePersons(personIds: string[], householdId: string, db: Db): Promise<void> {
    await db.query(`update membership set person_id = null, household_id = null where person_id = any($1::uuid[]) and status not in ('pending','active')`, [personIds]);
    for (const personId of personIds) {
      const live: unknown[] = await db.query(`select 1 from tenancy where person_id = $1 union all select 1 from membership where person_id = $1`, [personId]);
      if (live.length) continue;
      await db.query('savepoint purge_person');
      try {
        await db.query(`delete from person where id = $1`, [personId]);
        await db.query('release savepoint purge_person');
      } catch {
        await db.query('rollback to savepoint purge_person');
        await db.query(
          `update person set name = '已清除', gender = null, birth_date = null, phone_enc = null, phone_bidx = null, phone_masked = null,
                  id_number_enc = null, id_number_bidx = null, id_number_masked = null, sensitive_tags_enc = null, user_id = null where id = $1`,
          [personId],
        );
      }
    }
    await db.query('savepoint purge_household');
    try {
      await db.query(
        `delete from household h where h.id = $1 and not exists (select 1 from person where household_id = h.id)
            and not exists (select 1 from membership where household_id = h.id) and not exists (select 1 from tenancy where household_id = h.id)`,
        [householdId],
      );
      await db.query('release savepoint purge_household');
    } catch {
      await db.query('rollback to savepoint purge_household');
    }
  }
}
