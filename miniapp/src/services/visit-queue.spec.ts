import { describe, expect, it } from '@jest/globals';
import { addVisit, classifyFailure, classifyPhotoFailure, parseQueue, sendable, syncVisits, visitBody, type QueuedVisit } from './visit-queue';

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

  it('uploads a photo taken without signal before the visit, and sends the visit once with its id', async () => {
    const s = store(addVisit([], { ...entry('v2'), photos: [{ key: 'k-done', uploadId: 'up-1' }, { key: 'k-later' }] }));
    const uploads: string[] = [];
    const bodies: unknown[] = [];
    // still no signal: the photo fails to upload, the visit is not sent (its body would change later)
    const offline = await syncVisits(s.read, s.save, 'u1', async (b) => void bodies.push(b), async () => Promise.reject({ status: 0 }));
    expect(offline.stopped).toBe(true);
    expect(bodies).toEqual([]);
    // signal: photo first, then the visit with both ids; a second sync sends nothing again
    await syncVisits(s.read, s.save, 'u1', async (b) => void bodies.push(b), async (key) => (uploads.push(key), 'up-2'));
    expect(uploads).toEqual(['k-later']);
    expect(bodies).toEqual([expect.objectContaining({ id: 'v2', photoIds: ['up-1', 'up-2'] })]);
    expect(s.get()).toEqual([]);
  });

  it('sends the visit without a photo the phone lost, rather than never', async () => {
    const s = store(addVisit([], { ...entry('v3'), photos: [{ key: 'gone' }] }));
    const bodies: { photoIds?: string[] }[] = [];
    await syncVisits(s.read, s.save, 'u1', async (b) => void bodies.push(b), async () => Promise.reject({ code: 'PHOTO_LOST' }));
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.photoIds).toBeUndefined();
    // a photo the server refuses (400) is lost too; a server error is retried
    expect(classifyPhotoFailure({ status: 400, code: 'UPLOAD_NOT_IMAGE' })).toEqual({ kind: 'lost' });
    expect(classifyPhotoFailure({ status: 503 })).toEqual({ kind: 'retry' });
    expect(visitBody({ ...entry('v4'), photos: [{ key: 'a', lost: true }] }).photoIds).toBeUndefined();
  });

  it('keeps visits whose stored photos are garbage, dropping only the photos', () => {
    const parsed = parseQueue([{ ...entry('v5'), photos: [{ key: 'ok' }, 42, { nokey: 1 }] }, { ...entry('v6'), photos: 'x' }]);
    expect(parsed.map((q) => q.photos)).toEqual([[{ key: 'ok' }], undefined]);
  });
});
