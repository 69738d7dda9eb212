import type { NodeKind, ReportAction, ReportStatus } from '@linli/shared';

/** Who may take an action: the report's handlers (staff over the handling node) or its reporter. */
export type ReportActor = 'handler' | 'reporter';

interface Transition {
  to: ReportStatus | 'same';
  by: readonly ReportActor[];
}

/**
 * The state machine, as data: for each status, the actions allowed and where they lead. An action not
 * listed for a status is illegal there (409 REPORT_TRANSITION_INVALID). Escalation hands the report to
 * the next level up, which accepts it afresh (so it is `submitted` again there).
 */
export const REPORT_TRANSITIONS: Record<ReportStatus, Partial<Record<ReportAction, Transition>>> = {
  submitted: {
    accept: { to: 'accepted', by: ['handler'] },
    reject: { to: 'rejected', by: ['handler'] },
    escalate: { to: 'submitted', by: ['handler'] },
    comment: { to: 'same', by: ['handler', 'reporter'] },
  },
  accepted: {
    start: { to: 'in_progress', by: ['handler'] },
    resolve: { to: 'resolved', by: ['handler'] },
    reject: { to: 'rejected', by: ['handler'] },
    escalate: { to: 'submitted', by: ['handler'] },
    comment: { to: 'same', by: ['handler', 'reporter'] },
  },
  in_progress: {
    resolve: { to: 'resolved', by: ['handler'] },
    escalate: { to: 'submitted', by: ['handler'] },
    comment: { to: 'same', by: ['handler', 'reporter'] },
  },
  resolved: {
    confirm: { to: 'closed', by: ['reporter'] },
    reopen: { to: 'in_progress', by: ['reporter'] },
    comment: { to: 'same', by: ['handler', 'reporter'] },
  },
  rejected: {
    comment: { to: 'same', by: ['handler', 'reporter'] },
  },
  closed: {},
};

export function transition(status: ReportStatus, action: ReportAction): Transition | undefined {
  return REPORT_TRANSITIONS[status][action];
}

/** The actions this caller may take now. */
export function allowedActions(status: ReportStatus, roles: ReadonlySet<ReportActor>, extra: { canEscalate: boolean; canReopen: boolean }): ReportAction[] {
  return (Object.entries(REPORT_TRANSITIONS[status]) as [ReportAction, Transition][])
    .filter(([action, t]) => t.by.some((r) => roles.has(r)))
    .filter(([action]) => (action === 'escalate' ? extra.canEscalate : action === 'reopen' ? extra.canReopen : true))
    .map(([action]) => action);
}

/** Where an escalation goes: the landlord and the head to the community (or village), the community to the street, the street to the district. */
const ESCALATION_KINDS: readonly NodeKind[] = ['community', 'village', 'street', 'district'];
export function escalationTarget<T extends { kind: NodeKind; depth: number }>(handler: { depth: number }, ancestors: readonly T[]): T | undefined {
  return [...ancestors].filter((a) => a.depth < handler.depth && ESCALATION_KINDS.includes(a.kind)).sort((a, b) => b.depth - a.depth)[0];
}

/** A resolved report may be reopened by its reporter, or closes by itself, this long after resolution. */
export const REOPEN_WINDOW_MS = 7 * 24 * 3_600_000;
