import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkIdNumber } from '@linli/shared';
import { FieldCrypto } from '../common/crypto/field-crypto.js';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { StatsService } from '../modules/stats/stats.service.js';
import { seedScale } from './scale.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: false });
});
afterAll(() => t.close());

describe('the district generator (a small fraction of the district)', () => {
  it('makes the tree, people encrypted like real data, care with visits, notices, reports and tenancies; the dashboard adds up', async () => {
    const stages = new Set<string>();
    const result = await seedScale(t.db, t.app.get(FieldCrypto), { factor: 0.1, now: new Date('2026-11-30T09:00:00+08:00'), onProgress: (s) => stages.add(s) });
    expect(result.microGrids).toBeGreaterThan(1000);
    expect(result.households).toBeGreaterThan(24 * result.microGrids - 1);
    expect(result.persons).toBeGreaterThan(result.households * 2);
    expect(result.underCare).toBeGreaterThan(0);
    expect(result.visits).toBeGreaterThan(result.underCare * 10);
    expect(result.notices).toBeGreaterThan(0);
    expect(result.receipts).toBeGreaterThan(0);
    expect(result.reports).toBeGreaterThan(0);
    expect(result.tenancies).toBeGreaterThan(0);
    expect(stages.size).toBeGreaterThanOrEqual(8);

    // every derived column is right: the same paths and districts the triggers would have written
    const wrong: { n: number }[] = await t.db.query(
      `select (select count(*) from household h join grid_node n on n.id = h.node_id where h.node_path <> n.path or h.district_id <> n.district_id)
            + (select count(*) from person p join household h on h.id = p.household_id where p.node_id <> h.node_id or p.node_path <> h.node_path)
            + (select count(*) from visit v join person p on p.id = v.person_id where v.node_path <> p.node_path)
            + (select count(*) from membership m join grid_node n on n.id = m.node_id where m.node_path <> n.path) as n`,
    );
    expect(Number(wrong[0]!.n)).toBe(0);
    // reports of every state, tenancies of every state
    const states: { status: string }[] = await t.db.query(`select distinct status from report order by status`);
    expect(states.map((s) => s.status)).toEqual(['accepted', 'closed', 'in_progress', 'rejected', 'resolved', 'submitted']);

    // phone and ID numbers: ciphertext that decrypts to valid numbers, masked forms beside them
    const crypto = t.app.get(FieldCrypto);
    const sample: { phone_enc: string; phone_masked: string; id_number_enc: string; id_number_masked: string }[] = await t.db.query(
      `select phone_enc, phone_masked, id_number_enc, id_number_masked from person order by random() limit 50`,
    );
    for (const p of sample) {
      expect(p.phone_enc).not.toMatch(/^1\d{10}$/);
      expect(crypto.decrypt(p.phone_enc)).toMatch(/^1[3-9]\d{9}$/);
      expect(p.phone_masked).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(checkIdNumber(crypto.decrypt(p.id_number_enc)).ok).toBe(true);
    }

    // the rollup of the district equals straight counts
    await t.app.get(StatsService).refreshAll();
    const district: { id: string }[] = await t.db.query(`select id from grid_node where parent_id is null`);
    const totals: { households: number; under_care: number; tenancies_active: number }[] = await t.db.query(`select households, under_care, tenancies_active from node_stats where node_id = $1`, [district[0]!.id]);
    expect(totals[0]).toEqual({
      households: result.households,
      under_care: result.underCare,
      tenancies_active: Number((await t.db.query(`select count(*) as n from tenancy where status = 'active'`))[0].n),
    });
  }, 120_000);

  it('refuses a database that is not empty', async () => {
    await expect(seedScale(t.db, t.app.get(FieldCrypto), { factor: 0.01, now: new Date() })).rejects.toThrow(/not empty/);
  });
});
