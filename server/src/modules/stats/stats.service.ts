import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { GridStats, StatsNumbers } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Clock } from '../../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { PINO } from '../../common/logging/logger.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { ScopePolicy } from '../../common/scope/scope.policy.js';
import { StatsRepository, type StatsRow } from './stats.repository.js';

const REFRESH = 'stats.refresh';


function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;
}

export function toNumbers(r: StatsRow): StatsNumbers {
  return {
    microGrids: r.micro_grids,
    rentalGroups: r.rental_groups,
    households: r.households,
    joinedHouseholds: r.joined_households,
    coverage: rate(r.joined_households, r.households),
    members: r.members,
    underCare: r.under_care,
    overdue: r.overdue,
    visits7d: r.visits_7d,
    openCheckRequests: r.open_check_requests,
    notices30d: r.notices_30d,
    noticeReadRate: rate(r.receipts_read_30d, r.receipts_30d),
    reportsOpen: { submitted: r.reports_submitted, accepted: r.reports_accepted, inProgress: r.reports_in_progress },
    slaBreaches: r.sla_breaches,
    tenanciesActive: r.tenancies_active,
    tenanciesPending: r.tenancies_pending,
  };
}

/** Worst first: most overdue people, then the lowest read rate, then the most SLA breaches. */
export function worstFirst(a: StatsNumbers, b: StatsNumbers): number {
  if (a.overdue !== b.overdue) return b.overdue - a.overdue;
  const ra = a.noticeReadRate ?? 1;
  const rb = b.noticeReadRate ?? 1;
  if (ra !== rb) return ra - rb;
  return b.slaBreaches - a.slaBreaches;
}

/**
 * The dashboard reads rollups (node_stats), rebuilt per district by a queue job every
 * STATS_REFRESH_SECONDS; the first request of a district with none builds them at once.
 */
@Injectable()
export class StatsService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly stats: StatsRepository,
    private readonly scope: ScopePolicy,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'statsRefreshSeconds'>,
    @Inject(PINO) private readonly log: Logger,
  ) {}

  /** The last period this instance asked a rebuild for: a busy dashboard asks once per period, not per request. */
  private askedBucket = -1;

  onModuleInit(): void {
    this.queue.register(REFRESH, (payload, tx) => this.refreshJob(Number(payload.bucket), tx));
  }

  private bucket(at: Date): number {
    return Math.floor(at.getTime() / 1000 / this.config.statsRefreshSeconds);
  }

  /** Schedules the refresh of the current period (one job per period, whichever instance asks). */
  async schedule(db: DataSource | EntityManager = this.db, at: Date = this.clock.now()): Promise<void> {
    const bucket = this.bucket(at);
    await this.queue.enqueue(db, REFRESH, { bucket }, { runAt: new Date(bucket * this.config.statsRefreshSeconds * 1000), dedupeKey: `stats-refresh:${bucket}` });
  }

  /** Rebuilds every district now. */
  async refreshAll(tx?: EntityManager): Promise<number> {
    const run = async (m: EntityManager) => {
      let n = 0;
      for (const district of await this.stats.districts(m)) n += await this.stats.refresh(district, this.clock.now(), m);
      return n;
    };
    return tx ? run(tx) : this.db.transaction(run);
  }

  private async refreshJob(bucket: number, tx: EntityManager): Promise<void> {
    const started = Date.now();
    const nodes = await this.refreshAll(tx);
    this.log.info({ nodes, ms: Date.now() - started }, 'stats refreshed');
    // the next period's refresh; the dedupe key keeps it to one however many instances run
    const next = bucket + 1;
    await this.queue.enqueue(tx, REFRESH, { bucket: next }, { runAt: new Date(next * this.config.statsRefreshSeconds * 1000), dedupeKey: `stats-refresh:${next}` });
  }

  async get(auth: AuthContext, nodeId: string): Promise<GridStats> {
    const node = await this.scope.requireNode(auth, 'stats.read', nodeId);
    let own = await this.stats.ofNode(node.id);
    const now = this.clock.now();
    if (!own) {
      // a district nobody asked about yet: count it now, and keep it fresh from here on
      await this.refreshAll();
      own = (await this.stats.ofNode(node.id))!;
    }
    if (now.getTime() - own.refreshed_at.getTime() > this.config.statsRefreshSeconds * 1000 && this.bucket(now) !== this.askedBucket) {
      await this.schedule();
      this.askedBucket = this.bucket(now);
    }
    const children = (await this.stats.ofChildren(node.id)).map((r) => ({ node: { id: r.node_id, name: r.name, kind: r.kind }, numbers: toNumbers(r) }));
    children.sort((a, b) => worstFirst(a.numbers, b.numbers));
    return { node: { id: node.id, name: own.name, kind: own.kind }, asOf: own.refreshed_at.toISOString(), totals: toNumbers(own), children };
  }
}
