import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface UploadRow {
  id: string;
  owner_user_id: string;
  content_type: string;
  byte_size: number;
  width: number | null;
  height: number | null;
  storage_key: string;
  thumb_key: string;
  check_status: 'pending' | 'pass' | 'risky';
  check_trace_id: string | null;
  attached_kind: AttachKind | null;
  attached_id: string | null;
  created_at: Date;
}

export type AttachKind = 'visit' | 'report' | 'report_event';

@Injectable()
export class UploadsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(u: Omit<UploadRow, 'check_status' | 'check_trace_id' | 'attached_kind' | 'attached_id'>, tx: EntityManager): Promise<void> {
    await tx.query(
      `insert into upload (id, owner_user_id, content_type, byte_size, width, height, storage_key, thumb_key, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [u.id, u.owner_user_id, u.content_type, u.byte_size, u.width, u.height, u.storage_key, u.thumb_key, u.created_at],
    );
  }

  async find(id: string, db: DataSource | EntityManager = this.db): Promise<UploadRow | undefined> {
    const rows: UploadRow[] = await db.query(`select * from upload where id = $1`, [id]);
    return rows[0];
  }

  async findMany(ids: readonly string[], db: DataSource | EntityManager = this.db): Promise<UploadRow[]> {
    if (ids.length === 0) return [];
    return db.query(`select * from upload where id = any($1::uuid[])`, [ids]);
  }

  /** Locks the rows for attaching (a photo belongs to one thing). */
  async lockMany(ids: readonly string[], tx: EntityManager): Promise<UploadRow[]> {
    return tx.query(`select * from upload where id = any($1::uuid[]) for update`, [ids]);
  }

  async attach(ids: readonly string[], kind: AttachKind, attachedId: string, tx: EntityManager): Promise<void> {
    await tx.query(`update upload set attached_kind = $2, attached_id = $3 where id = any($1::uuid[])`, [ids, kind, attachedId]);
  }

  async setCheck(id: string, s: { traceId?: string; status?: 'pass' | 'risky' }, tx: EntityManager): Promise<void> {
    await tx.query(
      `update upload set check_trace_id = coalesce($2, check_trace_id), check_status = coalesce($3, check_status) where id = $1`,
      [id, s.traceId ?? null, s.status ?? null],
    );
  }

  /** WeChat's verdict by trace id; answers the upload's id, or undefined for an unknown trace. */
  async setVerdictByTrace(traceId: string, status: 'pass' | 'risky'): Promise<string | undefined> {
    const rows: { id: string }[] = await this.db.query(
      `with u as (update upload set check_status = $2 where check_trace_id = $1 returning id) select id from u`,
      [traceId, status],
    );
    return rows[0]?.id;
  }
}
