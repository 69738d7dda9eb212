import { describe, expect, it } from '@jest/globals';
import { addVisit, classifyFailure, parseQueue, sendable, syncVisits, type QueuedVisit } from './visit-queue';

const entry = (id: string, userId = 'u1', state: QueuedVisit['state'] = 'pending'): QueuedVisit => ({
  body: { id, personId: 'p1', occurredAt: '2026-11-28T01:00:00.000Z', method: 'in_person', outcome: 'well' },
  personName: '张桂英',
  userId,
  savedAt: '2026-11-28T01:00:00.000Z',
  state,
  attempts: 0,
});

function store(initial: QueuedVisit[]) {
  let queue = initial;
  return { read: () => queue, save: (q: QueuedVisit[]) => (queue = q), get: () => queue };
}

describe('the offline visit queue', () => {
  it('keeps a visit when the network is down and sends it once when it returns', async () => {
    const s = store(addVisit([], entry('v1')));
    const offline = await syncVisits(s.read, s.save, 'u1', async () => Promise.reject({ status: 0, code: 'NETWORK' }));
    expect(offline).toEqual({ sent: 0, rejected: 0, stopped: true });
    expect(s.get()).toHaveLength(1);
    const sentIds: string[] = [];
    const online = await syncVisits(s.read, s.save, 'u1', async (b) => void sentIds.push(b.id));
    expect(online.sent).toBe(1);
    expect(sentIds).toEqual(['v1']);
    expect(s.get()).toEqual([]);
    await syncVisits(s.read, s.save, 'u1', async (b) => void sentIds.push(b.id));
    expect(sentIds).toEqual(['v1']);
  });

  it('sets a conflicting visit aside with the server\'s reason, and retries server errors', () => {
    expect(classifyFailure({ status: 409, code: 'VISIT_CONFLICT', message: '已提交过' })).toEqual({ kind: 'rejected', code: 'VISIT_CONFLICT', message: '已提交过' });
    for (const status of [0, 401, 408, 429, 500, 503]) expect(classifyFailure({ status }).kind).toBe('retry');
  });

  it('sends only the logged-in carer\'s pending visits, and survives garbage in storage', () => {
    const q = [entry('a', 'u1'), entry('b', 'u2'), entry('c', 'u1', 'failed')];
    expect(sendable(q, 'u1').map((e) => e.body.id)).toEqual(['a']);
    expect(sendable(q, null)).toEqual([]);
    expect(parseQueue([{ nonsense: true }, entry('x'), 'text'])).toHaveLength(1);
    expect(parseQueue('not a list')).toEqual([]);
  });
});
