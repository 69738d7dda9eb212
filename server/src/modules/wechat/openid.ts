import type { DataSource, EntityManager } from 'typeorm';

/** The WeChat openid of a user: what every call to WeChat on their behalf needs. */
export async function openidOf(db: DataSource | EntityManager, userId: string): Promise<string | undefined> {
  const rows: { openid: string }[] = await db.query(`select openid from app_user where id = $1`, [userId]);
  return rows[0]?.openid;
}
