import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { endpointKey, ENDPOINTS, type Endpoint } from '@linli/shared';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../test-support/test-app.js';

/**
 * Lists and objects agree, for every role: nothing a list shows is an object the object route
 * would refuse the same caller, and (for a sample) an object the object route shows appears in
 * some list the caller can reach, where such a list exists. Built from ENDPOINTS: every GET
 * route answering a page (`{items, nextCursor}`) is a list; its object route is `GET /<last
 * static segment>/:id` when the contract has one (`children` → `/grids/:id`).
 */
const ROLES = ['demo-head', 'demo-admin', 'demo-street-admin', 'demo-landlord', 'demo-tenant', 'demo-family', 'demo-xi29-resident-1', 'demo-villager'];

function isPage(e: Endpoint): boolean {
  const shape = (e.response as z.ZodObject | undefined)?.shape as Record<string, z.ZodType> | undefined;
  return e.method === 'GET' && !!shape && shape.items instanceof z.ZodArray && 'nextCursor' in shape;
}
const LISTS = (ENDPOINTS as readonly Endpoint[]).filter(isPage);
const ALIASES: Record<string, string> = { children: 'grids' };
/** The object route of a list, if the contract has one. */
function objectRoute(list: Endpoint): Endpoint | undefined {
  const segment = list.path.split('/').filter((s) => s && !s.startsWith(':')).pop()!;
  const resource = ALIASES[segment] ?? segment;
  return (ENDPOINTS as readonly Endpoint[]).find((e) => e.method === 'GET' && e.path === `/${resource}/:id`);
}

let t: TestApp;
let nodeIds: string[];
let personIds: string[];
beforeAll(async () => {
  t = await startTestApp();
  nodeIds = ((await t.db.query('select id from grid_node order by path')) as { id: string }[]).map((r) => r.id);
  personIds = ((await t.db.query(`select p.id from person p order by p.created_at limit 40`)) as { id: string }[]).map((r) => r.id);
});
afterAll(async () => {
  await t.close();
});

/** Every URL of a list route worth asking for one caller: each node / person for path ids, each view of a query. */
function urlsOf(list: Endpoint): string[] {
  const base = `/api/v1${list.path}`;
  let urls = [base];
  if (list.path.includes('/grids/:id')) urls = nodeIds.map((id) => base.replace(':id', id));
  else if (list.path.includes('/persons/:id')) urls = personIds.map((id) => base.replace(':id', id));
  const query = (list.query as z.ZodObject | undefined)?.shape as Record<string, z.ZodType> | undefined;
  const withQuery: string[] = [];
  for (const url of urls) {
    const qs: string[] = [''];
    if (query?.gridId) qs.splice(0, 1, ...nodeIds.map((id) => `gridId=${id}`));
    if (query?.view) {
      const views = (query.view as z.ZodOptional<z.ZodEnum>).unwrap().options as string[];
      const extra = views.flatMap((v) => (v === 'grid' ? nodeIds.map((id) => `view=grid&gridId=${id}`) : [`view=${v}`]));
      qs.push(...extra);
    }
    for (const q of qs) withQuery.push(`${url}?limit=100${q ? `&${q}` : ''}`);
  }
  return withQuery;
}

/** All items of a list URL (following cursors), or undefined when the caller may not read it. */
async function itemsOf(url: string, token: string): Promise<{ id?: string }[] | undefined> {
  const items: { id?: string }[] = [];
  let next: string | null = null;
  for (let page = 0; page < 20; page++) {
    const res: { status: number; body: any } = await t.request('GET', next ? `${url}&cursor=${encodeURIComponent(next)}` : url, { token });
    if (res.status !== 200) return page === 0 ? undefined : items;
    items.push(...res.body.items);
    next = res.body.nextCursor;
    if (!next) break;
  }
  return items;
}

describe('lists and objects agree for every role', () => {
  it('knows the list routes of the contract', () => {
    expect(LISTS.length).toBeGreaterThanOrEqual(8);
    console.log(`[consistency] lists: ${LISTS.map((l) => `${endpointKey(l)} → ${objectRoute(l) ? endpointKey(objectRoute(l)!) : '(no object route)'}`).join('; ')}`);
  });

  it.each(ROLES)('as %s: every listed object opens, and a sample of objects that open is listed', async (openid) => {
    const token = await t.login(openid);
    const listed = new Map<string, Set<string>>(); // object route → ids seen in lists
    let checked = 0;
    for (const list of LISTS) {
      const object = objectRoute(list);
      for (const url of urlsOf(list)) {
        const items = await itemsOf(url, token);
        if (!items) continue;
        if (!object) continue;
        const seen = listed.get(object.path) ?? new Set<string>();
        listed.set(object.path, seen);
        for (const item of items) {
          if (!item.id || seen.has(item.id)) continue;
          seen.add(item.id);
          const res = await t.request('GET', `/api/v1${object.path.replace(':id', item.id)}`, { token });
          expect({ list: url, object: item.id, status: res.status }).toEqual({ list: url, object: item.id, status: 200 });
          checked++;
        }
      }
    }
    // the reverse, for a sample of each table an object route reads
    const tables: Record<string, string> = { '/grids/:id': `grid_node where kind <> 'district'`, '/households/:id': 'household', '/check-requests/:id': 'check_request', '/notices/:id': 'notice', '/reports/:id': 'report' };
    let reversed = 0;
    for (const [path, seen] of listed) {
      const from = tables[path];
      if (!from) continue;
      const sample: { id: string }[] = await t.db.query(`select id from ${from} order by id limit 40`);
      for (const { id } of sample) {
        const res = await t.request('GET', `/api/v1${path.replace(':id', id)}`, { token });
        if (res.status !== 200) continue;
        expect({ object: `${path} ${id}`, listed: seen.has(id) }).toEqual({ object: `${path} ${id}`, listed: true });
        reversed++;
      }
    }
    console.log(`[consistency] ${openid}: ${checked} listed objects opened, ${reversed} opened objects found in a list`);
  }, 120_000);
});
