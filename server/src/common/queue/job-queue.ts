import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PINO } from '../logging/logger.js';

type Db = DataSource | EntityManager;
export type JobHandler = (payload: Record<string, unknown>, tx: EntityManager) => Promise<void>;

interface JobRow {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}


/**
 * A job queue in PostgreSQL. Jobs are inserted in the same transaction as the event that causes
 * them (so they exist exactly when the event does); workers claim due jobs with
 * `FOR UPDATE SKIP LOCKED` (so several server instances never run one job twice at once), run each
 * in its own transaction together with marking it done, and retry failures with backoff. Handlers
 * are idempotent, so a job re-run after a crash between its work and its commit does no harm.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly handlers = new Map<string, JobHandler>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'queuePollMs'> & Partial<Pick<AppConfig, 'queueLockMs'>>,
    @Inject(PINO) private readonly log: Logger,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Adds a job inside the caller's transaction; a repeated dedupe key adds nothing. */
  async enqueue(db: Db, kind: string, payload: Record<string, unknown>, options: { runAt?: Date; dedupeKey?: string } = {}): Promise<void> {
    await db.query(`insert into job (kind, payload, run_at, dedupe_key) values ($1, $2, $3, $4) on conflict (dedupe_key) do nothing`, [
      kind,
      JSON.stringify(payload),
      options.runAt ?? this.clock.now(),
      options.dedupeKey ?? null,
    ]);
  }

  /** Adds many jobs of one kind in one statement (a fan-out's batch); repeated dedupe keys add nothing. */
  async enqueueMany(db: Db, kind: string, jobs: { payload: Record<string, unknown>; runAt?: Date; dedupeKey?: string }[]): Promise<void> {
    if (!jobs.length) return;
    const now = this.clock.now();
    await db.query(
      `insert into job (kind, payload, run_at, dedupe_key)
       select $1, p::jsonb, r, k from unnest($2::text[], $3::timestamptz[], $4::text[]) as j(p, r, k)
       on conflict (dedupe_key) do nothing`,
      [kind, jobs.map((j) => JSON.stringify(j.payload)), jobs.map((j) => j.runAt ?? now), jobs.map((j) => j.dedupeKey ?? null)],
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.queuePollMs <= 0) return;
    const tick = () => {
      if (this.stopped) return;
      void this.runDue()
        .catch((err) => this.log.warn({ err }, 'job queue poll failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.config.queuePollMs);
        });
    };
    this.timer = setTimeout(tick, this.config.queuePollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Claims and runs the jobs due now; answers how many ran. One pass at a time per instance. */
  runDue(limit = 20): Promise<number> {
    if (this.running) return this.running;
    this.running = this.pass(limit).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Runs passes until nothing is due (tests, after moving the clock). */
  async drain(): Promise<void> {
    while ((await this.runDue()) > 0);
  }

  private async pass(limit: number): Promise<number> {
    const now = this.clock.now();
    const jobs: JobRow[] = await this.db.query(
      `with claimed as (
         update job set locked_until = $2::timestamptz + make_interval(secs => $3 / 1000.0), attempts = attempts + 1
          where id in (select id from job where done_at is null and run_at <= $2 and (locked_until is null or locked_until < $2)
                        order by run_at, id for update skip locked limit $1)
          returning id, kind, payload, attempts, max_attempts, run_at)
       select * from claimed order by run_at, id`,
      [limit, now, this.config.queueLockMs ?? 60_000],
    );
    for (const job of jobs) await this.run(job);
    return jobs.length;
  }

  private async run(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await this.db.transaction(async (tx) => {
        await handler(job.payload, tx);
        await tx.query(`update job set done_at = $2, locked_until = null, last_error = null where id = $1`, [job.id, this.clock.now()]);
      });
    } catch (err) {
      const giveUp = job.attempts >= job.max_attempts;
      const backoffMs = Math.min(60 * 60_000, 1000 * 2 ** job.attempts);
      this.log.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, giveUp, err }, 'job failed');
      await this.db.query(
        `update job set locked_until = null, last_error = $2, run_at = $3, done_at = case when $4 then $5::timestamptz end, failed = $4 where id = $1`,
        [job.id, err instanceof Error ? err.message : String(err), new Date(this.clock.now().getTime() + backoffMs), giveUp, this.clock.now()],
      );
    }
  }
}
