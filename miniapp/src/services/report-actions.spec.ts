import { describe, expect, it } from '@jest/globals';
import type { ReportEvent } from '@linli/shared';
import { ACTION_SPECS, isHandlerView, lastRejection, newestFirst, orderActions, reporterLabel } from './report-actions';

const event = (id: string, action: ReportEvent['action'], at: string, note: string | null = null): ReportEvent => ({
  id,
  action,
  at,
  actor: { displayName: '黄国平', role: 'handler' },
  fromStatus: null,
  toStatus: 'submitted',
  note,
  responsibleParty: null,
  photos: [],
  public: true,
  node: null,
});

describe('the action buttons of a report', () => {
  it('shows exactly what the server allows, forward steps first, one filled button', () => {
    expect(orderActions(['comment', 'reject', 'escalate', 'accept'])).toEqual([
      { action: 'accept', primary: true },
      { action: 'escalate', primary: false },
      { action: 'reject', primary: false },
      { action: 'comment', primary: false },
    ]);
    expect(orderActions(['start', 'resolve']).filter((a) => a.primary)).toEqual([{ action: 'start', primary: true }]);
    expect(orderActions([])).toEqual([]);
  });

  it('asks before every irreversible step and asks for the note the server requires', () => {
    for (const a of ['accept', 'resolve', 'reject', 'escalate', 'confirm', 'reopen'] as const) expect(ACTION_SPECS[a].confirm).toBeDefined();
    expect(ACTION_SPECS.start.confirm).toBeUndefined();
    for (const a of ['resolve', 'reject', 'reopen', 'comment'] as const) expect(ACTION_SPECS[a].form?.noteRequired).toBe(true);
    expect(ACTION_SPECS.escalate.form?.noteRequired).toBe(false);
    expect(ACTION_SPECS.reject.form?.responsibleParty).toBe(true);
  });

  it('tells a handler from the reporter, finds the latest rejection and sorts the timeline', () => {
    expect(isHandlerView(['comment', 'reopen', 'confirm'])).toBe(false);
    expect(isHandlerView(['escalate', 'comment'])).toBe(true);
    const timeline = [event('1', 'submit', '2026-11-30T01:00:00Z'), event('2', 'reject', '2026-11-30T02:00:00Z', '不归村里管')];
    expect(lastRejection({ status: 'rejected', timeline })?.note).toBe('不归村里管');
    expect(lastRejection({ status: 'submitted', timeline })).toBeNull();
    expect(newestFirst(timeline).map((e) => e.id)).toEqual(['2', '1']);
  });
});

describe('who reported it', () => {
  it('names the reporter as the viewer may know them', () => {
    expect(reporterLabel({ displayName: '徐美华', anonymous: false, isMe: true })).toBe('我');
    expect(reporterLabel({ displayName: '徐美华', anonymous: true, isMe: true })).toBe('我（对邻居匿名）');
    expect(reporterLabel({ displayName: '匿名居民', anonymous: true, isMe: false })).toBe('匿名居民');
    expect(reporterLabel({ displayName: '徐美华', anonymous: true, isMe: false })).toBe('徐美华（对邻居匿名）');
    expect(reporterLabel({ displayName: '方建民', anonymous: false, isMe: false })).toBe('方建民');
  });
});
