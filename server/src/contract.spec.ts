import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { endpointKey, ENDPOINTS } from '@linli/shared';
import { registeredRoutes } from './common/bootstrap.js';
import { startTestApp, type TestApp } from './test-support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: false });
});
afterAll(async () => {
  await t.close();
});

/** Routes the application serves as API (not docs or static files). */
function apiRoutes(): string[] {
  return registeredRoutes(t.app)
    .filter((r) => r.url.startsWith('/api/v1/') || r.url === '/health')
    .map((r) => `${r.method} ${r.url}`)
    .sort();
}

describe('the API contract', () => {
  it('registers exactly the routes of the shared endpoint list', () => {
    const contract = ENDPOINTS.map((e) => endpointKey(e)).sort();
    expect(apiRoutes()).toEqual(contract);
  });

  it('documents every endpoint in the OpenAPI document', async () => {
    const res = await t.request('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    for (const e of ENDPOINTS) {
      const p = (('root' in e && e.root) ? '' : '/api/v1') + e.path.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(paths[p]?.[e.method.toLowerCase()]).toBeDefined();
    }
    expect(JSON.stringify(res.body.paths['/api/v1/auth/login'].post.requestBody)).toContain('"code"');
  });

  it('serves the Swagger UI at /api/docs', async () => {
    const res = await t.request('GET', '/api/docs');
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain('swagger');
  });
});
