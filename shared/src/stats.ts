import { z } from 'zod';
import { Timestamp } from './common.js';
import { GridNodeRef } from './grid.js';

/** The numbers of one node's subtree. Rates are 0–1, or null when there is nothing to divide. */
export const StatsNumbers = z.object({
  microGrids: z.number().int(),
  rentalGroups: z.number().int(),
  households: z.number().int(),
  /** Households with at least one member who joined (active). */
  joinedHouseholds: z.number().int(),
  coverage: z.number().nullable(),
  members: z.number().int(),
  underCare: z.number().int(),
  overdue: z.number().int(),
  visits7d: z.number().int(),
  openCheckRequests: z.number().int(),
  /** Notices published in the subtree in the last 30 days. */
  notices30d: z.number().int(),
  /** Share of the notices that reached the subtree's members in the last 30 days that they read. */
  noticeReadRate: z.number().nullable(),
  reportsOpen: z.object({ submitted: z.number().int(), accepted: z.number().int(), inProgress: z.number().int() }),
  /** Open reports past their deadline. */
  slaBreaches: z.number().int(),
  tenanciesActive: z.number().int(),
  tenanciesPending: z.number().int(),
});
export type StatsNumbers = z.infer<typeof StatsNumbers>;

export const GridStats = z.object({
  node: GridNodeRef,
  /** When the numbers were counted (the queue rebuilds them every STATS_REFRESH_SECONDS, 5 minutes by default). */
  asOf: Timestamp,
  totals: StatsNumbers,
  /** The child nodes, worst first: most overdue, then lowest read rate, then most SLA breaches. */
  children: z.array(z.object({ node: GridNodeRef, numbers: StatsNumbers })),
});
export type GridStats = z.infer<typeof GridStats>;
