import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../test-support/test-app.js';

/**
 * Regressions found by the fuzzer: errors raised by Fastify's router and Node's HTTP parser
 * (before any route runs) answered in Fastify's own shape, without a code of the table.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: false });
});
afterAll(async () => {
  await t.close();
});

describe('errors outside the routes', () => {
  it('answers a path that is not valid percent-encoding with 400 VALIDATION_FAILED', async () => {
    const res = await t.request('GET', '/api/v1/grids/%E9%95%B/children');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers a path param longer than any id with 400 VALIDATION_FAILED', async () => {
    const res = await t.request('GET', `/api/v1/persons/${'a'.repeat(500)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers a request line over the header limit with 431 HEADERS_TOO_LARGE', async () => {
    const res = await t.request('GET', `/api/v1/reports?status=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.body.error.code).toBe('HEADERS_TOO_LARGE');
  });
});
