import { Injectable } from '@nestjs/common';
import type { InviteRole, NodeKind } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';

export interface InviteRow {
  id: string;
  node_id: string;
  node_path: string;
  node_name: string;
  node_kind: NodeKind;
  role: InviteRole;
  token_enc: string;
  linked_person_id: string | null;
  linked_person_name: string | null;
  require_approval: boolean;
  max_uses: number;
  uses: number;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: Date;
}

const COLUMNS = `i.id, i.node_id, i.node_path::text as node_path, n.name as node_name, n.kind as node_kind, i.role, i.token_enc,
  i.linked_person_id, lp.name as linked_person_name, i.require_approval, i.max_uses, i.uses, i.expires_at, i.revoked_at, i.created_at`;
const FROM = `invite i join grid_node n on n.id = i.node_id left join person lp on lp.id = i.linked_person_id`;

type Db = DataSource | EntityManager;

@Injectable()
export class InvitesRepository {
  constructor(private readonly db: DataSource) {}

  async insert(i: { nodeId: string; role: InviteRole; tokenHash: string; tokenEnc: string; linkedPersonId: string | null; requireApproval: boolean; maxUses: number; expiresInHours: number; createdBy: string }): Promise<InviteRow> {
    const rows: { id: string }[] = await this.db.query(
      `insert into invite (node_id, role, token_hash, token_enc, linked_person_id, require_approval, max_uses, expires_at, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(hours => $8), $9) returning id`,
      [i.nodeId, i.role, i.tokenHash, i.tokenEnc, i.linkedPersonId, i.requireApproval, i.maxUses, i.expiresInHours, i.createdBy],
    );
    return (await this.findById(rows[0]!.id))!;
  }

  async findById(id: string): Promise<InviteRow | undefined> {
    const rows: InviteRow[] = await this.db.query(`select ${COLUMNS} from ${FROM} where i.id = $1`, [id]);
    return rows[0];
  }

  /** By the keyed hash of its token; `forUpdate` locks the invite for a join. */
  async findByTokenHash(hash: string, db: Db = this.db, forUpdate = false): Promise<InviteRow | undefined> {
    const rows: InviteRow[] = await db.query(`select ${COLUMNS} from ${FROM} where i.token_hash = $1 ${forUpdate ? 'for update of i' : ''}`, [hash]);
    return rows[0];
  }

  async findByNode(nodeId: string, limit: number, after?: { createdAt: string; id: string }): Promise<InviteRow[]> {
    return this.db.query(
      `select ${COLUMNS} from ${FROM}
        where i.node_id = $1 and ($2::timestamptz is null or (i.created_at, i.id) < ($2::timestamptz, $3::uuid))
        order by i.created_at desc, i.id desc limit $4`,
      [nodeId, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
  }

  async revoke(id: string): Promise<void> {
    await this.db.query(`update invite set revoked_at = now() where id = $1 and revoked_at is null`, [id]);
  }

  async countUse(id: string, db: Db): Promise<void> {
    await db.query(`update invite set uses = uses + 1 where id = $1`, [id]);
  }
}

/** The writes of one join, all inside the join's transaction. */
export class JoinWrites {
  constructor(private readonly tx: EntityManager) {}

  async recordConsent(userId: string, version: string, inviteId: string): Promise<void> {
    await this.tx.query(`insert into consent (user_id, notice_version, invite_id) values ($1, $2, $3)`, [userId, version, inviteId]);
  }

  async hasLiveMembership(userId: string, nodeId: string, role: string): Promise<boolean> {
    const rows: unknown[] = await this.tx.query(`select 1 from membership where user_id = $1 and node_id = $2 and role = $3 and status in ('pending','active')`, [userId, nodeId, role]);
    return rows.length > 0;
  }

  async insertMembership(m: { userId: string; nodeId: string; role: string; active: boolean; householdId: string | null; personId: string | null; inviteId: string }): Promise<{ id: string; status: 'active' | 'pending' }> {
    const rows: { id: string; status: 'active' | 'pending' }[] = await this.tx.query(
      `insert into membership (user_id, node_id, role, status, household_id, person_id, invite_id, decided_at)
       values ($1, $2, $3, $4, $5, $6, $7, case when $4 = 'active' then now() end) returning id, status`,
      [m.userId, m.nodeId, m.role, m.active ? 'active' : 'pending', m.householdId, m.personId, m.inviteId],
    );
    return rows[0]!;
  }

  async linkFamily(userId: string, personId: string): Promise<void> {
    await this.tx.query(
      `insert into family_link (district_id, user_id, person_id) select p.district_id, $1, p.id from person p where p.id = $2
       on conflict (user_id, person_id) do nothing`,
      [userId, personId],
    );
  }

  /** A person record the joiner may take over: same name, not yet anyone's, and no phone that contradicts. */
  async claimablePerson(householdId: string, name: string, phoneBidx: string | null): Promise<string | undefined> {
    const rows: { id: string }[] = await this.tx.query(
      `select id from person where household_id = $1 and name = $2 and user_id is null
          and (phone_bidx is null or $3::text is null or phone_bidx = $3) order by created_at limit 1`,
      [householdId, name, phoneBidx],
    );
    return rows[0]?.id;
  }

  async attachUser(personId: string, userId: string): Promise<void> {
    await this.tx.query(`update person set user_id = $2, updated_at = now() where id = $1`, [personId, userId]);
  }

  /** New users are called 微信用户xxxx until they tell us their name. */
  async nameUser(userId: string, name: string): Promise<void> {
    await this.tx.query(`update app_user set display_name = $2 where id = $1 and display_name like '微信用户%'`, [userId, name]);
  }
}
