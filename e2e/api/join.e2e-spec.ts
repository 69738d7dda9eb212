import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PRIVACY_NOTICE_VERSION } from '@linli/shared';
import { decodeQrPng } from '../../server/src/test-support/qr-decode.js';
import { Api, startServer, type RunningServer } from '../support/server.js';

/** DESIGN.md scenario 1 over the API of the real server process: scan, join, approval. */
let server: RunningServer;
let api: Api;

beforeAll(async () => {
  server = await startServer();
  api = new Api(server.baseUrl);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('scenario 1: a resident of 西29栋 scans the stairwell QR code, joins, and is approved', () => {
  it('goes from the code on the wall to a member of 西29栋', async () => {
    const head = await api.as('demo-head');
    const me = await head.call('GET', '/api/v1/me');
    const xi29 = me.body.memberships[0].node.id;
    const invite = await head.call('POST', `/api/v1/grids/${xi29}/invites`, { role: 'resident', expiresInHours: 24 * 30, maxUses: 100, requireApproval: true });
    expect(invite.status).toBe(201);

    // the code on the wall decodes to the join link
    const png = Buffer.from(await (await fetch(`${server.baseUrl}/api/v1/invites/${invite.body.token}/qr.png`)).arrayBuffer());
    const scanned = decodeQrPng(png);
    expect(scanned).toBe(invite.body.joinUrl);
    const token = new URL(scanned!.replace('/#/', '/')).searchParams.get('t')!;

    const preview = await api.call('GET', `/api/v1/invites/${token}`);
    expect(preview.body.grid.name).toBe('第三平安小区西29栋');

    const resident = await api.as('e2e-new-resident');
    const joined = await resident.call('POST', `/api/v1/invites/${token}/join`, {
      consentVersion: preview.body.privacyNoticeVersion,
      household: { unit: '1单元', room: '602室' },
      person: { name: '林晓雯', phone: '13600001234' },
    });
    expect(joined.status).toBe(200);
    expect(joined.body.membership.status).toBe('pending');
    expect(preview.body.privacyNoticeVersion).toBe(PRIVACY_NOTICE_VERSION);

    const pending = await head.call('GET', `/api/v1/grids/${xi29}/members?status=pending`);
    const application = pending.body.items.find((m: { personName: string }) => m.personName === '林晓雯');
    expect(application.householdAddress).toBe('西29栋1单元602室');
    expect((await head.call('POST', `/api/v1/memberships/${application.id}/approve`)).status).toBe(200);

    const after = await resident.call('GET', '/api/v1/me');
    expect(after.body.memberships).toEqual([expect.objectContaining({ status: 'active', node: expect.objectContaining({ name: '第三平安小区西29栋' }) })]);
    const home = await resident.call('GET', `/api/v1/households/${after.body.memberships[0].householdId}`);
    expect(home.status).toBe(200);
    expect(home.body.persons.find((p: { name: string }) => p.name === '林晓雯').phone).toBe('136****1234');
  });
});
