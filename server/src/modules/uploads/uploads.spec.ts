import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import exifr from 'exifr';
import sharp from 'sharp';
import { ManualClock } from '../../common/clock.js';
import { JobQueue } from '../../common/queue/job-queue.js';
import { imageForm, jpegWithGps, pngImage } from '../../test-support/images.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let clock: ManualClock;
let villager: string;
let neighbour: string;

async function bytes(path: string, token?: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const res = await fetch(`${t.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-11-30T09:00:00+08:00'));
  t = await startTestApp({ clock, env: { QUEUE_POLL_MS: '0', UPLOAD_MAX_BYTES: '300000', WECHAT_PUSH_TOKEN: 'push-token-1' } });
  villager = await t.login('demo-villager');
  neighbour = await t.login('demo-villager-2');
});
afterAll(() => t.close());

describe('POST /uploads', () => {
  it('stores a phone photo without its EXIF (GPS included), scaled, with a JPEG thumbnail', async () => {
    const original = await jpegWithGps(3000, 2000);
    expect(await exifr.gps(original)).toEqual({ latitude: expect.any(Number), longitude: expect.any(Number) });

    const res = await t.request('POST', '/api/v1/uploads', { token: villager, form: imageForm(original) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ checkStatus: 'pending', width: 2048, height: 1365 });
    expect(res.body.url).toMatch(new RegExp(`^/api/v1/uploads/${res.body.id}\\?variant=full&exp=\\d+&sig=`));

    const full = await bytes(res.body.url);
    expect(full.status).toBe(200);
    expect(full.type).toBe('image/jpeg');
    expect(await exifr.gps(full.body)).toBeUndefined();
    expect(await exifr.parse(full.body)).toBeUndefined(); // no camera make, no position, nothing
    expect((await sharp(full.body).metadata()).width).toBe(2048);

    const thumb = await bytes(res.body.thumbUrl);
    expect(thumb.status).toBe(200);
    const meta = await sharp(thumb.body).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width!, meta.height!)).toBe(360);
    expect(await exifr.gps(thumb.body)).toBeUndefined();

    // what is on disk is what is served: no copy of the original anywhere
    const stored: { storage_key: string; byte_size: number }[] = await t.db.query(`select storage_key, byte_size from upload where id = $1`, [res.body.id]);
    expect(stored[0]!.byte_size).toBe(full.body.length);
  });

  it('sniffs the type from the bytes: a text file named .jpg is refused, a PNG named .jpg is a PNG', async () => {
    const fake = await t.request('POST', '/api/v1/uploads', { token: villager, form: imageForm(Buffer.from('this is not a picture at all, just words'), 'pond.jpg') });
    expect(fake.status).toBe(400);
    expect(fake.body.error.code).toBe('UPLOAD_NOT_IMAGE');

    const html = await t.request('POST', '/api/v1/uploads', { token: villager, form: imageForm(Buffer.from('<svg onload="alert(1)"></svg>'), 'x.png', 'image/png') });
    expect(html.body.error.code).toBe('UPLOAD_NOT_IMAGE');

    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    const truncated = await t.request('POST', '/api/v1/uploads', { token: villager, form: imageForm(broken, 'cut.jpg') });
    expect(truncated.status).toBe(400);
    expect(truncated.body.error.code).toBe('UPLOAD_UNREADABLE');

    const png = await t.request('POST', '/api/v1/uploads', { token: villager, form: imageForm(await pngImage(), 'really-a-png.jpg') });
    expect(png.status).toBe(201);
    expect((await bytes(png.body.url)).type).toBe('image/png');
  });

  it('refuses a file over the size limit (413) and a request that is not multipart (415)', async () => {
    const big = await sharp({ create: { width: 1500, height: 1500, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    expect(big.length).toBeGreaterThan(300_000);
    const res = await t.request('POST', '/api/v1/uploads', { token: villager, form: imageForm(big, 'big.png', 'image/png') });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const json = await t.request('POST', '/api/v1/uploads', { token: villager, body: { file: 'x' } });
    expect(json.status).toBe(415);
    const anonymous = await t.request('POST', '/api/v1/uploads', { form: imageForm(await pngImage()) });
    expect(anonymous.status).toBe(401);
  });
});

describe('GET /uploads/:id', () => {
  it('serves the owner, and others only through a signed URL that has not expired', async () => {
    const up = (await t.request('POST', '/api/v1/uploads', { token: villager, form: imageForm(await jpegWithGps()) })).body;
    const bare = `/api/v1/uploads/${up.id}`;
    expect((await bytes(bare, villager)).status).toBe(200);
    expect((await bytes(bare, neighbour)).status).toBe(404);
    expect((await bytes(bare)).status).toBe(404);

    await t.app.get(JobQueue).drain(); // the image check passes it (mock mode)
    expect((await bytes(up.url)).status).toBe(200);
    expect((await bytes(up.url.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))).status).toBe(404);
    expect((await bytes(up.url.replace('variant=full', 'variant=thumb'))).status).toBe(404); // a signature is for one variant
    const exp = Number(/exp=(\d+)/.exec(up.url)![1]);
    expect((await bytes(up.url.replace(/exp=\d+/, `exp=${exp + 600}`))).status).toBe(404);

    clock.advance(3 * 3_600_000);
    expect((await bytes(up.url)).status).toBe(404); // expired
    expect((await bytes(bare, villager)).status).toBe(200);
  });

  it('answers 400 with a code to a malformed id or signature, never 500', async () => {
    expect((await t.request('GET', '/api/v1/uploads/not-a-uuid')).status).toBe(400);
    const r = await t.request('GET', '/api/v1/uploads/00000000-0000-4000-8000-000000000000?sig=%3Cscript%3E&exp=1');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('WeChat image check results (message push)', () => {
  function signed(token: string, timestamp = '1764460800', nonce = 'n0nce') {
    const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
    return `signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
  }

  it('verifies the server URL, refuses a bad signature, and hides a photo WeChat judged risky', async () => {
    const verify = await fetch(`${t.baseUrl}/api/v1/wechat/push?${signed('push-token-1')}&echostr=hello123`);
    expect(verify.status).toBe(200);
    expect(await verify.text()).toBe('hello123');
    const forged = await t.request('GET', `/api/v1/wechat/push?${signed('wrong-token')}&echostr=x`);
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('WECHAT_SIGNATURE_INVALID');

    const up = (await t.request('POST', '/api/v1/uploads', { token: villager, form: imageForm(await jpegWithGps()) })).body;
    await t.db.query(`update upload set check_trace_id = 'trace-risky-1' where id = $1`, [up.id]); // as if WeChat had taken it
    const push = await t.request('POST', `/api/v1/wechat/push?${signed('push-token-1')}`, {
      body: { ToUserName: 'gh_x', MsgType: 'event', Event: 'wxa_media_check', trace_id: 'trace-risky-1', result: { suggest: 'risky', label: 20002 } },
    });
    expect(push.status).toBe(200);
    const rows: { check_status: string }[] = await t.db.query(`select check_status from upload where id = $1`, [up.id]);
    expect(rows[0]!.check_status).toBe('risky');
    expect((await bytes(up.url)).status).toBe(404); // nobody else sees it, even with a URL
    expect((await bytes(`/api/v1/uploads/${up.id}`, villager)).status).toBe(200); // its owner still does
  });
});
