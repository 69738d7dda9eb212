import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';

export const AUDIT_ACTIONS = ['person.reveal', 'roster.export', 'visits.export', 'tenancies.export'] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditQuery = PageQuery.extend({ gridId: Id });
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  id: Id,
  action: AuditAction,
  actor: z.object({ id: Id, displayName: z.string() }),
  nodeId: Id,
  subjectType: z.string(),
  subjectId: Id.nullable(),
  /** Masked name of the person whose data was seen, when there is one. */
  subjectName: z.string().nullable(),
  field: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: Timestamp,
});
export type AuditEntry = z.infer<typeof AuditEntry>;
