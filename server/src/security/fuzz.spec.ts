import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync } from 'node:fs';
import type * as FastCheck from 'fast-check';
import { endpointKey, ENDPOINTS, ERROR_CODES, type Endpoint } from '@linli/shared';
import { fc, jsonSchemaOf, mutated, nastyValue, valueOf, type SchemaContext } from '../test-support/fuzz-arbitraries.js';
import { pngImage } from '../test-support/images.js';
import { findSecrets } from '../test-support/log-secrets.js';
import { startTestApp, type TestApp } from '../test-support/test-app.js';

/**
 * Bad input, property-based: for EVERY route of the contract (ENDPOINTS), fast-check makes
 * requests from the route's shared zod schemas — valid bodies, then mutated ones (wrong types,
 * missing and extra fields, huge strings, unicode with RTL/zero-width/emoji/NUL, negative and
 * huge numbers, bad ids and dates), broken JSON, wrong content types, oversized bodies, bad
 * query strings, path params that are not uuids — with real tokens of several roles, against
 * the real app on a real PostgreSQL. No answer may be a 5xx; every 4xx carries a code of the
 * table. `LINLI_FUZZ_RUNS` (cases per route, default 170: about 10,000 in all) makes it longer;
 * `LINLI_FUZZ_SEED` replays a run.
 */

const RUNS_PER_ROUTE = Number(process.env.LINLI_FUZZ_RUNS ?? 170);
const SEED = Number(process.env.LINLI_FUZZ_SEED ?? 20261130);
const CONCURRENCY = 4;
const ROLES = ['demo-head', 'demo-admin', 'demo-street-admin', 'demo-landlord', 'demo-tenant', 'demo-family', 'demo-xi29-resident-1', 'demo-villager'];
const CODES = new Set<string>(ERROR_CODES);

interface MultipartFile {
  field: string;
  bytes: 'png' | 'empty' | 'text' | 'truncated-jpeg';
  name: string;
  type: string;
}
const MULTIPARTS: MultipartFile[] = [];
for (const field of ['file', 'photo', '']) {
  for (const bytes of ['png', 'empty', 'text', 'truncated-jpeg'] as const) {
    for (const [name, type] of [['a.png', 'image/png'], ['a.xlsx', 'application/octet-stream'], ['../../x.jpg', 'image/jpeg'], ['', ''], ['图片.jpg', 'text/plain'], ['a\u0000.png', '']]) {
      MULTIPARTS.push({ field, bytes, name: name!, type: type! });
    }
  }
}

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** A multipart file, made into a FormData when sent. */
  file?: MultipartFile;
  /** What the body was, for the failure message. */
  describe: string;
}

let t: TestApp;
let ctx: SchemaContext;
let tokens: string[];
let inviteTokens: string[];
let png: Buffer;
let cases = 0;
const statuses = new Map<number, number>();

beforeAll(async () => {
  t = await startTestApp({ env: { RATE_INVITE_PER_MINUTE: '100000', RATE_JOIN_PER_MINUTE: '100000', LOG_LEVEL: 'info' } });
  tokens = await Promise.all(ROLES.map((r) => t.login(r)));
  // real ids of every table that has them (the same ones each run: a seed replays), so requests get past "not found" into the handlers
  const tables: { table_name: string }[] = await t.db.query(
    `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'id' and data_type = 'uuid' order by table_name`,
  );
  const ids: string[] = [];
  for (const { table_name } of tables) {
    const rows: { id: string }[] = await t.db.query(`select id::text as id from "${table_name}" order by id limit 6`);
    ids.push(...rows.map((r) => r.id));
  }
  ctx = { ids };
  inviteTokens = [];
  for (const node of ['第三平安小区西29栋', '西十村第一微网格']) {
    const owner = node.startsWith('西十') ? 'demo-village-head' : 'demo-head';
    const res = await t.request('POST', `/api/v1/grids/${await t.nodeId(node)}/invites`, { token: await t.login(owner), body: { role: 'resident', expiresInHours: 24, maxUses: 1000, requireApproval: true } });
    if (res.status === 201) inviteTokens.push(res.body.token);
  }
  png = await pngImage(16, 12);
}, 60_000);
afterAll(async () => {
  // the app's own log over all those requests: no token, secret, ID or phone number in it
  const leaks = t ? findSecrets(t.logs.join(''), tokens) : [];
  console.log(`[fuzz] log: ${t?.logs.length ?? 0} lines scanned, ${leaks.length} findings`);
  if (leaks.length) throw new Error(`the fuzzed app's log holds secrets or personal data:\n${leaks.join('\n')}`);
  console.log(`[fuzz] ${cases} requests over ${ENDPOINTS.length} routes (seed ${SEED}, ${RUNS_PER_ROUTE} per route); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
  await t?.close();
});

/** Percent-encodes a generated value as a client would (lone surrogates as U+FFFD). */
function encode(v: unknown): string {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
}

function pathParam(name: string, schema: Record<string, unknown> | undefined): FastCheck.Arbitrary<string> {
  const isId = (schema as { format?: string } | undefined)?.format === 'uuid';
  const real = isId ? fc.constantFrom(...ctx.ids) : fc.constantFrom(...(inviteTokens.length ? inviteTokens : ['x'.repeat(20)]));
  const generated = schema ? valueOf(schema, ctx) : fc.string();
  return fc
    .oneof(
      { weight: 5, arbitrary: real },
      { weight: 2, arbitrary: generated.map(encode) },
      { weight: 3, arbitrary: nastyValue().map(encode) },
      // already encoded: invalid UTF-8, overlong sequences, a lone %, traversal
      { weight: 1, arbitrary: fc.constantFrom('%ED%A0%80', '%C0%AF', '%FF%FE', '%', '%2', '..%2F..%2Fetc', '%00', '.', '..', '%2e%2e') },
    )
    .map((v) => v.slice(0, 4000) || (name === 'id' ? '%20' : '-'));
}

function queryString(value: unknown, junk: string): string {
  const q = new URLSearchParams();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const text = (x: unknown) => (typeof x === 'string' ? x : (JSON.stringify(x) ?? '')).replace(/[\ud800-\udfff]/g, '\ufffd');
      if (Array.isArray(v)) v.forEach((x) => q.append(k, text(x)));
      else q.append(k, text(v));
    }
  } else if (value !== undefined && value !== null) {
    q.append(String(value).slice(0, 50), 'x');
  }
  const s = q.toString();
  return s || junk ? `?${s}${junk}` : '';
}

const QUERY_JUNK = ['', '', '', '', '&', '&&=&', '&%zz=1', '&limit=1&limit=2', '&cursor=%00', '&cursor=' + 'A'.repeat(300), '&limit=-1', '&limit=1e9', '&cursor=eyJ0IjoiMjAyNi0xMS0zMCIsImlkIjoiIn0', '&__proto__=1', '&a[b]=c'];
const BAD_TOKENS = ['Bearer ', 'Bearer x', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', 'Basic dXNlcjpwYXNz', 'Bearer ' + 'a'.repeat(5000), 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAifQ.'];

function requestsFor(e: Endpoint, runs: number, seed: number): FuzzRequest[] {
  const paramsSchema = e.params ? jsonSchemaOf(e.params) : undefined;
  const names = [...e.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  const pathArb = fc.tuple(...names.map((n) => pathParam(n, paramsSchema?.properties?.[n] as Record<string, unknown> | undefined))).map((values) => {
    let p = e.path;
    names.forEach((n, i) => (p = p.replace(`:${n}`, values[i]!)));
    return (e.root ? '' : '/api/v1') + p;
  });
  const queryArb = e.query ? fc.tuple(mutated(valueOf(jsonSchemaOf(e.query), ctx)), fc.constantFrom(...QUERY_JUNK)).map(([v, junk]) => queryString(v, junk)) : fc.constantFrom('', '', '', '?x=1', '?%zz', '?limit=abc');
  const authArb = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...tokens).map((tok) => `Bearer ${tok}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_TOKENS) },
  );
  type Body = Pick<FuzzRequest, 'body' | 'describe' | 'file'> & { contentType?: string };
  const json = (v: unknown): Body => ({ body: JSON.stringify(v) ?? 'null', contentType: 'application/json', describe: `json ${(JSON.stringify(v) ?? 'undefined').slice(0, 300)}` });
  const hostileEncodings: FastCheck.Arbitrary<Body>[] = [
    fc.constantFrom<Body>(
      { body: '{', contentType: 'application/json', describe: 'broken json' },
      { body: '{"a":', contentType: 'application/json', describe: 'truncated json' },
      { body: '\u0000\u0001\u0002', contentType: 'application/json', describe: 'NUL bytes as json' },
      { body: '', contentType: 'application/json', describe: 'empty json body' },
      { body: '{"a":1}', contentType: 'text/plain', describe: 'json as text/plain' },
      { body: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded', describe: 'form-urlencoded' },
      { body: '<xml/>', contentType: 'application/xml', describe: 'xml' },
      { body: '--x\r\n\r\n', contentType: 'multipart/form-data', describe: 'multipart without boundary' },
      { body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc\r\n--x--\r\n', contentType: 'multipart/form-data; boundary=x', describe: 'tiny multipart' },
      { body: '{"a":1}', contentType: 'application/json; charset=latin1', describe: 'json with odd charset' },
      { body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', contentType: 'application/json', describe: 'prototype pollution' },
      { body: '[' + '['.repeat(5000) + ']'.repeat(5000) + ']', contentType: 'application/json', describe: 'deeply nested json' },
    ),
    // a body over the 1 MB limit (rarely: it is big)
    fc.constant<Body>({ body: JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) }), contentType: 'application/json', describe: 'oversized json' }),
  ];
  // multipart files from a fixed list (plain values: fast-check's typed-array arbitraries hang under jest's VM modules)
  const multipart: FastCheck.Arbitrary<Body> = fc.constantFrom(...MULTIPARTS).map((file) => ({ file, describe: `multipart ${file.field}=${file.name} (${file.bytes}, ${file.type || 'no type'})` }));
  let bodyArb: FastCheck.Arbitrary<Body>;
  if (e.method === 'GET') bodyArb = fc.constant({ describe: 'no body' });
  else if (e.body) {
    bodyArb = fc.oneof(
      { weight: 40, arbitrary: mutated(valueOf(jsonSchemaOf(e.body), ctx)).map(json) },
      { weight: 6, arbitrary: hostileEncodings[0]! },
      { weight: 1, arbitrary: fc.constant<Body>({ describe: 'no body' }) },
      { weight: 1, arbitrary: fc.nat(200).filter((n) => n === 0).chain(() => hostileEncodings[1]!) },
    );
  } else {
    const nastyJson = nastyValue().map(json);
    bodyArb = fc.integer({ min: 0, max: 8 }).chain((k): FastCheck.Arbitrary<Body> => (k < 4 ? multipart : k < 6 ? nastyJson : k < 8 ? hostileEncodings[0]! : fc.constant<Body>({ describe: 'no body' })));
  }
  // each part sampled on its own and zipped (a fc.tuple of these never returns under jest's VM modules)
  const sample = <T>(arb: FastCheck.Arbitrary<T>, k: number) => fc.sample(arb, { numRuns: runs, seed: seed * 10 + k });
  const [paths, queries, auths, bodies] = [sample(pathArb, 1), sample(queryArb, 2), sample(authArb, 3), sample(bodyArb, 4)];
  return paths.map((path, i) => {
    const [query, auth, b] = [queries[i]!, auths[i], bodies[i]!];
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = auth;
    if (b.contentType) headers['content-type'] = b.contentType;
    return { method: e.method, url: path + query, headers, body: b.body, file: b.file, describe: `${auth ? auth.slice(0, 20) : 'anonymous'}; ${b.describe}` };
  });
}

function trace(line: string): void {
  if (process.env.LINLI_FUZZ_TRACE) appendFileSync(process.env.LINLI_FUZZ_TRACE, `${line}\n`);
}

async function send(r: FuzzRequest): Promise<{ status: number; text: string }> {
  cases++;
  if (process.env.LINLI_FUZZ_TRACE) appendFileSync(process.env.LINLI_FUZZ_TRACE, `${r.method} ${r.url.slice(0, 200)} [${r.describe.slice(0, 200)}]\n`);
  let res: Response;
  let text: string;
  try {
    // a request that never answers is a failure too (generous: the machine is shared)
    let body: string | FormData | undefined = r.body;
    if (r.file) {
      body = new FormData();
      const bytes = r.file.bytes === 'png' ? png : r.file.bytes === 'empty' ? Buffer.alloc(0) : r.file.bytes === 'text' ? Buffer.from('not an image at all') : Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 1, 2, 3]);
      if (r.file.field) body.append(r.file.field, new Blob([new Uint8Array(bytes)], r.file.type ? { type: r.file.type } : {}), r.file.name || 'blob');
    }
    res = await fetch(t.baseUrl + r.url, { method: r.method, headers: r.headers, body, signal: AbortSignal.timeout(20_000) });
    text = await res.text();
  } catch (err) {
    throw new Error(`no answer (${(err as Error).name}: ${(err as Error).message}) for ${r.method} ${r.url.slice(0, 300)} [${r.describe}]`);
  }
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  return { status: res.status, text };
}

/** The property: no 5xx, every 4xx names a code of the shared table. */
async function check(r: FuzzRequest): Promise<void> {
  const { status, text } = await send(r);
  const where = `${r.method} ${r.url.slice(0, 300)} [${r.describe}]`;
  if (status >= 500) throw new Error(`${status} for ${where}: ${text.slice(0, 300)}\n${t.logs.slice(-3).join('').slice(0, 2000)}`);
  if (status >= 400) {
    let code: unknown;
    try {
      code = JSON.parse(text)?.error?.code;
    } catch {
      code = undefined;
    }
    if (typeof code !== 'string' || !CODES.has(code)) throw new Error(`${status} without a known error code for ${where}: ${text.slice(0, 300)}`);
  }
}

describe('fuzzing every route from its shared schema', () => {
  it(`answers no 5xx and only known error codes over ${RUNS_PER_ROUTE} requests per route`, async () => {
    // the cases first (fast-check, deterministic per seed), then sent a few at a time
    // (fc.uint8Array is not used: under jest's VM modules it never returns inside fc.oneof)
    const requests = ENDPOINTS.flatMap((e, i) => (trace(`generating ${endpointKey(e)}`), requestsFor(e as Endpoint, RUNS_PER_ROUTE, SEED + i).map((r) => ({ e: e as Endpoint, r }))));
    const failures = new Map<string, string>();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const { e, r } = requests[next++]!;
        const key = endpointKey(e);
        try {
          await check(r);
        } catch (err) {
          // the first failure of each route (the seed replays them all)
          if (!failures.has(key)) failures.set(key, (err as Error).message.slice(0, 1500));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect([...failures].map(([k, m]) => `${k}: ${m}`)).toEqual([]);
    expect(cases).toBe(requests.length);
    if (!process.env.LINLI_FUZZ_RUNS) expect(cases).toBeGreaterThanOrEqual(10_000);
  }, 900_000);
});
