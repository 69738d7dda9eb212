import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock.js';
import { AppError } from '../errors/app-error.js';

/**
 * Fixed-window counters in PostgreSQL, so every server instance counts against the same limit.
 * One upsert per hit; the window restarts when it has passed.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Counts a hit on `key`; over `limit` within `windowSeconds` → 429 RATE_LIMITED with Retry-After. */
  async hit(key: string, limit: number, windowSeconds = 60): Promise<void> {
    const rows: { hits: number; retry_after: number }[] = await this.db.query(
      `insert into rate_limit (key, window_start, hits) values ($1, $3, 1)
       on conflict (key) do update set
         hits = case when rate_limit.window_start < $3::timestamptz - make_interval(secs => $2) then 1 else rate_limit.hits + 1 end,
         window_start = case when rate_limit.window_start < $3::timestamptz - make_interval(secs => $2) then $3 else rate_limit.window_start end
       returning hits, greatest(1, ceil(extract(epoch from (window_start + make_interval(secs => $2) - $3::timestamptz))))::int as retry_after`,
      [key, windowSeconds, this.clock.now()],
    );
    const row = rows[0]!;
    // now and then, forget windows long past (keeps the table small without a scheduler)
    if (Math.random() < 0.01) void this.db.query(`delete from rate_limit where window_start < $1::timestamptz - interval '1 day'`, [this.clock.now()]).catch(() => undefined);
    if (row.hits > limit) {
      throw new AppError('RATE_LIMITED', undefined, { retryAfterSeconds: row.retry_after }, { 'Retry-After': String(row.retry_after) });
    }
  }
}
